/**
 * `recording.json` as a zip entry, joined from pieces: events the capture store packed (deflated, with
 * their CRC) when it stored them, used as they are, and events held as text, packed now. A two-minute
 * recording of a busy page is tens of megabytes of JSON; packed as it was stored, a report only joins it.
 */
import { storedBlocks } from './deflate-join';
import { openPart, partsChecksum, storedPart, type OpenPart, type ZipEntry } from './zip-writer';
import { utf8Bytes } from './utf8';

/**
 * A pack as the capture store keeps it: its body may be a Blob, which the store reads back as a handle
 * (the bytes stay on disk until a report joins them).
 */
export type StoredPart = Omit<OpenPart, 'body'> & { body: Uint8Array | Blob };

/** Events, in order: packed when stored (their JSON texts joined by commas), or their JSON texts. */
export type RecordingPiece = { packed: StoredPart } | { events: string[] };

/** Packs events' JSON texts, joined by commas, to be joined later (`recordingEntry`). */
export function packEvents(texts: readonly string[]): Promise<OpenPart> {
  return openPart(utf8Bytes(texts.join(',')));
}

/** The JSON texts of events packed by `packEvents`, joined by commas, as they went in. */
export function unpackEvents(part: StoredPart): Promise<string> {
  // The pack is left open for joining: an empty final block closes it.
  const closed = new Blob([part.body as BlobPart, storedBlocks(new Uint8Array(0), true) as BlobPart]);
  return new Response(closed.stream().pipeThrough(new DecompressionStream('deflate-raw'))).text();
}

/** The entry whose text is the JSON array of every piece's events, in order. */
export async function recordingEntry(name: string, pieces: readonly RecordingPiece[]): Promise<ZipEntry> {
  const parts: StoredPart[] = [storedPart(utf8Bytes('['))];
  let first = true;
  for (const piece of pieces) {
    const part = 'packed' in piece ? piece.packed : piece.events.length ? await packEvents(piece.events) : null;
    if (!part?.size) continue;
    if (!first) parts.push(storedPart(utf8Bytes(',')));
    first = false;
    parts.push(part);
  }
  parts.push(storedPart(utf8Bytes(']'), true));
  return { name, method: 8, ...partsChecksum(parts), body: new Blob(parts.map((part) => part.body as BlobPart)) };
}
