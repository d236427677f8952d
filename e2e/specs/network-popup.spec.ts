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
      (id) => chrome.debugger.sendCommand({ tabId: id }, 'Runtime.evaluate', { expression: '1' }).then(() => true, () => false),
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
