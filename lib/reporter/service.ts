/** Background side of the reporter: the screenshot, the context-menu entry, and opening the reporter window. */
import { browser } from 'wxt/browser';
import { screenshotMessages } from '../screenshot/messages';
import { openReporterWindow } from './reporter-window';
import { captureFullPageTab, captureTab } from '../screenshot/screenshot';

export const CONTEXT_MENU_ID = 'repro-report-bug';

export function registerReportService(): void {
  screenshotMessages.handle('screenshot:take', ({ tabId, fullPage }) => (fullPage ? captureFullPageTab(tabId) : captureTab(tabId)));

  // Menus persist across worker restarts; create them once per install or update.
  browser.runtime.onInstalled.addListener(() => {
    void Promise.resolve(browser.contextMenus.removeAll())
      .then(() =>
        browser.contextMenus.create({
          id: CONTEXT_MENU_ID,
          title: 'Report a bug on this page',
          contexts: ['page', 'frame', 'selection', 'link', 'image', 'editable'],
        }),
      )
      .catch((error: unknown) => console.warn('Repro: could not add the context menu', error));
  });
  browser.contextMenus.onClicked.addListener((info, tab) => {
    if (info.menuItemId !== CONTEXT_MENU_ID || tab?.id === undefined) return;
    void openReporterWindow(tab.id);
  });
}
