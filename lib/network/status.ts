/** Network capture status of a tab, as the popup shows it. */
import type { CaptureGap } from '../model/report';

export interface NetworkStatus {
  tabId: number;
  /** The browser can capture bodies: the devtools protocol on Chromium, response filters on Firefox. */
  available: boolean;
  /** How: `devtools` shows the browser's debugging bar while it runs, `webRequest` (Firefox) shows nothing. */
  source: 'devtools' | 'webRequest' | null;
  origin: string | null;
  /** The tab records (rolling buffer or repro). */
  recording: boolean;
  /** Network capture is on for this site. */
  siteEnabled: boolean;
  /** A debugger session is attached to the tab right now. */
  attached: boolean;
  /** Requests are listed without bodies (from `webRequest`) while the debugger is not attached. */
  fallback: boolean;
  /** The open gap, when capture stopped and has not resumed. */
  gap: CaptureGap | null;
  /** Entries stored for the tab. */
  entries: number;
  /** The popup already explained the browser's debugging bar. */
  barExplained: boolean;
}

/** One line for the popup. */
export function networkLabel(status: NetworkStatus | null): string {
  if (!status) return 'Checking network capture…';
  if (!status.available) return 'This browser lets Repro list requests only, without bodies';
  if (!status.siteEnabled) return 'Network capture is off on this site';
  if (status.gap) return status.fallback ? `${status.gap.reason} Requests are still listed, without bodies.` : status.gap.reason;
  if (status.fallback) return `Listing network requests without bodies (${status.entries} kept)`;
  if (status.attached) return `Capturing network (${status.entries} request${status.entries === 1 ? '' : 's'} kept)`;
  if (!status.recording) return 'Network capture starts when this tab records';
  return 'Network capture is starting…';
}
