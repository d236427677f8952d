/**
 * Renders the offline `viewer.html`: the viewer app inlined, the report's data inlined (gzip + base64),
 * and a Content-Security-Policy that lets nothing load from anywhere. Pure: runs in the extension, in
 * Node and in tests.
 */
import type { Har } from 'har-format';
import { jsonOf } from '../report/json-blob';
import type { ConsoleEntry, ReportJson } from '../report/model';

export interface StandaloneViewerInput {
  report: ReportJson;
  /** rrweb events (parsed, or as stored JSON text: `RawJson`), or null when the replay was left out. */
  events: unknown[] | null;
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

/** Events are serialized in batches so a large recording never becomes one giant string. */
const EVENTS_PER_CHUNK = 500;

/** Embeds JSON in a `<script type="application/json">` safely: no `</script>` or `<!--` can end it early. */
export function embedJson(value: unknown): string {
  return JSON.stringify(value).replace(/</g, '\\u003c').replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');
}

/**
 * Makes script text safe inside an HTML `<script>` element. `<\/` means `</` in JS strings, templates and
 * regular expressions, where minified code carries such text; the app build is checked to hold no other.
 */
export function escapeInlineScript(js: string): string {
  return js.replace(/<\/(script)/gi, '<\\/$1').replace(/<!--/g, '<\\u0021--');
}

function toBase64(bytes: Uint8Array): string {
  let out = '';
  const step = 0x8000;
  for (let i = 0; i < bytes.length; i += step) out += String.fromCharCode(...bytes.subarray(i, i + step));
  return btoa(out);
}

async function sha256Base64(text: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text));
  return toBase64(new Uint8Array(digest));
}

/** The report's data as gzip bytes, written piece by piece into the compressor. */
export async function gzipPayload(input: StandaloneViewerInput & { screenshotUrl?: string | null }): Promise<Uint8Array> {
  const stream = new CompressionStream('gzip');
  const writer = stream.writable.getWriter();
  const encoder = new TextEncoder();
  const collected = new Response(stream.readable).arrayBuffer();
  const head = {
    format: PAYLOAD_FORMAT,
    version: 1,
    report: input.report,
    console: input.console,
    har: input.har,
    screenshotUrl: input.screenshotUrl ?? null,
  };
  const headJson = JSON.stringify(head);
  await writer.write(encoder.encode(`${headJson.slice(0, -1)},"events":`));
  if (input.events === null) {
    await writer.write(encoder.encode('null}'));
  } else {
    await writer.write(encoder.encode('['));
    for (let i = 0; i < input.events.length; i += EVENTS_PER_CHUNK) {
      const chunk = input.events.slice(i, i + EVENTS_PER_CHUNK).map(jsonOf);
      await writer.write(encoder.encode((i ? ',' : '') + chunk.join(',')));
    }
    await writer.write(encoder.encode(']}'));
  }
  await writer.close();
  return new Uint8Array(await collected);
}

async function dataUrlOf(blob: Blob): Promise<string> {
  return `data:${blob.type || 'image/png'};base64,${toBase64(new Uint8Array(await blob.arrayBuffer()))}`;
}

/** The whole `viewer.html`. */
export async function renderStandaloneHtml(app: ViewerApp, input: StandaloneViewerInput): Promise<string> {
  const screenshotUrl = input.screenshot ? await dataUrlOf(input.screenshot) : null;
  const payload = toBase64(await gzipPayload({ ...input, screenshotUrl }));
  const script = escapeInlineScript(app.js);
  const hash = await sha256Base64(script);
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
  const title = `Repro report: ${input.report.title}`.replace(/[<>&"]/g, (c) => `&#${c.charCodeAt(0)};`);
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light dark">
<meta name="referrer" content="no-referrer">
<title>${title}</title>
<style>${app.css.replace(/<\/style/gi, '<\\/style')}</style>
</head>
<body><div id="app"><noscript>This report needs JavaScript to show its replay; the raw data is in the files next to this one.</noscript></div>
<script type="application/json" id="repro-data">${embedJson({ format: PAYLOAD_FORMAT, encoding: 'gzip-base64', data: payload })}</script>
<script>${script}</script>
</body></html>
`;
}
