/** Background side of capture: answers content scripts, tracks which tabs record, keeps the badge true. */
import { browser } from 'wxt/browser';
import { handle, sendToTab } from '../messaging/runtime';
import { captureSettings, getCaptureSettings } from '../settings/capture';
import { recordingTabs, setRecordingTab } from './recording-tabs';
import { syncRecorderScripts } from './registration';
import { decideSite } from './site-policy';
import { badgeFor, type TabStatus } from './status';


async function paintBadge(tabId: number, status: Pick<TabStatus, 'recording' | 'decision'>): Promise<void> {
  const badge = badgeFor(status);
  try {
    await browser.action.setBadgeText({ tabId, text: badge.text });
    await browser.action.setBadgeBackgroundColor({ tabId, color: badge.color });
    await browser.action.setTitle({ tabId, title: badge.title });
  } catch {
    // The tab closed between the event and the paint: nothing to show.
  }
}

/** The capture status of a tab, asking its content script whether it is live. */
export async function tabStatus(tabId: number): Promise<TabStatus> {
  const tab = await browser.tabs.get(tabId);
  const settings = await getCaptureSettings();
  const decision = decideSite(tab.url, settings);
  let contentScript = false;
  let recording = false;
  try {
    const pong = await sendToTab(tabId, 'content:ping', {});
    contentScript = pong !== undefined && pong !== null;
    recording = Boolean(pong?.recording);
  } catch {
    // No content script in the tab (not allowed, not yet loaded, or a page we cannot enter).
  }
  return { tabId, url: tab.url ?? null, decision, contentScript, recording };
}

/** Registers the capture handlers and keeps content-script registration and badges in step. */
export function registerCaptureService(): void {
  handle('capture:hello', async (data, sender) => {
    const tabId = sender.tab?.id;
    if (tabId === undefined) return { record: false };
    const decision = decideSite(sender.url ?? data.url, await getCaptureSettings());
    const record = decision === 'record';
    if (sender.frameId === 0) {
      const previous = (await recordingTabs.getValue())[tabId];
      await setRecordingTab(tabId, record ? { url: data.url, mode: 'rolling', since: previous?.since ?? Date.now() } : null);
      await paintBadge(tabId, { recording: record, decision });
    }
    return { record };
  });

  handle('capture:status', ({ tabId }) => tabStatus(tabId));

  browser.tabs.onUpdated.addListener((tabId, change) => {
    if (change.status === 'loading' && change.url) void paintBadge(tabId, { recording: false, decision: 'not-allowed' });
  });
  browser.tabs.onRemoved.addListener((tabId) => void setRecordingTab(tabId, null));

  captureSettings.watch((settings) => void syncRecorderScripts({ ...settings }).catch(reportSyncError));
  browser.runtime.onInstalled.addListener(() => void resync());
  browser.runtime.onStartup.addListener(() => void resync());
}

async function resync(): Promise<void> {
  await syncRecorderScripts(await getCaptureSettings()).catch(reportSyncError);
}

function reportSyncError(error: unknown): void {
  console.warn('Repro: could not register the recorder scripts', error);
}
