import { expect, test } from '../harness/fixtures';

test('content script, worker and popup are wired on an allowed site', async ({ ext, server }) => {
  await ext.allowOrigin(server.origin);
  const page = await ext.context.newPage();
  await page.goto(server.url('/index.html'));
  const tabId = await ext.tabIdOf(page);

  // The content script said hello and the worker answered "record": the badge says so.
  await expect.poll(() => ext.inWorker((id) => chrome.action.getBadgeText({ tabId: id }), tabId)).toBe('REC');

  // Popup → worker → content script → worker → popup.
  const popup = await ext.openPopupFor(page);
  await expect(popup.getByTestId('capture-status')).toHaveText(/Recording this tab/);
});

test('a site that was not allowed is not recorded and the popup offers to allow it', async ({ ext, server }) => {
  const page = await ext.context.newPage();
  await page.goto(server.url('/index.html'));
  const tabId = await ext.tabIdOf(page);
  const popup = await ext.openPopupFor(page);
  await expect(popup.getByTestId('capture-status')).toHaveText(/Not recording this site/);
  expect(await ext.inWorker((id) => chrome.action.getBadgeText({ tabId: id }), tabId)).toBe('');

  // The tester allows the site from the popup: the open tab records at once, without a reload.
  await popup.getByRole('button', { name: /Always record on 127\.0\.0\.1/ }).click();
  await expect(popup.getByTestId('capture-status')).toHaveText('Recording this tab');
  await expect(popup.getByTestId('recording-started')).toContainText('no reload needed');
  expect(await ext.inWorker((id) => chrome.action.getBadgeText({ tabId: id }), tabId)).toBe('REC');
});

test('a page cannot send extension messages', async ({ ext, server }) => {
  await ext.allowOrigin(server.origin);
  const page = await ext.context.newPage();
  await page.goto(server.url('/index.html'));
  // Web pages have no chrome.runtime.sendMessage to this extension (no externally_connectable).
  const canSend = await page.evaluate(
    (id) =>
      typeof (globalThis as { chrome?: { runtime?: { sendMessage?: unknown } } }).chrome?.runtime?.sendMessage === 'function' &&
      id.length > 0,
    ext.extensionId,
  );
  expect(canSend).toBe(false);
});
