/** The parts of a report a developer wants to read in the issue itself: console errors and failed requests. */
import JSZip from 'jszip';
import type { Har } from 'har-format';
import type { ReportBundle } from '../report/drafts';
import type { ConsoleEntry } from '../model/report';

export interface FailedRequest {
  method: string;
  url: string;
  /** 0 when the request never got an answer. */
  status: number;
  statusText: string;
}

export interface Highlights {
  consoleErrors: { message: string; url?: string }[];
  failedRequests: FailedRequest[];
}

const MAX = 10;

/** Reads console errors and failed requests (status ≥ 400 or none) from the bundle's zip, at most 10 each. */
export async function readHighlights(bundle: ReportBundle): Promise<Highlights> {
  const empty: Highlights = { consoleErrors: [], failedRequests: [] };
  let zip: JSZip;
  try {
    zip = await JSZip.loadAsync(await bundle.zip.arrayBuffer());
  } catch {
    return empty;
  }
  const files = bundle.report.files;
  const consoleErrors: Highlights['consoleErrors'] = [];
  const failedRequests: FailedRequest[] = [];
  const consoleFile = files.console ? zip.file(files.console) : null;
  if (consoleFile) {
    const entries = parse<ConsoleEntry[]>(await consoleFile.async('string'));
    for (const e of Array.isArray(entries) ? entries : []) {
      if (e?.level === 'error' && consoleErrors.length < MAX) consoleErrors.push({ message: String(e.message).slice(0, 500), url: e.url });
    }
  }
  const harFile = files.network ? zip.file(files.network) : null;
  if (harFile) {
    const har = parse<Har>(await harFile.async('string'));
    for (const entry of har?.log?.entries ?? []) {
      const status = entry.response?.status ?? 0;
      if ((status >= 400 || status === 0) && failedRequests.length < MAX) {
        failedRequests.push({ method: entry.request.method, url: entry.request.url.slice(0, 500), status, statusText: entry.response?.statusText ?? '' });
      }
    }
  }
  return { consoleErrors, failedRequests };
}

function parse<T>(text: string): T | undefined {
  try {
    return JSON.parse(text) as T;
  } catch {
    return undefined;
  }
}
