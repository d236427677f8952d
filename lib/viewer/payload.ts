/** Reads the data `viewer.html` carries (see `standalone-html.ts`), validating it like a zip's files. */
import { checkReportV1 } from '../model/report-v1';
import { normalizeConsole, normalizeEvents, normalizeHar, type ViewerData } from './data';
import { PAYLOAD_FORMAT } from './standalone-html';
import { base64ToBytes } from '../redact/base64';

async function inflated(base64: string, format: 'gzip' | 'deflate-raw'): Promise<unknown> {
  const stream = new Blob([base64ToBytes(base64)]).stream().pipeThrough(new DecompressionStream(format));
  return JSON.parse(await new Response(stream).text()) as unknown;
}

interface Embedded {
  format?: unknown;
  encoding?: unknown;
  data?: unknown;
  /**
   * The recording, apart from the rest: `recording.json` raw-deflated, in base64 (null: left out), in
   * `data` or in the text of the page's element `element`.
   */
  events?: { encoding?: unknown; data?: unknown; element?: unknown } | null;
}

/** Text of the page's element with this id (the viewer passes `document`'s; null when there is none). */
export type ElementText = (id: string) => string | null | undefined;

/** Decodes the embedded payload; throws an Error with a readable message when it is not usable. */
export async function decodePayload(embedded: string, elementText: ElementText = () => null): Promise<ViewerData> {
  const outer = JSON.parse(embedded) as Embedded;
  if (outer.format !== PAYLOAD_FORMAT || outer.encoding !== 'gzip-base64' || typeof outer.data !== 'string') {
    throw new Error('This viewer holds no report data it can read.');
  }
  const inner = (await inflated(outer.data, 'gzip')) as Record<string, unknown>;
  let events: unknown = null;
  if (outer.events) {
    const { encoding, data, element } = outer.events;
    const text = typeof data === 'string' ? data : typeof element === 'string' ? elementText(element) : null;
    if (encoding !== 'deflate-raw-base64') throw new Error('The recording in this viewer is in a form it cannot read.');
    if (typeof text !== 'string') throw new Error('The recording in this viewer is missing.');
    try {
      events = await inflated(text.trim(), 'deflate-raw');
    } catch {
      throw new Error('The recording in this viewer is damaged.');
    }
  }
  const checked = checkReportV1(inner.report);
  if (!checked.ok) throw new Error(`The report data is damaged (${checked.problem}).`);
  const screenshotUrl =
    typeof inner.screenshotUrl === 'string' && inner.screenshotUrl.startsWith('data:image/') ? inner.screenshotUrl : null;
  const har = normalizeHar(inner.har);
  return {
    report: checked.report,
    events: normalizeEvents(events),
    console: normalizeConsole(inner.console),
    har,
    ...(har ? { harOriginal: inner.har } : {}),
    screenshotUrl,
  };
}
