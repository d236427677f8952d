/** What the popup and badge know about one tab's capture. */
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
}

/** The badge text and color for a tab. */
export function badgeFor(status: Pick<TabStatus, 'recording' | 'decision'>): { text: string; color: string; title: string } {
  if (status.recording) return { text: 'REC', color: '#c62828', title: 'Repro: recording this tab' };
  if (status.decision === 'paused') return { text: '❚❚', color: '#616161', title: 'Repro: recording paused' };
  return { text: '', color: '#616161', title: 'Repro: not recording this tab' };
}
