/**
 * Test builds only (REPRO_E2E=1), for the Firefox end-to-end driver; release builds never register
 * them (see entrypoints/background).
 * - Opens the extension's own pages. WebDriver BiDi refuses to navigate a tab to a `moz-extension://`
 *   URL, and a web page may not either, but the extension may: a tab that loads
 *   `http://127.0.0.1:<port>/__repro-e2e/open?path=popup.html…` is sent to that page of the extension.
 * - Counts the starts of the background (`storage.session` `e2e.backgroundStarts`), so a test can tell
 *   that Firefox really unloaded the event page and started it again.
 */
import { browser } from 'wxt/browser';

/** The pathname a test navigates to; `path` names an extension page and its query. */
export const OPENER_PATH = '/__repro-e2e/open';

/** The extension page a test asked for in `url`, or null when `url` is no such request. */
export function requestedPage(url: string): string | null {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return null;
  }
  if (parsed.protocol !== 'http:' || parsed.hostname !== '127.0.0.1' || parsed.pathname !== OPENER_PATH) return null;
  const page = parsed.searchParams.get('path') ?? '';
  return /^[a-z-]+\.html(\?[\w=&%.-]*)?$/.test(page) ? page : null;
}

/** Storage key of the background start count. */
export const STARTS_KEY = 'e2e.backgroundStarts';

/** Registers the test hooks. Returns a function that stops them. */
export function registerE2eHooks(): () => void {
  void browser.storage.session
    .get(STARTS_KEY)
    .then((got) => browser.storage.session.set({ [STARTS_KEY]: Number(got[STARTS_KEY] ?? 0) + 1 }));
  const listener = (tabId: number, change: { url?: string }) => {
    const page = change.url ? requestedPage(change.url) : null;
    if (page) void browser.tabs.update(tabId, { url: browser.runtime.getURL(`/${page}` as '/popup.html') });
  };
  browser.tabs.onUpdated.addListener(listener);
  return () => browser.tabs.onUpdated.removeListener(listener);
}
