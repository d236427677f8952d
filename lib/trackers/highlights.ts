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

/**
 * C0 controls but newline and tab, and the bidirectional overrides that make text display in another
 * order than it reads (https://trojansource.codes): a page could use them to disguise a URL in an issue.
 */
// eslint-disable-next-line no-control-regex -- control characters are what this removes
const DISGUISE = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/g;

/** Page text as it reads, at most `max` characters. */
function plain(value: unknown, max: number): string {
  return String(value ?? '')
    .replace(DISGUISE, '')
    .slice(0, max);
}

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
      if (e?.level === 'error' && consoleErrors.length < MAX)
        consoleErrors.push({ message: plain(e.message, 500), ...(e.url ? { url: plain(e.url, 500) } : {}) });
    }
  }
  const harFile = files.network ? zip.file(files.network) : null;
  if (harFile) {
    const har = parse<Har>(await harFile.async('string'));
    for (const entry of har?.log?.entries ?? []) {
      const status = entry.response?.status ?? 0;
      if ((status >= 400 || status === 0) && failedRequests.length < MAX) {
        failedRequests.push({
          method: plain(entry.request.method, 20),
          url: plain(entry.request.url, 500),
          status,
          statusText: plain(entry.response?.statusText, 100),
        });
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
