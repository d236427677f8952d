import { expect, test } from '../harness/fixtures';
import { eventsOf, readStoredCapture } from './capture-support';

test('a repro starts from the popup on a site that was never allowed, records, and stops', async ({ ext, server }) => {
  const page = await ext.context.newPage();
  await page.goto(server.url('/capture/one.html'));
  const tabId = await ext.tabIdOf(page);
  const popup = await ext.openPopupFor(page);
  await expect(popup.getByTestId('capture-status')).toHaveText(/Not recording this site/);

  await popup.getByRole('button', { name: 'Start a repro' }).click();
  await expect(popup.getByTestId('capture-status')).toHaveText(/Recording a repro · \d+:\d\d/);
  await expect.poll(() => ext.inWorker((id) => chrome.action.getBadgeText({ tabId: id }), tabId)).toBe('REC');
  const modes = await ext.inWorker(async () => (await chrome.storage.session.get('capture.recordingTabs'))['capture.recordingTabs'], null);
  expect((modes as Record<string, { mode: string }>)[tabId]?.mode).toBe('repro');

  await page.locator('#submit').click();
  const options = await ext.openExtensionPage('options.html');
  await expect
    .poll(async () =>
      eventsOf(await readStoredCapture(options), tabId)
        .map((e) => e.type)
        .slice(0, 2),
    )
    .toEqual([4, 2]);
  await expect
    .poll(async () => (await readStoredCapture(options)).logs.some((l) => l.tabId === tabId && l.step?.text === 'Click "Sign in"'))
    .toBe(true);

  // The repro follows the tab to the next page, which the site policy does not cover either.
  await page.bringToFront();
  await page.locator('#next').click();
  await page.waitForURL(/two\.html$/);
  await expect
    .poll(async () =>
      eventsOf(await readStoredCapture(options), tabId).some((e) => e.type === 2 && JSON.stringify(e).includes('SECONDPAGEMARKER')),
    )
    .toBe(true);

  await popup.bringToFront();
  await popup.getByRole('button', { name: 'Stop the repro' }).click();
  await expect(popup.getByTestId('capture-summary')).toContainText('repro kept for the report');
  await expect(popup.getByRole('button', { name: 'Start a repro' })).toBeVisible();
  expect(await ext.inWorker((id) => chrome.action.getBadgeText({ tabId: id }), tabId)).toBe('');
  const row = (await readStoredCapture(options)).tabs.find((t) => t.tabId === tabId);
  expect(row?.repro).toMatchObject({ until: expect.any(Number) });
});

test('the popup pauses recording everywhere and puts a site on the never-record list', async ({ ext, server }) => {
  await ext.allowOrigin(server.origin);
  const page = await ext.context.newPage();
  await page.goto(server.url('/capture/two.html'));
  const tabId = await ext.tabIdOf(page);
  const badge = () => ext.inWorker((id) => chrome.action.getBadgeText({ tabId: id }), tabId);
  await expect.poll(badge).toBe('REC');
  const popup = await ext.openPopupFor(page);
  await expect(popup.getByTestId('capture-summary')).toContainText(/\d+ events/);

  await popup.getByLabel('Pause recording on all sites').check();
  await expect(popup.getByTestId('capture-status')).toHaveText(/Recording is paused/);
  await expect.poll(badge).toBe('❚❚');
  await popup.getByLabel('Pause recording on all sites').uncheck();

  await popup.getByRole('button', { name: 'Never record on 127.0.0.1' }).click();
  await expect(popup.getByTestId('capture-status')).toHaveText(/never-record list/);
  await expect(popup.getByRole('button', { name: 'Start a repro' })).toHaveCount(0);
  const settings = (await ext.inWorker(() => chrome.storage.local.get('settings.capture'), null))['settings.capture'] as {
    denyPatterns: string[];
  };
  expect(settings.denyPatterns).toEqual(['127.0.0.1']);
  await page.reload();
  await expect.poll(badge).toBe('');
});
