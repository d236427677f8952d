/** What the popup and badge know about one tab's capture. */
import type { RecordingMode } from '../model/report';
import type { SiteDecision } from './site-policy';

export interface TabStatus {
  tabId: number;
  url: string | null;
  /** Why the tab is or is not recorded. */
  decision: SiteDecision;
  /** True while a content script of this extension is live in the tab's top frame. */
  contentScript: boolean;
  /** True while capture actually runs in the tab. */
  recording: boolean;
  /** How the tab records (null when it does not). */
  mode?: RecordingMode | null;
  /** Epoch ms the current recording (rolling or repro) started. */
  since?: number | null;
  /** The tab's repro, running (until null) or stopped and kept for the report; null when none. */
  repro?: { since: number; until: number | null; capMs: number } | null;
  /** What is captured now. */
  captured?: {
    events: number;
    bytes: number;
    consoleErrors: number;
    /** Epoch ms of the first and last recorded events kept (null when none). */
    windowStart: number | null;
    windowEnd: number | null;
  };
  /** The rolling buffer is paused everywhere. */
  paused?: boolean;
  /** A running repro cannot record the page the tab is on now (no access to its site). */
  lostAccess?: { at: number; host: string } | null;
}

/** `m:ss` of a duration. */
export function formatElapsed(ms: number): string {
  const s = Math.max(0, Math.floor(ms / 1000));
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
}

/** The badge text and color for a tab. A running repro shows its elapsed minutes once past the first. */
export function badgeFor(
  status: Pick<TabStatus, 'recording' | 'decision'> & {
    mode?: RecordingMode | null;
    since?: number | null;
    lostAccess?: { host: string } | null;
  },
  now = Date.now(),
): { text: string; color: string; title: string } {
  if (status.mode === 'repro' && status.lostAccess) {
    return { text: '!', color: '#b26a00', title: `Repro: the repro cannot record ${status.lostAccess.host} (no access to that site)` };
  }
  if (status.recording && status.mode === 'repro' && status.since != null) {
    const elapsed = now - status.since;
    const minutes = Math.floor(elapsed / 60_000);
    return { text: minutes >= 1 ? `${minutes}m` : 'REC', color: '#c62828', title: `Repro: recording a repro (${formatElapsed(elapsed)})` };
  }
  if (status.recording) return { text: 'REC', color: '#c62828', title: 'Repro: recording this tab' };
  if (status.decision === 'paused') return { text: '❚❚', color: '#616161', title: 'Repro: recording paused' };
  return { text: '', color: '#616161', title: 'Repro: not recording this tab' };
}
