/** The popup's network section: explains the debugging bar once, and switches capture off per site. */
import { expect, test } from '../harness/fixtures';
import { installNetworkRoutes } from '../fixtures/sites/network/routes';

test('explains the debugging bar once and turns network capture off for the site', async ({ ext, server }) => {
  installNetworkRoutes(server);
  await ext.allowOrigin(server.origin);
  const page = await ext.context.newPage();
  await page.goto(server.url('/network/index.html'));
  const tabId = await ext.tabIdOf(page);
  // getTargets() says "attached" for Playwright's own session too; a command only works in ours.
  const debuggerAttached = () =>
    ext.inWorker(
      (id) =>
        chrome.debugger.sendCommand({ tabId: id }, 'Runtime.evaluate', { expression: '1' }).then(
          () => true,
          () => false,
        ),
      tabId,
    );
  await expect.poll(debuggerAttached).toBe(true);

  const popup = await ext.openPopupFor(page);
  await expect(popup.getByTestId('network-status')).toHaveText(/Capturing network/);
  await expect(popup.getByTestId('debugger-note')).toContainText('started debugging this browser');
  await popup.getByRole('button', { name: 'Got it' }).click();
  await expect(popup.getByTestId('debugger-note')).toHaveCount(0);

  await popup.getByTestId('network-site-switch').uncheck();
  await expect(popup.getByTestId('network-status')).toHaveText('Network capture is off on this site');
  await expect.poll(debuggerAttached).toBe(false);

  // The note stays dismissed and the switch brings capture back.
  await popup.reload();
  await popup.getByTestId('network-site-switch').check();
  await expect(popup.getByTestId('network-status')).toHaveText(/Capturing network/);
  await expect(popup.getByTestId('debugger-note')).toHaveCount(0);
  await expect.poll(debuggerAttached).toBe(true);
});

test('redaction rules added on the options page apply to captured requests', async ({ ext, server }) => {
  installNetworkRoutes(server);
  await ext.allowOrigin(server.origin);
  const options = await ext.openExtensionPage('options.html');
  await options.getByLabel('Regular expressions').fill('(');
  await options.getByLabel('Regular expressions').blur();
  await expect(options.getByRole('alert')).toContainText('not a valid regular expression');
  await options.getByLabel('Query and body field names').fill('user');
  await options.getByLabel('Query and body field names').blur();
  await options.getByLabel(/URLs whose bodies are never captured/).fill('/api/fail');
  await options.getByLabel(/URLs whose bodies are never captured/).blur();

  const page = await ext.context.newPage();
  await page.goto(server.url('/network/index.html'));
  const tabId = await ext.tabIdOf(page);
  const ours = () =>
    ext.inWorker(
      (id) =>
        chrome.debugger.sendCommand({ tabId: id }, 'Runtime.evaluate', { expression: '1' }).then(
          () => true,
          () => false,
        ),
      tabId,
    );
  await expect.poll(ours).toBe(true);
  await page.evaluate(() => (window as unknown as { runScenario(): Promise<boolean> }).runScenario());

  const stored = () =>
    options.evaluate(async (id) => {
      const db = await new Promise<IDBDatabase>((resolve) => {
        const open = indexedDB.open('repro-network');
        open.onsuccess = () => resolve(open.result);
      });
      const records = await new Promise<
        { entry: { request: { url: string; postData?: { text?: string } }; response: { content: { text?: string } } } }[]
      >((resolve) => {
        const request = db.transaction('entries').objectStore('entries').index('tabId').getAll(id);
        request.onsuccess = () => resolve(request.result);
      });
      db.close();
      return records.map((r) => r.entry);
    }, tabId);
  await expect
    .poll(async () => (await stored()).map((e) => new URL(e.request.url).pathname))
    .toEqual(expect.arrayContaining(['/api/login', '/api/fail']));
  const entries = await stored();
  const login = entries.find((e) => e.request.url.endsWith('/api/login'))!;
  expect(JSON.parse(login.request.postData!.text!)).toMatchObject({ user: '[redacted]' });
  expect(entries.find((e) => e.request.url.endsWith('/api/fail'))!.response.content.text).toBeUndefined();
});
