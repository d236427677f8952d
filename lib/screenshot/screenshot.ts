/**
 * Screenshots of the reported tab, taken by the worker. Chromium allows two `captureVisibleTab` calls a
 * second per extension (MAX_CAPTURE_VISIBLE_TAB_CALLS_PER_SECOND); captures wait their turn in one queue
 * rather than fail. PNG keeps the device pixels as they are (the pixel ratio survives).
 */
import { browser } from 'wxt/browser';
import { captureFullPage, captureWithDebugger, FULL_PAGE_MAX_HEIGHT } from './debugger-screenshot';

/** Answer of `screenshot:take`: a PNG data URL, or why there is none. */
export type ScreenshotResult =
  | { ok: true; dataUrl: string; /** Said beside the image (a page cut at the full-page limit). */ note?: string }
  | { ok: false; message: string };

export interface CaptureDeps {
  capture(windowId: number): Promise<string>;
  sleep(ms: number): Promise<void>;
  now(): number;
}

/** Spacing between captures: a little over Chromium's 500 ms so its own clock never sees three in a second. */
export const CAPTURE_SPACING_MS = 550;
const RATE_LIMITED = /MAX_CAPTURE_VISIBLE_TAB_CALLS_PER_SECOND/;

/** A capture function that runs one call at a time, spaced, retrying when the browser still says "too fast". */
export function captureQueue(deps: CaptureDeps, retries = 3): (windowId: number) => Promise<string> {
  let tail: Promise<unknown> = Promise.resolve();
  let last = Number.NEGATIVE_INFINITY;
  const run = async (windowId: number): Promise<string> => {
    for (let attempt = 0; ; attempt++) {
      const wait = last + CAPTURE_SPACING_MS - deps.now();
      if (wait > 0) await deps.sleep(wait);
      last = deps.now();
      try {
        return await deps.capture(windowId);
      } catch (error) {
        if (attempt >= retries || !RATE_LIMITED.test(String(error instanceof Error ? error.message : error))) throw error;
      }
    }
  };
  return (windowId) => {
    const result = tail.then(() => run(windowId));
    tail = result.catch(() => undefined);
    return result;
  };
}

/**
 * Why a capture failed, in words the tester can act on. Allowing the site helps only where the devtools
 * protocol can take the screenshot instead (Chromium); Firefox's capture wants the toolbar button's grant.
 */
export function screenshotErrorMessage(
  error: unknown,
  canFallBack = (globalThis as { chrome?: { debugger?: unknown } }).chrome?.debugger !== undefined,
): string {
  const text = error instanceof Error ? error.message : String(error);
  if (/permission|activeTab|all_urls|Cannot access/i.test(text)) {
    return `Repro may not capture this page. Open the reporter from the toolbar button on the page itself${canFallBack ? ', or allow the site' : ''}.`;
  }
  if (/chrome:\/\/|edge:\/\/|extensions gallery|webstore/i.test(text)) return 'The browser does not allow screenshots of this page.';
  return `The screenshot could not be taken: ${text}`;
}

const queued = captureQueue({
  capture: (windowId) => browser.tabs.captureVisibleTab(windowId, { format: 'png' }),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
  now: () => Date.now(),
});

const NO_GRANT = /activeTab|all_urls/;

async function hasHostAccess(url: string | undefined): Promise<boolean> {
  if (!url || !/^https?:/.test(url)) return false;
  try {
    return await browser.permissions.contains({ origins: [`${new URL(url).origin}/*`] });
  } catch {
    return false;
  }
}

/**
 * Captures `tabId`. Without an `activeTab` grant (the toolbar button, shortcut and context menu give
 * one), a site the tester allowed is captured through the devtools protocol instead. Only the visible tab of a window can be captured: when the reporter runs as a tab
 * in the same window, the reported tab is brought to the front for the capture and the reporter after.
 */
export async function captureTab(tabId: number, capture = queued, fallback = captureWithDebugger): Promise<ScreenshotResult> {
  try {
    const tab = await browser.tabs.get(tabId);
    const shoot = async (): Promise<ScreenshotResult> => {
      try {
        return { ok: true, dataUrl: await capture(tab.windowId) };
      } catch (error) {
        if (!NO_GRANT.test(String(error instanceof Error ? error.message : error)) || !(await hasHostAccess(tab.url))) throw error;
        const dataUrl = await fallback(tabId);
        if (!dataUrl) throw error;
        return { ok: true, dataUrl };
      }
    };
    if (tab.active) return await shoot();
    const [front] = await browser.tabs.query({ active: true, windowId: tab.windowId });
    await browser.tabs.update(tabId, { active: true });
    try {
      return await shoot();
    } finally {
      if (front?.id !== undefined) await browser.tabs.update(front.id, { active: true }).catch(() => undefined);
    }
  } catch (error) {
    return { ok: false, message: screenshotErrorMessage(error) };
  }
}

/**
 * The whole page of `tabId`, beyond the viewport, through the devtools protocol (Chromium). Asked for by
 * the tester from the reporter; web pages only.
 */
export async function captureFullPageTab(tabId: number, capture = captureFullPage): Promise<ScreenshotResult> {
  try {
    const tab = await browser.tabs.get(tabId);
    if (!tab.url || !/^https?:/.test(tab.url)) return { ok: false, message: 'Only web pages can be captured in full.' };
    const shot = await capture(tabId);
    if (!shot)
      return { ok: false, message: 'Capturing the full page needs Chromium (this browser has no devtools protocol for extensions).' };
    return {
      ok: true,
      dataUrl: shot.dataUrl,
      ...(shot.cut ? { note: `The page is taller than ${FULL_PAGE_MAX_HEIGHT.toLocaleString('en')} px: the capture stops there.` } : {}),
    };
  } catch (error) {
    return {
      ok: false,
      message: `The full page could not be captured: ${error instanceof Error ? error.message : String(error)}. The visible part is still there: retake it.`,
    };
  }
}
