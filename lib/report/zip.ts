/**
 * The report zip, format v1: every file at the root, JSON and HTML deflated, PNG stored. Runs in a
 * dedicated worker (see `zip-worker.ts`) so neither the popup nor the page stalls while a large recording
 * packs. The recording is deflated once: the same bytes are `recording.json` in the zip and the replay
 * inside `viewer.html`.
 */
import type { Har } from 'har-format';
import { buildStandaloneViewer } from '../viewer/standalone';
import { jsonArrayBlob, jsonWithBigArrayBlob } from './json-blob';
import { renderMarkdown } from './markdown';
import type { ConsoleEntry, ReportJson } from './model';
import { writeZip, zipEntry, type ZipEntry } from './zip-writer';

export interface ZipInput {
  report: ReportJson;
  /** Each captured part, or null when left out (must agree with `report.files`). */
  events: unknown[] | null;
  console: ConsoleEntry[] | null;
  har: Har | null;
  screenshot: Blob | null;
  screenshotOriginal: Blob | null;
}

export interface ZipOutput {
  zip: Blob;
  markdown: string;
}

const bytes = async (blob: Blob) => new Uint8Array(await blob.arrayBuffer());
const utf8 = new TextEncoder();

/** Builds the report zip and its `README.md`. */
export async function buildReportZip(input: ZipInput): Promise<ZipOutput> {
  const { report } = input;
  const events = report.files.recording ? input.events ?? [] : null;
  const console = report.files.console ? input.console ?? [] : null;
  const har = report.files.network ? input.har : null;
  const markdown = renderMarkdown(report, { console, har });
  const entries: ZipEntry[] = [
    await zipEntry('report.json', utf8.encode(`${JSON.stringify(report, null, 2)}\n`)),
    await zipEntry('README.md', utf8.encode(markdown)),
  ];
  const recording = events ? await zipEntry('recording.json', await bytes(jsonArrayBlob(events))) : null;
  if (recording) entries.push(recording);
  if (console) entries.push(await zipEntry('console.json', await bytes(jsonArrayBlob(console))));
  if (report.files.network && har) entries.push(await zipEntry('network.har', await bytes(jsonWithBigArrayBlob(har, ['log', 'entries']))));
  // PNG is already deflated: storing it costs nothing and saves the time.
  if (report.files.screenshot && input.screenshot) entries.push(await zipEntry('screenshot.png', await bytes(input.screenshot), false));
  if (report.files.screenshotOriginal && input.screenshotOriginal) {
    entries.push(await zipEntry('screenshot-original.png', await bytes(input.screenshotOriginal), false));
  }
  if (report.files.viewer) {
    // The viewer carries the (annotated) screenshot itself: a `file://` page cannot read screenshot.png beside it.
    const screenshot = report.files.screenshot ? input.screenshot : null;
    const html = await buildStandaloneViewer({ report, events, eventsDeflated: recording?.body ?? null, console, har, screenshot });
    entries.push(await zipEntry('viewer.html', utf8.encode(html)));
  }
  const created = new Date(report.createdAt);
  return { zip: writeZip(entries, Number.isNaN(created.getTime()) ? new Date() : created), markdown };
}
