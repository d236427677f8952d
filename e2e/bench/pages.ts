/**
 * The benchmark's fixture pages, generated per request so one route serves every size and variant:
 * `/page?workload=busy|large|idle&rows=N&static=M&rrweb=1`. Each row is `<li><span>text</span></li>` (two
 * elements, three nodes). With `rrweb=1` the page loads rrweb's own bundle and starts `record()` at its
 * defaults, keeping events in an array, as a site using rrweb alone would.
 */

export type Workload = 'busy' | 'large' | 'idle';

export interface PageOptions {
  workload: Workload;
  rows: number;
  /** Rows of a second list the workload never touches (page size without more work per frame). */
  staticRows?: number;
  rrweb: boolean;
}

const WORKLOADS: readonly Workload[] = ['busy', 'large', 'idle'];
const MAX_ROWS = 200_000;

/** Reads page options from a query string, falling back to a small idle page. */
export function parsePageOptions(search: string): PageOptions {
  const q = new URLSearchParams(search);
  const workload = WORKLOADS.find((w) => w === q.get('workload')) ?? 'idle';
  const count = (name: string) => Math.min(MAX_ROWS, Math.max(0, Math.floor(Number(q.get(name) ?? '0')) || 0));
  const staticRows = count('static');
  return { workload, rows: count('rows'), ...(staticRows > 0 ? { staticRows } : {}), rrweb: q.get('rrweb') === '1' };
}

/** The path of a page with these options. */
export function pagePath(options: PageOptions): string {
  const q = new URLSearchParams({ workload: options.workload, rows: String(options.rows) });
  if (options.staticRows) q.set('static', String(options.staticRows));
  if (options.rrweb) q.set('rrweb', '1');
  return `/page?${q}`;
}

/** The HTML of a page: instrumentation first, then rrweb if asked, then the rows, then the workload. */
export function pageHtml(options: PageOptions): string {
  const list = (n: number) => {
    const rows: string[] = [];
    for (let i = 0; i < n; i++) rows.push(`<li data-i="${i}"><span>row ${i}</span></li>`);
    return rows.join('');
  };
  const rrweb = options.rrweb
    ? '<script src="/rrweb.js"></script>\n<script>window.__rrwebEvents = []; window.__rrwebStop = rrweb.record({ emit(e) { window.__rrwebEvents.push(e); } });</script>\n'
    : '';
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Benchmark ${options.workload} page</title>
<script src="/bench-page.js"></script>
${rrweb}<style>li { font: 12px sans-serif; contain: content; } .c1 { color: #333; } .c2 { color: #555; } .c3 { font-weight: bold; } .c4 { text-decoration: underline; }</style>
</head>
<body>
<h1>${options.workload} page, ${options.rows} rows</h1>
<ul id="rows">${list(options.rows)}</ul>
${options.staticRows ? `<ul id="static">${list(options.staticRows)}</ul>` : ''}
<div id="scratch"></div>
<script>__bench.start(${JSON.stringify(options.workload)});</script>
</body>
</html>
`;
}
