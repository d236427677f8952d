/**
 * Decides, for every tab, whether its traffic should be captured now (it records, network capture is on
 * for its site, the tester has not dismissed the debugging bar on this page) and starts or stops capture
 * to match. One pass at a time: passes that overlap would attach a tab twice.
 */
import type { RecordingTab } from '../recording/recording-tabs';
import { networkOnFor, type NetworkSettings } from '../settings/network';
import type { NetworkTabState } from './session';

/** What one tab needs: a capture started, a metadata listing started, or capture stopped. */
export type TabAction = { tabId: number; action: 'attach' | 'list' | 'detach' };

export interface PlanInput {
  recording: Record<string, RecordingTab>;
  states: Record<string, NetworkTabState>;
  settings: NetworkSettings;
  /** The browser can capture bodies; without, requests are only listed from `webRequest`. */
  canCapture: boolean;
  /** Whether this worker captures `tabId` right now. */
  live(tabId: number): boolean;
}

/** The actions that bring every tab to what settings and recording state say. Pure. */
export function planTabs({ recording, states, settings, canCapture, live }: PlanInput): TabAction[] {
  const actions: TabAction[] = [];
  const ids = new Set([...Object.keys(recording), ...Object.keys(states)].map(Number));
  for (const tabId of ids) {
    const tab = recording[tabId];
    const state = states[tabId];
    const siteOn = tab !== undefined && networkOnFor(tab.url, settings);
    if (siteOn && !state?.userDetached) {
      // After a restart the stored flag says attached, but the session must be checked anew.
      if (canCapture && !(state?.attached && live(tabId))) actions.push({ tabId, action: 'attach' });
      else if (!canCapture && !state?.fallback) actions.push({ tabId, action: 'list' });
    } else if (state?.attached || state?.fallback) {
      // Dismissed bar on a tab that still records: keep listing from webRequest until the next load.
      const dismissedButRecording = state.userDetached && siteOn;
      if (!dismissedButRecording) actions.push({ tabId, action: 'detach' });
    }
  }
  return actions;
}

export interface ReconcilerDeps {
  read(): Promise<Omit<PlanInput, 'canCapture' | 'live'>>;
  canCapture: boolean;
  live(tabId: number): boolean;
  apply(action: TabAction): Promise<void>;
}

/** A `reconcile()` that runs one pass at a time, each after the one before. */
export function createReconciler(deps: ReconcilerDeps): () => Promise<void> {
  let running: Promise<void> = Promise.resolve();
  return () => {
    running = running
      .then(async () => {
        const input = await deps.read();
        for (const action of planTabs({ ...input, canCapture: deps.canCapture, live: deps.live })) await deps.apply(action);
      })
      .catch((error: unknown) => console.warn('Repro: network reconcile failed', error));
    return running;
  };
}
