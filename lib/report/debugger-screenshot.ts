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

/** A PNG data URL of the tab's viewport at device pixels, or null where the debugger API does not exist. */
export async function captureWithDebugger(tabId: number, api = debuggerApi()): Promise<string | null> {
  if (!api) return null;
  const target = { tabId };
  const capture = async () => (await api.sendCommand(target, 'Page.captureScreenshot', { format: 'png' })) as { data: string };
  let attachedHere = false;
  try {
    let shot: { data: string };
    try {
      // The network capture may already be attached to this tab: reuse its session, never detach it.
      shot = await capture();
    } catch {
      await api.attach(target, '1.3');
      attachedHere = true;
      shot = await capture();
    }
    return `data:image/png;base64,${shot.data}`;
  } finally {
    if (attachedHere) await api.detach(target).catch(() => undefined);
  }
}
