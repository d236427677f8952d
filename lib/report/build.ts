/** Builds `report.json` (format v1) and the zip's file name from the form, the capture and the environment. */
import { isRawJson, rawEventTime } from '../zip/json-blob';
import type { Har } from 'har-format';
import { redactUrl, type RedactionRules } from '../redact';
import {
  REPORT_FORMAT,
  REPORT_VERSION,
  type CaptureGap,
  type CapturedSession,
  type ConsoleEntry,
  type Environment,
  type IncludeParts,
  type ReportFiles,
  type ReportForm,
  type ReportJson,
} from '../model/report';

export interface ReportInput {
  form: ReportForm;
  include: IncludeParts;
  /** Keep the unannotated screenshot too (only when the tester asks). */
  keepOriginalScreenshot: boolean;
  /** A screenshot exists (capture can fail on pages the browser protects). */
  hasScreenshot: boolean;
  page: { url: string; title: string };
  environment: Environment;
  session: CapturedSession;
  har: Har;
  /** Where the network capture was interrupted (kept by the network store, apart from the recording's own gaps). */
  networkGaps?: CaptureGap[];
  /** The tester's redaction rules, for the page addresses. */
  rules?: RedactionRules;
  createdAt: Date;
}

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/** `repro-<host>-<YYYYMMDD-HHMMSS>.zip`, in the tester's local time; the host made safe for any file system. */
export function reportFileName(pageUrl: string, at: Date): string {
  let host = 'page';
  try {
    const url = new URL(pageUrl);
    if (url.hostname) host = url.hostname;
  } catch {
    // Not a URL (about:blank, a file the browser would not name): keep the generic name.
  }
  host =
    host
      .toLowerCase()
      .replace(/[^a-z0-9.-]+/g, '-')
      .replace(/^[.-]+|[.-]+$/g, '') || 'page';
  const stamp = `${at.getFullYear()}${pad(at.getMonth() + 1)}${pad(at.getDate())}-${pad(at.getHours())}${pad(at.getMinutes())}${pad(at.getSeconds())}`;
  return `repro-${host}-${stamp}.zip`;
}

/** Console entries that count as errors: `console.error`, uncaught errors and unhandled rejections. */
export function consoleErrors(entries: readonly ConsoleEntry[]): ConsoleEntry[] {
  return entries.filter((e) => e.level === 'error' || e.source === 'error' || e.source === 'rejection');
}

/**
 * The browser's own favicon fetch (not the page's doing): a site without a favicon would otherwise show
 * a failed request in every report. It stays in the HAR; it just does not count as a failure of the page.
 */
function isBrowserFavicon(entry: Har['log']['entries'][number]): boolean {
  const type = (entry as { _resourceType?: string })._resourceType;
  return (type === undefined || type === 'other') && /^[^?#]*\/favicon\.ico(?:[?#]|$)/.test(entry.request.url);
}

/** Requests that failed: an HTTP error status, or no response at all (status 0: blocked, aborted, offline). */
export function failedRequests(har: Har): Har['log']['entries'] {
  return har.log.entries.filter((e) => (e.response.status >= 400 || e.response.status === 0) && !isBrowserFavicon(e));
}

/** Which files the zip holds, given the parts the tester kept. */
export function reportFiles(include: IncludeParts, hasScreenshot: boolean, keepOriginal: boolean): ReportFiles {
  const screenshot = include.screenshot && hasScreenshot;
  return {
    recording: include.replay ? 'recording.json' : null,
    network: include.network ? 'network.har' : null,
    console: include.console ? 'console.json' : null,
    screenshot: screenshot ? 'screenshot.png' : null,
    screenshotOriginal: screenshot && keepOriginal ? 'screenshot-original.png' : null,
    summary: 'README.md',
    viewer: 'viewer.html',
  };
}

function eventTime(event: unknown): number | null {
  if (isRawJson(event)) return rawEventTime(event.rawJson);
  const t = (event as { timestamp?: unknown } | null)?.timestamp;
  return typeof t === 'number' && Number.isFinite(t) ? t : null;
}

/** How many events the session's recording holds, and the first and last one's time. */
export function recordedSpan(session: CapturedSession): { count: number; first: number | null; last: number | null } {
  if (session.summary) return { count: session.summary.count, first: session.summary.first, last: session.summary.last };
  const { events } = session;
  return {
    count: events.length,
    first: events.length ? eventTime(events[0]) : null,
    last: events.length ? eventTime(events[events.length - 1]) : null,
  };
}

/** Recorded actions kept in report.json (the latest). */
const MAX_ACTIONS = 1000;

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

/** Trims the form: no blank steps or labels, a title the schema accepts. */
export function cleanForm(form: ReportForm): ReportForm {
  return {
    title: form.title.trim().slice(0, 500),
    description: form.description.trim(),
    steps: form.steps.map((s) => s.trim()).filter(Boolean),
    expected: form.expected.trim(),
    actual: form.actual.trim(),
    severity: form.severity,
    labels: [...new Set(form.labels.map((l) => l.trim()).filter(Boolean))],
  };
}

/** Every gap of the recording and of the network capture, in time order. */
export function mergeGaps(...lists: readonly (readonly CaptureGap[])[]): CaptureGap[] {
  return lists.flat().sort((a, b) => a.from - b.from);
}

/** `report.json`. Counts always describe what was captured, even for parts left out of the zip. */
export function buildReportJson(input: ReportInput): ReportJson {
  const { session } = input;
  const form = cleanForm(input.form);
  if (!form.title) throw new Error('A report needs a title.');
  const { first, last, count } = recordedSpan(session);
  const report: ReportJson = {
    format: REPORT_FORMAT,
    version: REPORT_VERSION,
    ...form,
    createdAt: input.createdAt.toISOString(),
    // The tab's address can carry a session id in its query or a token in its fragment.
    page: { url: redactUrl(input.page.url, input.rules), title: input.page.title },
    environment: input.environment,
    recording: {
      startedAt: iso(first),
      endedAt: iso(last),
      mode: session.mode,
      pages: session.pages.map((p) => ({ ...p, url: redactUrl(p.url, input.rules) })),
      // The network store keeps the whole window's gaps; those over before the recording starts (a repro
      // begun later) describe nothing in this report.
      gaps: mergeGaps(
        session.gaps,
        (input.networkGaps ?? []).filter((g) => first === null || g.to === null || g.to >= first),
      ),
      // Already redacted in the page (no typed values, no URL secrets); bounded like the steps field.
      actions: session.steps.slice(-MAX_ACTIONS).map((s) => ({ time: s.time, text: s.text })),
    },
    counts: {
      consoleErrors: consoleErrors(session.console).length,
      failedRequests: failedRequests(input.har).length,
      events: count,
    },
    files: reportFiles(input.include, input.hasScreenshot, input.keepOriginalScreenshot),
  };
  if (Object.keys(session.custom).length) report.custom = session.custom;
  return report;
}
