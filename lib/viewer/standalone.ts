/**
 * `viewer.html` of a report zip: a page that opens from disk with no extension and no network.
 * This first version lists the report, console and network from data embedded in the page; the
 * viewer issue replaces it with the full replay viewer (same function, same contract).
 */
import type { Har } from 'har-format';
import type { ConsoleEntry, ReportJson } from '../report/model';

export interface StandaloneViewerInput {
  report: ReportJson;
  /** rrweb events, or null when the replay was left out. */
  events: unknown[] | null;
  console: ConsoleEntry[] | null;
  har: Har | null;
}

/** Embeds JSON in a `<script type="application/json">` safely: no `</script>` or `<!--` can end it early. */
export function embedJson(value: unknown): string {
  return JSON.stringify(value).replace(/</g, '\\u003c').replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');
}

/** Returns the HTML of the offline viewer for one report. */
export async function buildStandaloneViewer(input: StandaloneViewerInput): Promise<string> {
  const data = embedJson({ report: input.report, console: input.console, har: input.har });
  const script = `
const data = JSON.parse(document.getElementById('repro-data').textContent);
const el = (tag, text) => { const e = document.createElement(tag); if (text !== undefined) e.textContent = text; return e; };
document.title = 'Repro report: ' + data.report.title;
const root = document.getElementById('root');
root.append(el('h1', data.report.title), el('p', data.report.page.url));
if (data.console) { root.append(el('h2', 'Console')); const ul = el('ul'); for (const c of data.console) ul.append(el('li', c.level + ': ' + c.message)); root.append(ul); }
if (data.har) { root.append(el('h2', 'Network')); const ul = el('ul'); for (const e of data.har.log.entries) ul.append(el('li', e.request.method + ' ' + e.request.url + ' ' + e.response.status)); root.append(ul); }`;
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src data: blob:">
<title>Repro report</title></head>
<body><div id="root"></div>
<script type="application/json" id="repro-data">${data}</script>
<script>${script}</script>
</body></html>`;
}
