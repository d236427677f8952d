import { beforeEach, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { deliver, senders } from '../messaging/testing';
import { reporterUrl } from './reporter-window';
import { CONTEXT_MENU_ID, REPORT_COMMAND, registerReportService } from './service';

beforeEach(() => {
  fakeBrowser.reset();
});

type MenuListener = (info: { menuItemId: string }, tab?: { id?: number }) => void;
type CommandListener = (command: string, tab?: { id?: number }) => void;
let menuListeners: MenuListener[] = [];
let commandListeners: CommandListener[] = [];

/** The fake browser has no context menus: record what the service creates and listens to. */
function stubMenus() {
  const create = vi.fn();
  menuListeners = [];
  Object.assign(fakeBrowser.contextMenus, {
    create,
    removeAll: vi.fn(async () => undefined),
    onClicked: { addListener: (l: MenuListener) => menuListeners.push(l) },
  });
  commandListeners = [];
  Object.assign(fakeBrowser.commands, { onCommand: { addListener: (l: CommandListener) => commandListeners.push(l) } });
  return create;
}

it('answers report:screenshot for extension pages only', async () => {
  stubMenus();
  registerReportService();
  const tab = await fakeBrowser.tabs.create({ url: 'https://shop.test/', active: true });
  fakeBrowser.tabs.captureVisibleTab = vi.fn(async () => 'data:image/png;base64,iVBOR') as never;
  expect(await deliver('screenshot:take', { tabId: tab.id! }, senders.popup())).toEqual({
    ok: true,
    dataUrl: 'data:image/png;base64,iVBOR',
  });
  expect(await deliver('screenshot:take', { tabId: tab.id! }, senders.contentScript(tab.id!))).toBeUndefined();
});

it('adds "Report a bug on this page" on install and opens the reporter window for the clicked tab', async () => {
  const create = stubMenus();
  registerReportService();
  await fakeBrowser.runtime.onInstalled.trigger({ reason: 'install' } as never);
  await vi.waitFor(() =>
    expect(create).toHaveBeenCalledWith(expect.objectContaining({ id: CONTEXT_MENU_ID, title: 'Report a bug on this page' })),
  );
  const open = vi.spyOn(fakeBrowser.windows, 'create');
  for (const l of menuListeners) l({ menuItemId: CONTEXT_MENU_ID }, { id: 42 });
  await vi.waitFor(() => expect(open).toHaveBeenCalledWith(expect.objectContaining({ url: reporterUrl(42), type: 'popup' })));
  expect(reporterUrl(42)).toMatch(/\/reporter\.html\?tabId=42$/);
});

it('opens the full reporter for the tab the keyboard shortcut was pressed on', async () => {
  stubMenus();
  registerReportService();
  const open = vi.spyOn(fakeBrowser.windows, 'create');
  for (const l of commandListeners) l('something-else', { id: 7 });
  for (const l of commandListeners) l(REPORT_COMMAND, { id: 7 });
  await vi.waitFor(() => expect(open).toHaveBeenCalledWith(expect.objectContaining({ url: reporterUrl(7), type: 'popup' })));
  expect(open).toHaveBeenCalledTimes(1);
});
