/**
 * Renders the offline `viewer.html`: the viewer app inlined, the report's data inlined (compressed, then
 * base64), and a Content-Security-Policy that lets nothing load from anywhere. The recording travels
 * apart from the rest, as the deflated bytes of `recording.json` (the zip's own, when it has them), so
 * a report compresses its biggest part once. It comes first in the file, in an element of its own
 * (`viewerOpening`), before anything the form decides (`viewerRest`): the zip deflates that opening
 * while the tester is still writing. Pure: runs in the extension, in Node and in tests.
 */
import type { Har } from 'har-format';
import { jsonArrayBlob } from '../zip/json-blob';
import type { ConsoleEntry, ReportJson } from '../model/report';
import { concatBytes, deflateRaw } from '../zip/zip-writer';
import { base64Bytes, bytesToBase64 } from '../redact/base64';

export interface StandaloneViewerInput {
  report: ReportJson;
  /** rrweb events (parsed, or as stored JSON text: `RawJson`), or null when the replay was left out. */
  events: unknown[] | null;
  /** `events` as `recording.json` text, raw-deflated (the zip entry's bytes): used instead of deflating again. */
  eventsDeflated?: Blob | null;
  console: ConsoleEntry[] | null;
  har: Har | null;
  /** Optional: the screenshot, embedded so the Screenshot tab works offline too. */
  screenshot?: Blob | null;
}

/** The compiled offline viewer: one script and its styles. */
export interface ViewerApp {
  js: string;
  css: string;
}

/** The payload format inside `viewer.html`; the app refuses anything else. */
export const PAYLOAD_FORMAT = 'repro-viewer-payload';

/** Embeds JSON in a `<script type="application/json">` safely: no `</script>` or `<!--` can end it early. */
export function embedJson(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}

/**
 * Makes script text safe inside an HTML `<script>` element. `<\/` means `</` in JS strings, templates and
 * regular expressions, where minified code carries such text; the app build is checked to hold no other.
 */
export function escapeInlineScript(js: string): string {
  return js.replace(/<\/(script)/gi, '<\\/$1').replace(/<!--/g, '<\\u0021--');
}

async function sha256Base64(text: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text));
  return bytesToBase64(new Uint8Array(digest));
}

/** Everything but the recording, as gzip bytes. */
export async function gzipPayload(head: {
  report: ReportJson;
  console: ConsoleEntry[] | null;
  har: Har | null;
  screenshotUrl?: string | null;
}): Promise<Uint8Array> {
  const json = JSON.stringify({
    format: PAYLOAD_FORMAT,
    version: 2,
    report: head.report,
    console: head.console,
    har: head.har,
    screenshotUrl: head.screenshotUrl ?? null,
  });
  const stream = new Blob([json]).stream().pipeThrough(new CompressionStream('gzip'));
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

/** The recording as the raw-deflated text of its JSON array (null when it was left out). */
async function deflatedEvents(input: StandaloneViewerInput): Promise<Uint8Array | null> {
  if (input.events === null) return null;
  const blob = input.eventsDeflated ?? (await deflateRaw(new Uint8Array(await jsonArrayBlob(input.events).arrayBuffer())));
  return new Uint8Array(await blob.arrayBuffer());
}

async function dataUrlOf(blob: Blob): Promise<string> {
  return `data:${blob.type || 'image/png'};base64,${bytesToBase64(new Uint8Array(await blob.arrayBuffer()))}`;
}

/** The app's script as inlined, and its hash for the page's Content-Security-Policy (made once per app). */
const inlined = new WeakMap<ViewerApp, Promise<{ script: string; hash: string }>>();

function inlineScript(app: ViewerApp): Promise<{ script: string; hash: string }> {
  let found = inlined.get(app);
  if (!found) {
    const script = escapeInlineScript(app.js);
    found = sha256Base64(script).then((hash) => ({ script, hash }));
    inlined.set(app, found);
  }
  return found;
}

/** The id of the element that holds the recording (`recording.json`, raw-deflated, base64). */
export const EVENTS_ELEMENT_ID = 'repro-events';

const utf8 = new TextEncoder();

/**
 * The start of `viewer.html` as UTF-8, up to and including the recording: it depends on nothing but the
 * recording, so the zip can pack it before the tester has finished the form. `events`: the
 * raw-deflated `recording.json`, or null when the replay is left out.
 */
export async function viewerOpening(app: ViewerApp, events: Uint8Array | null): Promise<Uint8Array> {
  return concatBytes(await viewerOpeningPieces(app, events));
}

/** `viewerOpening` in three pieces: the markup before the recording's base64, that base64 (empty without a recording), and after. */
export async function viewerOpeningPieces(app: ViewerApp, events: Uint8Array | null): Promise<[Uint8Array, Uint8Array, Uint8Array]> {
  const { hash } = await inlineScript(app);
  // No network at all: scripts only by hash, styles inline, images and fonts only from data:/blob:.
  const csp = [
    "default-src 'none'",
    `script-src 'sha256-${hash}'`,
    "style-src 'unsafe-inline'",
    'img-src data: blob:',
    'font-src data: blob:',
    'media-src data: blob:',
    "form-action 'none'",
    "base-uri 'none'",
  ].join('; ');
  const head = utf8.encode(`<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
`);
  const none = new Uint8Array(0);
  if (events === null) return [head, none, none];
  // Base64 holds no character that could end the element early.
  return [
    concatBytes([head, utf8.encode(`<script type="application/json" id="${EVENTS_ELEMENT_ID}">`)]),
    base64Bytes(events),
    utf8.encode('</script>\n'),
  ];
}

/** The rest of `viewer.html`, after `viewerOpening`: the title, the app and everything but the recording. */
export async function viewerRest(
  app: ViewerApp,
  input: Omit<StandaloneViewerInput, 'events' | 'eventsDeflated'>,
  withEvents: boolean,
): Promise<string> {
  const screenshotUrl = input.screenshot ? await dataUrlOf(input.screenshot) : null;
  const payload = bytesToBase64(await gzipPayload({ report: input.report, console: input.console, har: input.har, screenshotUrl }));
  const { script } = await inlineScript(app);
  const title = `Repro report: ${input.report.title}`.replace(/[<>&"]/g, (c) => `&#${c.charCodeAt(0)};`);
  const events = withEvents ? { encoding: 'deflate-raw-base64', element: EVENTS_ELEMENT_ID } : null;
  return `<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light dark">
<meta name="referrer" content="no-referrer">
<title>${title}</title>
<style>${app.css.replace(/<\/style/gi, '<\\/style')}</style>
</head>
<body><div id="app"><noscript>This report needs JavaScript to show its replay; the raw data is in the files next to this one.</noscript></div>
<script type="application/json" id="repro-data">${embedJson({ format: PAYLOAD_FORMAT, encoding: 'gzip-base64', data: payload, events })}</script>
<script>${script}</script>
</body></html>
`;
}

/** The whole `viewer.html`. */
export async function renderStandaloneHtml(app: ViewerApp, input: StandaloneViewerInput): Promise<string> {
  const events = await deflatedEvents(input);
  return new TextDecoder().decode(await viewerOpening(app, events)) + (await viewerRest(app, input, events !== null));
}
