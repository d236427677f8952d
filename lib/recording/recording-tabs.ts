/**
 * Which tabs are recording right now, and how. The capture service writes it; other services (network
 * capture, the badge) watch it. Session storage: it survives a worker restart and dies with the browser.
 */
import { storage } from 'wxt/utils/storage';
import { redactUrl } from '../redact';
import { getRedactionRules } from '../settings/redaction';
import type { RecordingMode } from '../model/report';

export interface RecordingTab {
  url: string;
  mode: RecordingMode;
  /** Epoch ms when this recording (rolling or repro) started in the tab. */
  since: number;
  /**
   * A repro whose tab went where Repro may not run (another site, without access to it): since when,
   * and the host. Cleared, with a gap in the recording, once the tab records again.
   */
  lostAccess?: { at: number; host: string };
}

export const recordingTabs = storage.defineItem<Record<string, RecordingTab>>('session:capture.recordingTabs', {
  fallback: {},
});

/**
 * Sets (or with null, clears) the recording entry of a tab. The address is kept without its secrets
 * (session ids in the query, tokens in the fragment): only its site matters here.
 */
export async function setRecordingTab(tabId: number, entry: RecordingTab | null): Promise<void> {
  const all = { ...(await recordingTabs.getValue()) };
  if (entry) all[tabId] = { ...entry, url: redactUrl(entry.url, await getRedactionRules()) };
  else delete all[tabId];
  await recordingTabs.setValue(all);
}

/** Calls `listener` with the recording tabs whenever they change. Returns a function that stops watching. */
export function watchRecordingTabs(listener: (tabs: Record<string, RecordingTab>) => void): () => void {
  return recordingTabs.watch((tabs) => listener(tabs ?? {}));
}
