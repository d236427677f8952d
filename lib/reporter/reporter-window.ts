/** The full reporter of a tab, as a page of its own: `reporter.html?tabId=N`. */
import { browser } from 'wxt/browser';

/** The reporter page for `tabId`. */
export function reporterUrl(tabId: number): string {
  return browser.runtime.getURL(`/reporter.html?tabId=${tabId}`);
}

/**
 * Opens the reporter for `tabId` in a window of its own, big enough to annotate in. A window rather than
 * a tab: the reported tab stays the visible one of its window, which a screenshot needs.
 */
export async function openReporterWindow(tabId: number): Promise<void> {
  await browser.windows.create({ url: reporterUrl(tabId), type: 'popup', width: 1180, height: 860 });
}
