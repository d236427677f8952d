/**
 * Talks to the built extension the way a tester does: allows a site in the capture settings, finds a
 * tab, opens the reporter for it, reads what the extension stores. Nothing here depends on how the
 * capture pipeline works inside.
 */
import type { Page, Worker } from '@playwright/test';
import type { LaunchedExtension } from '../harness/chromium';
import { readStoredCapture } from '../specs/capture-support';

/** The extension's current service worker (it can be replaced after a restart). */
export function currentWorker(ext: LaunchedExtension): Worker {
  return ext.context.serviceWorkers().find((w) => w.url().startsWith(`chrome-extension://${ext.extensionId}/`)) ?? ext.worker;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Allows or disallows `origin` and sets the rolling window, as the settings page does, then waits until
 * the recorder scripts are registered (allowed) or gone (disallowed).
 */
export async function setSiteAllowed(ext: LaunchedExtension, origin: string, allowed: boolean, windowMs: number): Promise<void> {
  await currentWorker(ext).evaluate(
    async ({ o, on, w }) => {
      const key = 'settings.capture';
      const current = ((await chrome.storage.local.get(key))[key] ?? {}) as { allowedOrigins?: string[] };
      const others = (current.allowedOrigins ?? []).filter((x) => x !== o);
      await chrome.storage.local.set({ [key]: { ...current, allowedOrigins: on ? [...others, o] : others, windowMs: w } });
    },
    { o: origin, on: allowed, w: windowMs },
  );
  for (let waited = 0; waited < 10_000; waited += 100) {
    const registered = await currentWorker(ext).evaluate(async () => (await chrome.scripting.getRegisteredContentScripts()).length);
    if (allowed ? registered > 0 : registered === 0) return;
    await sleep(100);
  }
  throw new Error(`the recorder scripts were not ${allowed ? 'registered' : 'unregistered'} for the fixture origin`);
}

/** The tab id of `page`, looked up by URL. */
export async function tabIdOf(ext: LaunchedExtension, page: Page): Promise<number> {
  const url = page.url();
  const ids = await currentWorker(ext).evaluate(
    async (u) => (await chrome.tabs.query({})).filter((t) => t.url === u).map((t) => t.id!),
    url,
  );
  if (ids.length !== 1) throw new Error(`expected one tab at ${url}, found ${ids.length}`);
  return ids[0]!;
}

/**
 * How many recording gaps (the recorder stepping back, or events left out) the extension stored for
 * `tabId` that overlap `from`–`to` (epoch ms), read from its capture database on an extension page.
 */
export async function recordingGapsIn(ext: LaunchedExtension, tabId: number, from: number, to: number): Promise<number> {
  const page = await ext.context.newPage();
  try {
    await page.goto(`chrome-extension://${ext.extensionId}/options.html`);
    const { logs } = await readStoredCapture(page, ['logs']);
    return logs.filter((l) => {
      const gap = (l as { gap?: { from: number; to: number | null } }).gap;
      return l.tabId === tabId && l.kind === 'gap' && gap !== undefined && gap.from < to && (gap.to ?? Infinity) > from;
    }).length;
  } finally {
    await page.close();
  }
}

/**
 * Asks the tab's recorder to write out and hand over every change it holds back, as the worker does
 * when the reporter opens. True when the tab answered that it flushed.
 */
export async function flushTab(ext: LaunchedExtension, tabId: number): Promise<boolean> {
  const answer = await currentWorker(ext).evaluate(
    (id) => chrome.tabs.sendMessage(id, { repro: 1, type: 'recording:tab-flush', data: {} }),
    tabId,
  );
  return (answer as { flushed?: unknown } | undefined)?.flushed === true;
}

/** Whether the toolbar badge of the tab says it is recording. */
export async function badgeSaysRecording(ext: LaunchedExtension, tabId: number): Promise<boolean> {
  const text = await currentWorker(ext).evaluate((id) => chrome.action.getBadgeText({ tabId: id }), tabId);
  return text.trim().length > 0 && /rec/i.test(text);
}

/** The URL of the toolbar popup for a tab. */
export function popupUrl(ext: LaunchedExtension, tabId: number): string {
  return `chrome-extension://${ext.extensionId}/popup.html?tabId=${tabId}`;
}

/** The URL of the full reporter for a tab, as "Report a bug" opens it. */
export function reporterUrl(ext: LaunchedExtension, tabId: number): string {
  return `chrome-extension://${ext.extensionId}/reporter.html?tabId=${tabId}`;
}

export interface StorageUsage {
  usageBytes: number;
  indexedDbBytes: number | null;
}

/** The extension's storage use, as an extension page sees it (`navigator.storage.estimate()`). */
export async function extensionStorage(ext: LaunchedExtension): Promise<StorageUsage> {
  const page = await ext.context.newPage();
  try {
    await page.goto(`chrome-extension://${ext.extensionId}/options.html`);
    return await page.evaluate(async () => {
      const estimate = (await navigator.storage.estimate()) as StorageEstimate & { usageDetails?: { indexedDB?: number } };
      return { usageBytes: estimate.usage ?? 0, indexedDbBytes: estimate.usageDetails?.indexedDB ?? null };
    });
  } finally {
    await page.close();
  }
}

/** Downloads the extension completed after `sinceMs` (epoch), newest first, as full paths. */
export async function completedDownloads(ext: LaunchedExtension, sinceMs: number): Promise<string[]> {
  return currentWorker(ext).evaluate(async (since) => {
    const items = await chrome.downloads.search({ state: 'complete', startedAfter: new Date(since).toISOString() });
    return items.sort((a, b) => b.startTime.localeCompare(a.startTime)).map((i) => i.filename);
  }, sinceMs);
}
