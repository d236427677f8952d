/** The reporter as its own page or window: `popup.html?tabId=N`. */
import { browser } from 'wxt/browser';

/** The reporter page for `tabId`. */
export function reporterUrl(tabId: number): string {
  return browser.runtime.getURL(`/popup.html?tabId=${tabId}`);
}

/** Opens the reporter for `tabId` in a popup window, big enough to annotate in. */
export async function openReporterWindow(tabId: number): Promise<void> {
  await browser.windows.create({ url: reporterUrl(tabId), type: 'popup', width: 960, height: 900 });
}
