/**
 * The extension's viewer page and the frame that renders a report talk over `postMessage`.
 *
 * The frame is the built `viewer-frame.html` loaded as a `data:` document: an opaque origin, so it has no
 * extension API and cannot open the extension's storage (the trackers' tokens) or script the viewer page.
 * Not the manifest sandbox page itself: a sandboxed document's frames get a fresh opaque origin each,
 * and rrweb's player must reach into the frame it replays into. A `data:` document is opaque without
 * being sandboxed, so its own replay frame stays reachable to it. The page reads and checks the zip;
 * the frame only renders the plain data it is given.
 */
import type { ViewerData } from './data';

/** Marks our messages apart from anything else posted to these windows. */
export const FRAME_NS = 'repro:viewer-frame';

/** The frame is listening and may be sent a report. */
export interface FrameReady {
  ns: typeof FRAME_NS;
  type: 'ready';
}

/** A report to show, replacing any shown before. */
export interface FrameShow {
  ns: typeof FRAME_NS;
  type: 'show';
  /** Its `screenshotUrl` is not used: the frame makes its own from `screenshot`. */
  data: ViewerData;
  /** The screenshot's bytes: a blob URL of the page's origin would not load in the frame's. */
  screenshot: Blob | null;
  warnings: string[];
}

/** True for a message of this protocol with the given type (the shape of its data is checked by the reader). */
export function isFrameMessage<T extends FrameReady | FrameShow>(value: unknown, type: T['type']): value is T {
  return (
    typeof value === 'object' &&
    value !== null &&
    (value as { ns?: unknown }).ns === FRAME_NS &&
    (value as { type?: unknown }).type === type
  );
}

/**
 * The `data:` URL of the frame, from the built frame page's HTML and the extension's root URL: its files resolve against the
 * extension (a `<base>`), and its policy's `'self'`, which would mean the opaque origin there, names the
 * extension instead.
 */
export function frameDocumentUrl(html: string, extensionRoot: string): string {
  // `URL.origin` is "null" for extension schemes outside the browser: take scheme and host as written.
  const origin = /^[a-z][a-z0-9+.-]*:\/\/[^/]+/i.exec(extensionRoot)?.[0];
  if (!origin) throw new Error(`Not an extension root URL: ${extensionRoot}`);
  const head = /<head[^>]*>/i.exec(html);
  if (!head) throw new Error('The viewer frame page has no <head>.');
  const withPolicy = html.replace(
    /(<meta\s+http-equiv="Content-Security-Policy"\s+content=")([^"]*)"/i,
    (_, start: string, policy: string) => `${start}${policy.replaceAll("'self'", origin)}"`,
  );
  if (withPolicy === html) throw new Error('The viewer frame page has no Content-Security-Policy.');
  const at = withPolicy.indexOf(head[0]) + head[0].length;
  const document = `${withPolicy.slice(0, at)}<base href="${origin}/">${withPolicy.slice(at)}`;
  return `data:text/html;charset=utf-8,${encodeURIComponent(document)}`;
}
