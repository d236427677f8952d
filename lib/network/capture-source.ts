/**
 * A way to capture a tab's traffic with bodies: the devtools protocol on Chromium (`cdp-capture.ts`),
 * `webRequest` with response filters on Firefox (`web-request-capture.ts`). Each keeps its requests in the
 * tab's session and stores them through the same writer, so both give the same redacted HAR.
 */
import type { CaptureConfig } from './capture-config';
import type { EntryWriter } from './entry-writer';
import type { TabSessions } from './tab-sessions';
import type { TabStates } from './tab-states';
import type { WorkQueue } from './work-queue';

/** What the service lends a capture source. */
export interface CaptureDeps {
  queue: WorkQueue;
  sessions: TabSessions;
  states: TabStates;
  writer: EntryWriter;
  config: CaptureConfig;
}

export interface CaptureSource {
  /** `devtools`: the browser shows a debugging bar while it runs; `webRequest`: nothing shows. */
  readonly kind: 'devtools' | 'webRequest';
  /** Starts capturing `tabId` and records its state (attached, or why not and since when). */
  attach(tabId: number): Promise<void>;
  /** Stops capturing `tabId`. */
  detach(tabId: number): Promise<void>;
  /** Whether this worker captures `tabId` now (a restarted worker captures none until it attaches). */
  live(tabId: number): boolean;
  /** Removes the source's listeners. */
  stop(): void;
}

/** Makes a capture source from the service's parts. */
export type CaptureFactory = (deps: CaptureDeps) => CaptureSource;
