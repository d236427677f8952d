/** Reads the data `viewer.html` carries (see `standalone-html.ts`), validating it like a zip's files. */
import { checkReportV1 } from '../../report/report-v1';
import { normalizeConsole, normalizeEvents, normalizeHar, type ViewerData } from '../data';
import { PAYLOAD_FORMAT } from '../standalone-html';

function fromBase64(text: string): Uint8Array {
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

/** Decodes the embedded payload; throws an Error with a readable message when it is not usable. */
export async function decodePayload(embedded: string): Promise<ViewerData> {
  const outer = JSON.parse(embedded) as { format?: unknown; encoding?: unknown; data?: unknown };
  if (outer.format !== PAYLOAD_FORMAT || outer.encoding !== 'gzip-base64' || typeof outer.data !== 'string') {
    throw new Error('This viewer holds no report data it can read.');
  }
  const stream = new Blob([fromBase64(outer.data) as BlobPart]).stream().pipeThrough(new DecompressionStream('gzip'));
  const inner = JSON.parse(await new Response(stream).text()) as Record<string, unknown>;
  const checked = checkReportV1(inner.report);
  if (!checked.ok) throw new Error(`The report data is damaged (${checked.problem}).`);
  const screenshotUrl = typeof inner.screenshotUrl === 'string' && inner.screenshotUrl.startsWith('data:image/') ? inner.screenshotUrl : null;
  const har = normalizeHar(inner.har);
  return {
    report: checked.report,
    events: normalizeEvents(inner.events),
    console: normalizeConsole(inner.console),
    har,
    ...(har ? { harOriginal: inner.har } : {}),
    screenshotUrl,
  };
}
