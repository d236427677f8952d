/**
 * Reads a `viewer.html` as text, outside a browser (tests, scans): the text of its data elements, and
 * its payload decoded as the viewer decodes it.
 */
import type { ViewerData } from './data';
import { decodePayload } from './payload';

/** The text of `<script type="application/json" id="ID">…</script>` in `html`, or null. */
export function dataElementText(html: string, id: string): string | null {
  const start = `<script type="application/json" id="${id}">`;
  const from = html.indexOf(start);
  if (from < 0) return null;
  const end = html.indexOf('</script>', from + start.length);
  return end < 0 ? null : html.slice(from + start.length, end);
}

/** The report data `html` carries, as its own app reads it. */
export function decodeViewerHtml(html: string): Promise<ViewerData> {
  const embedded = dataElementText(html, 'repro-data');
  if (embedded === null) throw new Error('viewer.html holds no report data');
  return decodePayload(embedded, (id) => dataElementText(html, id));
}
