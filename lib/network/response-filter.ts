/**
 * Copies a response body out of a Firefox `StreamFilter` while passing every byte on to the page as it
 * comes, unchanged: each chunk is written through before anything else is done with it, and a failure of
 * ours never stops the stream. Once the copy reaches the cap it stops, but the filter stays on the
 * stream to its end, writing each chunk through: `disconnect()` would let the rest flow straight to the
 * page, yet in Firefox 140 a disconnect right after a write corrupted the body the page received (a
 * 24 MiB fetch came out with the wrong SHA-256 in about one of three tries, never with the filter kept).
 * A large body costs the extension one copy per chunk; it is never kept.
 * https://developer.mozilla.org/docs/Mozilla/Add-ons/WebExtensions/API/webRequest/StreamFilter
 */

/** The part of Firefox's `StreamFilter` this uses. */
export interface StreamFilterLike {
  ondata: ((event: { data: ArrayBuffer }) => void) | null;
  onstop: ((event: unknown) => void) | null;
  onerror: ((event: unknown) => void) | null;
  readonly error: string;
  write(data: ArrayBuffer | Uint8Array): void;
  disconnect(): void;
  close(): void;
}

/** What the filter saw of a body. */
export type FilteredBody =
  | { state: 'complete'; bytes: Uint8Array }
  /** Over the cap: the copy stopped (the bytes go on to the page); `size` is what had passed by then. */
  | { state: 'truncated'; size: number }
  | { state: 'error'; error: string };

/**
 * Tees the response under `filter`: the page gets every byte, `onDone` gets the first `cap` bytes once
 * the body ends (or the size seen when it was over the cap, or the filter's error). Called once.
 */
export function teeResponse(filter: StreamFilterLike, cap: number, onDone: (body: FilteredBody) => void): void {
  const chunks: Uint8Array[] = [];
  let size = 0;
  let settled = false;
  const settle = (body: FilteredBody) => {
    if (settled) return;
    settled = true;
    chunks.length = 0;
    try {
      onDone(body);
    } catch (error) {
      console.warn('Repro: could not keep a response body', error);
    }
  };

  filter.ondata = ({ data }) => {
    let copy: Uint8Array | null = null;
    if (!settled) {
      try {
        // Copied before the write, which may hand the buffer on.
        copy = new Uint8Array(data.slice(0));
      } catch {
        copy = null;
      }
    }
    try {
      filter.write(data);
    } catch (error) {
      // The filter is gone (its onerror follows); the page gets what the browser does without it.
      console.warn('Repro: a response filter refused a write', error);
    }
    if (settled || !copy) return;
    size += copy.byteLength;
    if (size > cap) {
      settle({ state: 'truncated', size });
      return;
    }
    chunks.push(copy);
  };
  filter.onstop = () => {
    const bytes = settled ? null : join(chunks, size);
    try {
      filter.close();
    } catch {
      // Closing after the last byte only releases the filter.
    }
    if (bytes) settle({ state: 'complete', bytes });
  };
  filter.onerror = () => settle({ state: 'error', error: filter.error || 'the response filter failed' });
}

function join(chunks: Uint8Array[], size: number): Uint8Array {
  const out = new Uint8Array(size);
  let at = 0;
  for (const chunk of chunks) {
    out.set(chunk, at);
    at += chunk.byteLength;
  }
  return out;
}
