/**
 * Firefox runs Repro's background as an event page and unloads it when idle. This profile lowers the
 * idle timeout (`extensions.background.idle.timeout`) so Firefox really unloads it during the test; the
 * test build counts background starts (lib/ui/e2e-hooks.ts), so the test knows it happened. What was
 * recorded before, and the recording and network capture after, all reach the report.
 */
import { expect, test } from '@playwright/test';
import type { Har } from 'har-format';
import { installSpineRoutes } from '../fixtures/sites/spine/routes';
import { startFixtureServer, type FixtureServer } from '../harness/fixture-server';
import { firefoxPath, launchFirefoxWithExtension, savedReportZip, until } from '../harness/firefox';
import { readStoredCapture } from './capture-support';

const executable = firefoxPath();
test.skip(!executable, 'no Firefox found (FIREFOX_PATH, /usr/bin/firefox-esr or /usr/bin/firefox)');

let server: FixtureServer;
test.beforeAll(async () => {
  server = await startFixtureServer();
  installSpineRoutes(server);
});
test.afterAll(async () => server?.close());

const IDLE_MS = 2_000;

test('after Firefox unloads the idle event page, recording and network capture go on and the report holds both sides', async () => {
  test.setTimeout(180_000);
  const ff = await launchFirefoxWithExtension(executable!, server.origin, { 'extensions.background.idle.timeout': IDLE_MS });
  try {
    const starts = () =>
      ff.inExtension(async () => Number((await chrome.storage.session.get('e2e.backgroundStarts'))['e2e.backgroundStarts'] ?? 0), null);
    const steps = async (tabId: number) =>
      (await readStoredCapture(ff.control as never, ['logs'])).logs.filter((l) => l.tabId === tabId && l.step).map((l) => l.step!.text);
    await ff.allowOrigin(server.origin);
    const page = await ff.browser.newPage();
    await page.goto(server.url('/spine/index.html'));
    const tabId = await ff.tabIdOf(page);
    await ff.networkAttached(tabId);
    await page.click('#load');
    await until(async () => (await steps(tabId)).includes('Click "Load products"'), 'the first step');
    const before = await starts();

    // Nothing happens for a while: Firefox unloads the page. A click wakes it (the recorder's batch).
    await new Promise((resolve) => setTimeout(resolve, IDLE_MS * 4));
    await page.click('#order');
    await until(async () => (await starts()) > before, 'the background to start again after being unloaded', 30_000);
    await until(async () => (await steps(tabId)).includes('Click "Place order"'), 'the step after the restart');

    const reporter = await ff.openReporterFor(page);
    const stepsText = await until(
      async () => {
        const value = await reporter.evaluate(() => document.querySelector<HTMLTextAreaElement>('#r-steps')?.value ?? '');
        return value.includes('Click "Place order"') ? value : '';
      },
      'the steps in the reporter',
      30_000,
    );
    expect(stepsText).toContain('Click "Load products"');
    expect(await reporter.evaluate(() => document.querySelector('[data-testid="capture-status"]')?.textContent ?? '')).toMatch(
      /Recording this tab/,
    );
    await reporter.type('#r-title', 'Order fails after a pause');
    await reporter.click('button[type="submit"]');
    const { zip } = await savedReportZip(ff);
    const har = JSON.parse(await zip.file('network.har')!.async('string')) as Har;
    const api = har.log.entries.filter((e) => e.request.url.includes('/spine/api/'));
    // One request from before the unload, one from after, both with their bodies.
    expect(api.map((e) => [new URL(e.request.url).pathname, e.response.status, Boolean(e.response.content.text)])).toEqual([
      ['/spine/api/products', 200, true],
      ['/spine/api/order', 500, true],
    ]);
  } finally {
    await ff.close();
  }
});
