/**
 * The spine of the product, as a tester walks it: browse an allowed site, open the reporter, download the
 * report, and find everything in the zip — and the reporter on a site that records nothing, a repro
 * stopped from the reporter, and the popup after a restarted worker.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Page } from '@playwright/test';
import type { Har } from 'har-format';
import { installSpineRoutes, ORDER_ERROR } from '../fixtures/sites/spine/routes';
import type { LaunchedExtension } from '../harness/chromium';
import type { FixtureServer } from '../harness/fixture-server';
import { expect, test, type ExtensionHelpers } from '../harness/fixtures';
import { readStoredCapture } from './capture-support';
import { replayPage } from './replay-support';
import { downloadZip, FULL_REPORT_FILES, validReportJson } from './report-support';
import { stopWorker } from './worker-support';

type ExtensionFixture = LaunchedExtension & ExtensionHelpers;

const META = 4;
const FULL_SNAPSHOT = 2;

interface ConsoleRow {
  level: string;
  message: string;
  source?: string;
  stack?: string;
}

/** The URLs of the HAR entries the network store holds for `tabId`, read from an extension page. */
async function storedRequestUrls(extensionPage: Page, tabId: number): Promise<string[]> {
  return extensionPage.evaluate(async (id) => {
    if (!(await indexedDB.databases()).some((d) => d.name === 'repro-network')) return [];
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const request = indexedDB.open('repro-network');
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(request.error);
    });
    if (!db.objectStoreNames.contains('entries')) {
      db.close();
      return [];
    }
    const rows = await new Promise<{ tabId: number; entry: { request: { url: string } } }[]>((resolve, reject) => {
      const request = db.transaction('entries').objectStore('entries').getAll();
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(request.error);
    });
    db.close();
    return rows.filter((r) => r.tabId === id).map((r) => r.entry.request.url);
  }, tabId);
}

/** Waits until the capture store holds `step` for `tabId` (batches leave the page every half second). */
async function waitForStep(reader: Page, tabId: number, step: string): Promise<void> {
  await expect
    .poll(async () => (await readStoredCapture(reader)).logs.some((l) => l.tabId === tabId && l.step?.text === step), { timeout: 15_000 })
    .toBe(true);
}

/** Allows the fixture server's site and opens the shop's first page, once it records. */
async function openShop(ext: ExtensionFixture, server: FixtureServer): Promise<{ page: Page; tabId: number }> {
  installSpineRoutes(server);
  await ext.allowOrigin(server.origin);
  const page = await ext.context.newPage();
  await page.goto(server.url('/spine/index.html'));
  const tabId = await ext.tabIdOf(page);
  await expect.poll(() => ext.inWorker((id) => chrome.action.getBadgeText({ tabId: id }), tabId)).toBe('REC');
  return { page, tabId };
}

/** Replays `events` with rrweb's own Replayer in a blank page, at their end, and returns the text shown. */
async function replayEndText(ext: ExtensionFixture, events: { timestamp: number }[]): Promise<string> {
  const page = await replayPage(ext.context);
  const text = await page.evaluate((recorded) => {
    const { Replayer } = (
      window as unknown as { rrweb: { Replayer: new (e: unknown[], o: object) => { pause(t: number): void; iframe: HTMLIFrameElement } } }
    ).rrweb;
    const replayer = new Replayer(recorded, { root: document.body, mouseTail: false });
    replayer.pause(recorded.at(-1)!.timestamp - recorded[0]!.timestamp);
    return replayer.iframe.contentDocument?.body?.innerText ?? '';
  }, events);
  await page.close();
  return text;
}

test("a tester's day: browse two pages, open the reporter, download a report that holds everything", async ({ ext, server }, testInfo) => {
  const { page, tabId } = await openShop(ext, server);
  const reader = await ext.openExtensionPage('options.html');
  // Network capture attaches to the tab on its own; the day starts once it runs.
  await expect
    .poll(() => ext.inWorker(async (id) => (await chrome.debugger.getTargets()).some((t) => t.tabId === id && t.attached), tabId))
    .toBe(true);

  // Page 1: log, an uncaught error, one request that works and one that fails, and some typing.
  await page.bringToFront();
  await page.getByRole('button', { name: 'Open the cart' }).click();
  await expect(page.locator('#out')).toHaveText('Cart opened.');
  await page.getByRole('button', { name: 'Apply coupon' }).click();
  await page.getByRole('button', { name: 'Load products' }).click();
  await expect(page.locator('#out')).toHaveText('Loaded 2 products.');
  await page.getByRole('button', { name: 'Place order' }).click();
  await expect(page.locator('#out')).toHaveText('Order failed: HTTP 500');
  await page.getByLabel('Email').pressSequentially('tester-7731@example.com');
  // Page 2.
  await page.getByRole('link', { name: 'Go to checkout' }).click();
  await page.waitForURL(/checkout\.html$/);
  await page.getByRole('button', { name: 'Pay now' }).click();
  await expect(page.locator('#paid')).toHaveText('Payment pending');

  await waitForStep(reader, tabId, 'Click "Pay now"');
  await expect
    .poll(async () => (await storedRequestUrls(reader, tabId)).filter((u) => u.includes('/spine/api/')).length, { timeout: 15_000 })
    .toBe(2);

  // The reporter's form, already filled with what Repro knows.
  const reporter = await ext.openReporterFor(page);
  const steps = reporter.getByLabel('Steps to reproduce');
  await expect(steps).toHaveValue(/Click "Pay now"/);
  const stepsText = await steps.inputValue();
  for (const step of [
    'Click "Open the cart"',
    'Click "Apply coupon"',
    'Click "Load products"',
    'Click "Place order"',
    'Type into "Email"',
    'Click "Go to checkout"',
  ]) {
    expect(stepsText).toContain(step);
  }
  expect(stepsText).not.toContain('tester-7731');
  await expect(reporter.getByTestId('captured-counts')).toContainText('1 console error');
  await expect(reporter.getByTestId('captured-counts')).toContainText('1 failed request');
  await expect(reporter.getByTestId('annotation-canvas')).toBeVisible();

  await reporter.getByLabel('Title').fill('Order fails after the coupon error');
  const { zip } = await downloadZip(ext, reporter);
  expect(Object.keys(zip.files).sort()).toEqual(FULL_REPORT_FILES);

  // report.json: valid, both pages, counts that match the files.
  const report = await validReportJson(zip);
  expect(report.recording.pages.map((p: { url: string }) => p.url)).toEqual([
    server.url('/spine/index.html'),
    server.url('/spine/checkout.html'),
  ]);
  expect(report.page.url).toBe(server.url('/spine/checkout.html'));

  // recording.json: a Meta + FullSnapshot for each page, in time order, and it replays to page 2.
  const events = JSON.parse(await zip.file('recording.json')!.async('string')) as {
    type: number;
    timestamp: number;
    data: { href?: string };
  }[];
  expect(report.counts.events).toBe(events.length);
  const times = events.map((e) => e.timestamp);
  expect([...times].sort((a, b) => a - b)).toEqual(times);
  const metas = events.flatMap((e, i) => (e.type === META ? [i] : []));
  expect(metas.map((i) => events[i]!.data.href)).toEqual([server.url('/spine/index.html'), server.url('/spine/checkout.html')]);
  for (const i of metas) expect(events[i + 1]!.type).toBe(FULL_SNAPSHOT);
  expect(await replayEndText(ext, events)).toContain('Checkout SPINEPAGETWO');

  // console.json: the log line and the uncaught error with its stack.
  const consoleRows = JSON.parse(await zip.file('console.json')!.async('string')) as ConsoleRow[];
  expect(consoleRows.some((c) => c.level === 'log' && c.message.includes('spine cart opened'))).toBe(true);
  const uncaught = consoleRows.find((c) => c.message.includes('spine coupon is undefined'));
  expect(uncaught).toMatchObject({ level: 'error', source: 'error' });
  expect(uncaught?.stack).toContain('applyCoupon');
  const errors = consoleRows.filter((c) => c.level === 'error' || c.source === 'error' || c.source === 'rejection');
  expect(report.counts.consoleErrors).toBe(errors.length);

  // network.har: both requests, the 500 with its body.
  const har = JSON.parse(await zip.file('network.har')!.async('string')) as Har;
  const api = har.log.entries.filter((e) => e.request.url.includes('/spine/api/'));
  expect(api.map((e) => [e.request.method, new URL(e.request.url).pathname, e.response.status])).toEqual([
    ['GET', '/spine/api/products', 200],
    ['POST', '/spine/api/order', 500],
  ]);
  const failed = api[1]!;
  const body =
    failed.response.content.encoding === 'base64'
      ? Buffer.from(failed.response.content.text ?? '', 'base64').toString()
      : failed.response.content.text;
  expect(JSON.parse(body ?? '')).toEqual(ORDER_ERROR);
  expect(report.counts.failedRequests).toBe(har.log.entries.filter((e) => e.response.status >= 400 || e.response.status === 0).length);
  expect(report.counts.failedRequests).toBe(1);

  // README.md: the failed request and the console error, for a human.
  const readme = await zip.file('README.md')!.async('string');
  expect(readme).toMatch(/\| POST \| .*\/spine\/api\/order \| 500/);
  expect(readme).toContain('spine coupon is undefined');

  // viewer.html, opened from disk: the replay reaches page 2, console and network show the entries.
  const dir = testInfo.outputPath('unzipped');
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, 'viewer.html'), await zip.file('viewer.html')!.async('string'));
  const viewer = await ext.context.newPage();
  const leaving: string[] = [];
  viewer.on('request', (r) => {
    if (!/^(file|data|blob):/.test(r.url())) leaving.push(r.url());
  });
  await viewer.goto(pathToFileURL(path.join(dir, 'viewer.html')).href);
  const frame = viewer.frameLocator('[data-testid="replay"] iframe');
  await expect(frame.getByText('Corner shop')).toBeVisible();
  await expect(viewer.getByTestId('console-list')).toContainText('spine coupon is undefined');
  await expect(viewer.getByTestId('console-list')).toContainText('spine cart opened');
  await viewer.getByRole('tab', { name: /Network/ }).click();
  await expect(viewer.getByTestId('network-list').locator('tr.failed')).toContainText('/spine/api/order');
  await expect(viewer.getByTestId('network-list')).toContainText('/spine/api/products');
  await viewer.getByRole('tab', { name: /Steps/ }).click();
  await viewer.locator('.pages li').nth(1).getByRole('button').click();
  await expect(frame.getByText('Checkout SPINEPAGETWO')).toBeVisible();
  await expect(viewer.getByTestId('replay-url')).toHaveText(server.url('/spine/checkout.html'));
  await viewer.getByRole('tab', { name: /Screenshot/ }).click();
  await expect(viewer.locator('img.screenshot')).toBeVisible();
  expect(await viewer.locator('img.screenshot').evaluate((img: HTMLImageElement) => img.naturalWidth)).toBe(1280);
  expect(leaving).toEqual([]);
});

test('on a site that is not allowed the report still builds, says nothing was recorded, and a repro stopped from the reporter fills the form', async ({
  ext,
  server,
}) => {
  const page = await ext.context.newPage();
  await page.goto(server.url('/spine/checkout.html'));
  const tabId = await ext.tabIdOf(page);
  const reporter = await ext.openReporterFor(page);
  await expect(reporter.getByTestId('capture-status')).toHaveText(/Not recording this site/);
  await expect(reporter.getByTestId('nothing-recorded')).toContainText('Nothing was recorded in this tab');
  await expect(reporter.getByTestId('captured-counts')).toContainText('0 replay events');
  await expect(reporter.getByTestId('annotation-canvas')).toBeVisible();

  // Downloading now gives a report with the screenshot and environment, and an empty replay.
  await reporter.getByLabel('Title').fill('Pay button does nothing');
  let { zip } = await downloadZip(ext, reporter);
  let report = JSON.parse(await zip.file('report.json')!.async('string'));
  expect(report.counts).toEqual({ consoleErrors: 0, failedRequests: 0, events: 0 });
  expect(report.recording.pages).toEqual([]);
  expect(report.environment.viewport).toEqual({ width: 1280, height: 800 });
  expect(report.files.screenshot).toBe('screenshot.png');
  expect(JSON.parse(await zip.file('recording.json')!.async('string'))).toEqual([]);
  expect(await zip.file('README.md')!.async('string')).toContain('_Nothing was recorded in this tab');

  // The note's button starts a repro; the tester acts, comes back and stops it.
  await reporter.getByRole('button', { name: 'New report' }).click();
  await reporter.getByRole('button', { name: 'Record a repro' }).click();
  await expect(reporter.getByTestId('capture-status')).toHaveText(/Recording a repro/);
  await expect(reporter.getByTestId('nothing-recorded')).toHaveCount(0);
  await page.bringToFront();
  await page.getByRole('button', { name: 'Pay now' }).click();
  await expect(page.locator('#paid')).toHaveText('Payment pending');
  await waitForStep(await ext.openExtensionPage('options.html'), tabId, 'Click "Pay now"');

  await reporter.bringToFront();
  await reporter.getByRole('button', { name: 'Stop the repro' }).click();
  await expect(reporter.getByTestId('capture-status')).toHaveText(/Not recording this site/);
  // Straight into the form: the repro's steps and events are there, the cursor in the title.
  await expect(reporter.getByLabel('Steps to reproduce')).toHaveValue(/Click "Pay now"/);
  await expect(reporter.getByTestId('captured-counts')).not.toContainText(' 0 replay events');
  await expect(reporter.getByLabel('Title')).toBeFocused();
  await reporter.getByLabel('Title').fill('Pay button does nothing, with a repro');
  ({ zip } = await downloadZip(ext, reporter));
  report = JSON.parse(await zip.file('report.json')!.async('string'));
  expect(report.recording.mode).toBe('repro');
  expect(report.steps).toContain('Click "Pay now"');
  expect(report.counts.events).toBeGreaterThan(1);
});

test('after a worker restart and a reload, the popup still shows what was recorded before', async ({ ext, server }) => {
  const { page, tabId } = await openShop(ext, server);
  await page.getByRole('button', { name: 'Apply coupon' }).click();
  const reader = await ext.openExtensionPage('options.html');
  await waitForStep(reader, tabId, 'Click "Apply coupon"');
  // The click's console error leaves the page in the batch after the click's own: stored before the stop.
  await expect
    .poll(async () => (await readStoredCapture(reader)).logs.some((l) => l.tabId === tabId && l.entry?.level === 'error'), {
      timeout: 15_000,
    })
    .toBe(true);

  // Stop the worker for real, as Chrome does when it is idle; the reload wakes it.
  const stopped = await stopWorker(ext);
  await page.reload();
  await stopped.runningAgain();
  await page.getByRole('button', { name: 'Open the cart' }).click();
  await waitForStep(reader, tabId, 'Click "Open the cart"');

  const popup = await ext.openPopupFor(page);
  await expect(popup.getByTestId('capture-status')).toHaveText(/Recording this tab/);
  await expect(popup.getByTestId('capture-summary')).toContainText(/covers the last \d+:\d\d/);
  await expect(popup.getByTestId('capture-summary')).toContainText('1 console error');
  const reporter = await ext.openReporterFor(page);
  const steps = reporter.getByLabel('Steps to reproduce');
  await expect(steps).toHaveValue(/Click "Apply coupon"/);
  await expect(steps).toHaveValue(/Click "Open the cart"/);
  await expect(reporter.getByTestId('captured-counts')).toContainText('1 console error');
});
