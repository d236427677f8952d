/**
 * Background side of the reporter: the screenshot, and the ways straight to the full reporter (the
 * context-menu entry and the keyboard shortcut), each for the tab it was used on.
 */
import { browser } from 'wxt/browser';
import { screenshotMessages } from '../screenshot/messages';
import { openReporterWindow } from './reporter-window';
import { captureFullPageTab, captureTab } from '../screenshot/screenshot';

export const CONTEXT_MENU_ID = 'repro-report-bug';
/** The manifest command of the keyboard shortcut (wxt.config.ts). */
export const REPORT_COMMAND = 'report-bug';

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
  browser.commands.onCommand.addListener((command, tab) => {
    if (command !== REPORT_COMMAND) return;
    void (async () => {
      const id = tab?.id ?? (await browser.tabs.query({ active: true, lastFocusedWindow: true }))[0]?.id;
      if (id !== undefined) await openReporterWindow(id);
    })();
  });
}
