/**
 * The report, format v1: the types behind `report.json` and the captured data that goes with it.
 * This is a stable contract (documented in docs/report-format.md and by `report.schema.json`): change it only
 * with a new format version.
 */
import type { Har } from 'har-format';
import type { RecordingPiece } from '../zip/recording-entry';

export const REPORT_FORMAT = 'repro-report';
export const REPORT_VERSION = 1;

export type Severity = 'blocker' | 'critical' | 'major' | 'minor' | 'trivial';
export const SEVERITIES: readonly Severity[] = ['blocker', 'critical', 'major', 'minor', 'trivial'];

export type RecordingMode = 'rolling' | 'repro';

export type ConsoleLevel = 'debug' | 'log' | 'info' | 'warn' | 'error';

/** One console call, uncaught error or unhandled rejection, already redacted. */
export interface ConsoleEntry {
  level: ConsoleLevel;
  /** Epoch ms. */
  time: number;
  /** The call's arguments rendered as one line of text. */
  message: string;
  /** Each argument, serialized safely (strings, or JSON-like previews of objects). */
  args: unknown[];
  stack?: string;
  /** URL of the page (or script, for errors) it came from. */
  url?: string;
  /** `console` for console calls, `error` for uncaught errors, `rejection` for unhandled rejections, `page` for the app's own custom logs. */
  source?: 'console' | 'error' | 'rejection' | 'page';
}

/** One action of the tester, rendered as a readable step. */
export interface Step {
  /** Epoch ms. */
  time: number;
  kind: 'click' | 'type' | 'select' | 'check' | 'submit' | 'key' | 'navigate' | 'scroll';
  /** Human text: `Click "Place order"`. */
  text: string;
  url?: string;
}

/** A page (document) visited during the recording, in order. */
export interface PageVisit {
  url: string;
  title: string;
  /** Epoch ms of its first recorded event. */
  startedAt: number;
}

/** A stretch of time in which some capture did not run (debugger detached, recorder throttled...). */
export interface CaptureGap {
  kind: 'network' | 'recording';
  from: number;
  to: number | null;
  reason: string;
}

export interface Environment {
  browser: string;
  browserVersion: string;
  os: string;
  userAgent: string;
  language: string;
  timezone: string;
  viewport: { width: number; height: number };
  devicePixelRatio: number;
  screen: { width: number; height: number };
  extensionVersion: string;
}

/** What the tester wrote in the form. */
export interface ReportForm {
  title: string;
  description: string;
  steps: string[];
  expected: string;
  actual: string;
  severity: Severity;
  labels: string[];
}

/** Which parts go into the report. */
export interface IncludeParts {
  replay: boolean;
  console: boolean;
  network: boolean;
  screenshot: boolean;
}

/** Names of the files in a report zip, or null where the part was left out. */
export interface ReportFiles {
  recording: 'recording.json' | null;
  network: 'network.har' | null;
  console: 'console.json' | null;
  screenshot: 'screenshot.png' | null;
  screenshotOriginal: 'screenshot-original.png' | null;
  summary: 'README.md';
  viewer: 'viewer.html' | null;
}

/** One recorded action of the tester: `{ time, text: 'Click "Place order"' }`. */
export interface RecordedAction {
  time: number;
  text: string;
}

/** `report.json`. */
export interface ReportJson extends ReportForm {
  format: typeof REPORT_FORMAT;
  version: typeof REPORT_VERSION;
  /** ISO 8601. */
  createdAt: string;
  page: { url: string; title: string };
  environment: Environment;
  recording: {
    startedAt: string | null;
    endedAt: string | null;
    mode: RecordingMode;
    pages: PageVisit[];
    gaps: CaptureGap[];
    /**
     * The tester's actions as recorded, with their time (epoch ms), so a viewer can place them on the
     * replay's clock; `steps` is what the tester kept or wrote. Added within format v1: may be absent.
     */
    actions?: RecordedAction[];
  };
  counts: { consoleErrors: number; failedRequests: number; events: number };
  files: ReportFiles;
  /** Metadata the app under test attached through the page protocol (untrusted, redacted). */
  custom?: Record<string, string | number | boolean | null>;
}

/** Everything captured for a tab over its window, as read from extension storage. */
export interface CapturedSession {
  mode: RecordingMode;
  /** rrweb events in time order; the first is a Meta + FullSnapshot pair when not empty. */
  events: unknown[];
  console: ConsoleEntry[];
  steps: Step[];
  pages: PageVisit[];
  gaps: CaptureGap[];
  custom: Record<string, string | number | boolean | null>;
  /**
   * The events as the capture store packed them, in order (raw reads only, which leave `events` empty):
   * `recording.json` is joined from these.
   */
  recording?: RecordingPiece[];
  /** What `recording` holds (raw reads only). */
  summary?: RecordingSummary;
}

/** A recording counted without reading it out. */
export interface RecordingSummary {
  count: number;
  /** Characters of the events' JSON texts. */
  chars: number;
  /** The first and last event's time (ms since the epoch), when known. */
  first: number | null;
  last: number | null;
}

/** An empty session, e.g. for a tab that was never recorded. */
export function emptySession(mode: RecordingMode = 'rolling'): CapturedSession {
  return { mode, events: [], console: [], steps: [], pages: [], gaps: [], custom: {} };
}

export type { Har };
