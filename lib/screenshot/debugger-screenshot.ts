/**
 * Screenshot through the devtools protocol, for a tab Repro has host access to but no `activeTab` grant
 * (the reporter reopened in its own window after the tab navigated, a retake later on):
 * `captureVisibleTab` wants `activeTab` or `<all_urls>`, which Repro never asks for.
 * `chrome.debugger` has no polyfill typing, so it stays behind this small function.
 */

interface DebuggerApi {
  attach(target: { tabId: number }, version: string): Promise<void>;
  detach(target: { tabId: number }): Promise<void>;
  sendCommand(target: { tabId: number }, method: string, params?: object): Promise<unknown>;
}

function debuggerApi(): DebuggerApi | null {
  const api = (globalThis as { chrome?: { debugger?: DebuggerApi } }).chrome?.debugger;
  return api ?? null;
}

/** Tallest full-page capture, in CSS pixels: beyond it Chromium's capture fails or runs out of memory. */
export const FULL_PAGE_MAX_HEIGHT = 16_000;

/** Runs `work` in a devtools session on the tab: the network capture's when it has one, else its own. */
async function withSession<T>(
  api: DebuggerApi,
  tabId: number,
  work: (send: (method: string, params?: object) => Promise<unknown>) => Promise<T>,
): Promise<T> {
  const target = { tabId };
  const send = (method: string, params?: object) => api.sendCommand(target, method, params);
  let attachedHere = false;
  try {
    try {
      // The network capture may already be attached to this tab: reuse its session, never detach it.
      return await work(send);
    } catch {
      await api.attach(target, '1.3');
      attachedHere = true;
      return await work(send);
    }
  } finally {
    if (attachedHere) await api.detach(target).catch(() => undefined);
  }
}

/**
 * The whole page, beyond the viewport, as a PNG data URL at device pixels (Chromium only; null where the
 * debugger API does not exist). Pages taller than FULL_PAGE_MAX_HEIGHT are cut there; `cut` says so.
 */
export async function captureFullPage(tabId: number, api = debuggerApi()): Promise<{ dataUrl: string; cut: boolean } | null> {
  if (!api) return null;
  return withSession(api, tabId, async (send) => {
    const metrics = (await send('Page.getLayoutMetrics')) as {
      cssContentSize?: { width: number; height: number };
      contentSize: { width: number; height: number };
    };
    const size = metrics.cssContentSize ?? metrics.contentSize;
    const height = Math.min(Math.ceil(size.height), FULL_PAGE_MAX_HEIGHT);
    const shot = (await send('Page.captureScreenshot', {
      format: 'png',
      captureBeyondViewport: true,
      clip: { x: 0, y: 0, width: Math.ceil(size.width), height, scale: 1 },
    })) as { data: string };
    return { dataUrl: `data:image/png;base64,${shot.data}`, cut: size.height > FULL_PAGE_MAX_HEIGHT };
  });
}

/** A PNG data URL of the tab's viewport at device pixels, or null where the debugger API does not exist. */
export async function captureWithDebugger(tabId: number, api = debuggerApi()): Promise<string | null> {
  if (!api) return null;
  const shot = await withSession(api, tabId, async (send) => (await send('Page.captureScreenshot', { format: 'png' })) as { data: string });
  return `data:image/png;base64,${shot.data}`;
}
