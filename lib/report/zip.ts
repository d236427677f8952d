/**
 * The report zip, format v1: every file at the root, each compressed as suits it. Runs in a dedicated
 * worker (see `zip-worker.ts`) so neither the popup nor the page stalls while a large recording packs.
 */
import JSZip from 'jszip';
import type { Har } from 'har-format';
import { buildStandaloneViewer } from '../viewer/standalone';
import { jsonArrayBlob, jsonWithBigArrayBlob } from './json-blob';
import { renderMarkdown } from './markdown';
import type { ConsoleEntry, ReportJson } from './model';

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

/**
 * DEFLATE level per size. JSZip deflates at ~13 MB/s on two cores; level 1 keeps most of the ~7× gain on
 * rrweb JSON at a fraction of level 6's time, which matters only for big files.
 */
export function deflateLevel(bytes: number): number {
  return bytes > 1_000_000 ? 1 : 6;
}

const bytes = async (blob: Blob) => new Uint8Array(await blob.arrayBuffer());

async function addJson(zip: JSZip, name: string, blob: Blob): Promise<void> {
  // JSZip reads a Blob through FileReader; an ArrayBuffer is read in place and never becomes a string.
  const data = await bytes(blob);
  zip.file(name, data, { binary: true, compression: 'DEFLATE', compressionOptions: { level: deflateLevel(data.byteLength) } });
}

/** Builds the report zip and its `README.md`. */
export async function buildReportZip(input: ZipInput): Promise<ZipOutput> {
  const { report } = input;
  const events = report.files.recording ? input.events ?? [] : null;
  const console = report.files.console ? input.console ?? [] : null;
  const har = report.files.network ? input.har : null;
  const markdown = renderMarkdown(report, { console, har });
  const zip = new JSZip();
  const text = { compression: 'DEFLATE' as const, compressionOptions: { level: 6 } };
  zip.file('report.json', `${JSON.stringify(report, null, 2)}\n`, text);
  zip.file('README.md', markdown, text);
  if (events) await addJson(zip, 'recording.json', jsonArrayBlob(events));
  if (console) await addJson(zip, 'console.json', jsonArrayBlob(console));
  if (report.files.network && har) await addJson(zip, 'network.har', jsonWithBigArrayBlob(har, ['log', 'entries']));
  // PNG is already deflated: storing it costs nothing and saves the time.
  if (report.files.screenshot && input.screenshot) zip.file('screenshot.png', await bytes(input.screenshot), { binary: true, compression: 'STORE' });
  if (report.files.screenshotOriginal && input.screenshotOriginal) {
    zip.file('screenshot-original.png', await bytes(input.screenshotOriginal), { binary: true, compression: 'STORE' });
  }
  if (report.files.viewer) {
    // The viewer carries the (annotated) screenshot itself: a `file://` page cannot read screenshot.png beside it.
    const screenshot = report.files.screenshot ? input.screenshot : null;
    const html = await buildStandaloneViewer({ report, events, console, har, screenshot });
    zip.file('viewer.html', html, { compression: 'DEFLATE', compressionOptions: { level: deflateLevel(html.length) } });
  }
  return { zip: await zipToBlob(zip), markdown };
}

const BLOB_PART_BYTES = 16 << 20;

/**
 * Streams the zip out into a Blob. `generateAsync` would join every chunk into one array first (a second
 * full copy of a 100 MB zip); here chunks fold into Blob parts as they come, and `streamFiles` lets each
 * file flow through without being held whole until its header can be written.
 */
function zipToBlob(zip: JSZip): Promise<Blob> {
  return new Promise((resolve, reject) => {
    const blobs: Blob[] = [];
    let chunks: Uint8Array[] = [];
    let pending = 0;
    zip
      .generateInternalStream({ type: 'uint8array', streamFiles: true })
      .on('data', (chunk: Uint8Array) => {
        chunks.push(chunk);
        pending += chunk.byteLength;
        if (pending >= BLOB_PART_BYTES) {
          blobs.push(new Blob(chunks as BlobPart[]));
          chunks = [];
          pending = 0;
        }
      })
      .on('error', reject)
      .on('end', () => resolve(new Blob([...blobs, ...(chunks as BlobPart[])], { type: 'application/zip' })))
      .resume();
  });
}
