/**
 * Repro in Firefox ESR, as a tester walks it: allow the shop, browse two pages (a console error, a
 * request that works and one that fails), open the reporter, annotate the screenshot, download the zip,
 * find everything in it (network bodies included) and open it in the extension's viewer; the secrets
 * fixture recorded the same way leaks no canary. Driven through puppeteer: e2e/harness/firefox.ts says
 * how the extension's own pages are reached.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import type { Entry, Har } from 'har-format';
import JSZip from 'jszip';
import type { ElementHandle, Page } from 'puppeteer-core';
import { harErrors } from '../../lib/network/har-validate';
import { REDACTED } from '../../lib/redact';
import { CANARIES } from '../fixtures/sites/secrets/canaries';
import { describeLeaks, expand, scanItems } from '../fixtures/sites/secrets/leak-scan';
import { canaryInitScript, registerSecretRoutes, secretsPageUrl, TESTER_PRIVACY_SETTINGS } from '../fixtures/sites/secrets/routes';
import { installSpineRoutes, ORDER_ERROR } from '../fixtures/sites/spine/routes';
import { startFixtureServer, type FixtureServer } from '../harness/fixture-server';
import { firefoxPath, launchFirefoxWithExtension, savedReportZip, until, type FirefoxExtension } from '../harness/firefox';
import { readStoredCapture } from './capture-support';
import { rrwebScript } from './replay-support';
import { FULL_REPORT_FILES, validReportJson } from './report-support';

const executable = firefoxPath();
test.skip(!executable, 'no Firefox found (FIREFOX_PATH, /usr/bin/firefox-esr or /usr/bin/firefox)');

const META = 4;
const FULL_SNAPSHOT = 2;

let server: FixtureServer;
test.beforeAll(async () => {
  server = await startFixtureServer();
  installSpineRoutes(server);
});
test.afterAll(async () => server?.close());

const text = (page: Page, selector: string) => page.evaluate((s) => document.querySelector(s)?.textContent ?? '', selector);
const value = (page: Page, selector: string) =>
  page.evaluate((s) => document.querySelector<HTMLTextAreaElement | HTMLInputElement>(s)?.value ?? '', selector);

/** Allows the fixture site and opens `url` once the tab records and its network is captured. */
async function openRecorded(ff: FirefoxExtension, url: string, init?: string): Promise<{ page: Page; tabId: number }> {
  await ff.allowOrigin(server.origin);
  const page = await ff.browser.newPage();
  if (init) await page.evaluateOnNewDocument(init);
  await page.goto(url);
  const tabId = await ff.tabIdOf(page);
  await until(async () => (await ff.inExtension((id) => chrome.action.getBadgeText({ tabId: id }), tabId)) === 'REC', 'the REC badge');
  await ff.networkAttached(tabId);
  return { page, tabId };
}

/** Waits until the capture store holds `step` for `tabId` (batches leave the page every half second). */
async function waitForStep(ff: FirefoxExtension, tabId: number, step: string): Promise<void> {
  await until(
    async () => (await readStoredCapture(ff.control as never, ['logs'])).logs.some((l) => l.tabId === tabId && l.step?.text === step),
    `step ${step}`,
  );
}

/**
 * Waits until the tab's recorder runs on the page at `url` (its first snapshot is stored): a click made
 * before the worker has told a new page to record is not recorded, however short that moment is.
 */
async function waitForRecordedPage(ff: FirefoxExtension, tabId: number, url: RegExp): Promise<void> {
  await until(
    async () =>
      (await readStoredCapture(ff.control as never, ['tabs'])).tabs.some(
        (t) => t.tabId === tabId && t.buffer.segments.some((s) => url.test(s.url) && s.hasFull),
      ),
    `the recorder on ${url.source}`,
  );
}

/** Clicks Download .zip in the reporter and reads the zip Firefox saved. */
async function downloadZip(ff: FirefoxExtension, reporter: Page): Promise<{ path: string; zip: JSZip }> {
  await reporter.click('button[type="submit"]');
  await until(
    async () => /Saved repro-127\.0\.0\.1-\d{8}-\d{6}\.zip/.test(await text(reporter, '[data-testid="outcome"]')),
    'the saved zip',
    60_000,
  );
  const saved = await savedReportZip(ff);
  expect(path.dirname(saved.path)).toBe(ff.downloads);
  return saved;
}

/** The reporter for `page`'s tab, once it has read what was recorded. */
async function openReporter(ff: FirefoxExtension, page: Page): Promise<Page> {
  const reporter = await ff.openReporterFor(page);
  await until(async () => /replay event/.test(await text(reporter, '[data-testid="captured-counts"]')), 'the captured counts', 30_000);
  return reporter;
}

/** Replays `events` with rrweb's own Replayer in a blank Firefox page, at their end, and returns the text shown. */
async function replayEndText(ff: FirefoxExtension, events: { timestamp: number }[]): Promise<string> {
  const page = await ff.browser.newPage();
  await page.setContent('<!doctype html><html><body></body></html>');
  await page.addScriptTag({ content: readFileSync(rrwebScript, 'utf8') });
  const shown = await page.evaluate((recorded) => {
    const { Replayer } = (
      window as unknown as { rrweb: { Replayer: new (e: unknown[], o: object) => { pause(t: number): void; iframe: HTMLIFrameElement } } }
    ).rrweb;
    const replayer = new Replayer(recorded, { root: document.body, mouseTail: false });
    replayer.pause(recorded.at(-1)!.timestamp - recorded[0]!.timestamp);
    return replayer.iframe.contentDocument?.body?.innerText ?? '';
  }, events);
  await page.close();
  return shown;
}

/** The decoded response body of a HAR entry. */
function bodyOf(entry: Entry): string {
  const { text: body = '', encoding } = entry.response.content;
  return encoding === 'base64' ? Buffer.from(body, 'base64').toString() : body;
}

/** Width and height of a PNG, from its IHDR chunk. */
function pngSize(bytes: Uint8Array): { width: number; height: number } {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  return { width: view.getUint32(16), height: view.getUint32(20) };
}

test("a tester's day in Firefox: browse two pages, annotate, download a report that holds everything, open it in the viewer", async () => {
  test.setTimeout(240_000);
  const ff = await launchFirefoxWithExtension(executable!, server.origin);
  try {
    const { page, tabId } = await openRecorded(ff, server.url('/spine/index.html'));

    // Page 1: log, an uncaught error, one request that works and one that fails, and some typing.
    await page.click('#log');
    await until(async () => (await text(page, '#out')) === 'Cart opened.', 'the cart');
    await page.click('#throw');
    await page.click('#load');
    await until(async () => (await text(page, '#out')) === 'Loaded 2 products.', 'the products');
    await page.click('#order');
    await until(async () => (await text(page, '#out')) === 'Order failed: HTTP 500', 'the failed order');
    await page.type('#email', 'tester-7731@example.com');
    // Page 2.
    await Promise.all([page.waitForNavigation(), page.click('#next')]);
    await waitForRecordedPage(ff, tabId, /checkout\.html$/);
    await page.click('#pay');
    await until(async () => (await text(page, '#paid')) === 'Payment pending', 'the payment');
    await waitForStep(ff, tabId, 'Click "Pay now"');

    // The popup: network capture runs, and no debugging bar is explained, since Firefox shows none.
    const popup = await ff.openPopupFor(page);
    await until(
      async () => /^Capturing network \(\d+ requests kept\)$/.test(await text(popup, '[data-testid="network-status"]')),
      'the network status',
    );
    expect(await popup.$('[data-testid="debugger-note"]')).toBeNull();
    await popup.close();

    // The reporter: the form filled with what Repro knows, a screenshot to annotate.
    const reporter = await openReporter(ff, page);
    const stepsText = await until(async () => {
      const steps = await value(reporter, '#r-steps');
      return steps.includes('Click "Pay now"') ? steps : '';
    }, 'the recorded steps');
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
    const counts = await text(reporter, '[data-testid="captured-counts"]');
    expect(counts).toContain('1 console error');
    expect(counts).toContain('1 failed request');
    const canvas = await until(() => reporter.$('[data-testid="annotation-canvas"]'), 'the screenshot to annotate', 30_000);
    const box = (await canvas.boundingBox())!;
    await reporter.mouse.move(box.x + 20, box.y + 20);
    await reporter.mouse.down();
    await reporter.mouse.move(box.x + 120, box.y + 80, { steps: 5 });
    await reporter.mouse.up();
    await until(
      () =>
        reporter.evaluate(() =>
          document.querySelector('[data-testid="annotation-stage"]')?.getAttribute('aria-label')?.startsWith('Screenshot, 1 annotation'),
        ),
      'the annotation',
    );

    await reporter.type('#r-title', 'Order fails after the coupon error');
    const { path: zipPath, zip } = await downloadZip(ff, reporter);
    expect(Object.keys(zip.files).sort()).toEqual(FULL_REPORT_FILES);

    // report.json: valid, both pages, Firefox named, counts that match the files.
    const report = await validReportJson(zip);
    expect(report.recording.pages.map((p: { url: string }) => p.url)).toEqual([
      server.url('/spine/index.html'),
      server.url('/spine/checkout.html'),
    ]);
    expect(report.page.url).toBe(server.url('/spine/checkout.html'));
    expect(report.environment.browser).toMatch(/Firefox/);

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
    expect(await replayEndText(ff, events)).toContain('Checkout SPINEPAGETWO');

    // console.json: the log line and the uncaught error with its stack.
    const consoleRows = JSON.parse(await zip.file('console.json')!.async('string')) as {
      level: string;
      message: string;
      source?: string;
      stack?: string;
    }[];
    expect(consoleRows.some((c) => c.level === 'log' && c.message.includes('spine cart opened'))).toBe(true);
    const uncaught = consoleRows.find((c) => c.message.includes('spine coupon is undefined'));
    expect(uncaught).toMatchObject({ level: 'error', source: 'error' });
    expect(uncaught?.stack).toContain('applyCoupon');
    expect(report.counts.consoleErrors).toBe(
      consoleRows.filter((c) => c.level === 'error' || c.source === 'error' || c.source === 'rejection').length,
    );

    // network.har: valid HAR 1.2; both pages; both requests with their bodies, the 500's error body among them.
    const har = JSON.parse(await zip.file('network.har')!.async('string')) as Har;
    expect(harErrors(har)).toEqual([]);
    expect(har.log.pages!.map((p) => p.title)).toEqual([server.url('/spine/index.html'), server.url('/spine/checkout.html')]);
    const api = har.log.entries.filter((e) => e.request.url.includes('/spine/api/'));
    expect(api.map((e) => [e.request.method, new URL(e.request.url).pathname, e.response.status])).toEqual([
      ['GET', '/spine/api/products', 200],
      ['POST', '/spine/api/order', 500],
    ]);
    const [products, order] = api as [Entry, Entry];
    expect(JSON.parse(bodyOf(products))).toEqual({
      products: [
        { id: 1, name: 'Tea' },
        { id: 2, name: 'Milk' },
      ],
    });
    expect(JSON.parse(bodyOf(order))).toEqual(ORDER_ERROR);
    expect(JSON.parse(order.request.postData!.text!)).toEqual({ sku: 'S-1', qty: 1 });
    expect(order.pageref).toBe(har.log.pages![0]!.id);
    // The pages' own documents pass through the response filter too, whole.
    const checkout = har.log.entries.find((e) => e.request.url === server.url('/spine/checkout.html'))!;
    expect(bodyOf(checkout)).toBe(readFileSync(path.join(import.meta.dirname, '../fixtures/sites/spine/checkout.html'), 'utf8'));
    // Firefox gives event times, not a timing split: the entry says its timings are estimated.
    expect(order.timings.comment).toMatch(/estimated from Firefox webRequest event times/);
    expect(order.timings.wait).toBeGreaterThanOrEqual(0);
    expect(report.counts.failedRequests).toBe(har.log.entries.filter((e) => e.response.status >= 400 || e.response.status === 0).length);
    expect(report.counts.failedRequests).toBe(1);

    // README.md: the failed request and the console error, for a human.
    const readme = await zip.file('README.md')!.async('string');
    expect(readme).toMatch(/\| POST \| .*\/spine\/api\/order \| 500/);
    expect(readme).toContain('spine coupon is undefined');

    // screenshot.png: the visible tab at 1280 px, the annotation drawn in.
    expect(pngSize(await zip.file('screenshot.png')!.async('uint8array')).width).toBe(1280);
    expect(describeLeaks(scanItems((await expand('report.zip', readFileSync(zipPath))).items))).toBe('no canary leaked');

    // The extension's viewer opens the zip: the replay reaches page 2, console and network show the entries.
    const viewer = await ff.openExtensionPage('viewer.html');
    const input = (await until(() => viewer.$('[data-testid="zip-input"]'), 'the zip picker')) as ElementHandle<HTMLInputElement>;
    await input.uploadFile(zipPath);
    await until(
      () =>
        viewer.evaluate(() =>
          document
            .querySelector<HTMLIFrameElement>('[data-testid="replay"] iframe')
            ?.contentDocument?.body?.textContent?.includes('Corner shop'),
        ),
      'the replay',
      30_000,
    );
    expect(await text(viewer, '[data-testid="console-list"]')).toContain('spine coupon is undefined');
    await viewer.evaluate(() =>
      [...document.querySelectorAll<HTMLElement>('[role="tab"]')].find((t) => /Network/.test(t.textContent ?? ''))?.click(),
    );
    await until(
      async () => (await text(viewer, '[data-testid="network-list"] tr.failed')).includes('/spine/api/order'),
      'the failed request in the viewer',
    );
    expect(await text(viewer, '[data-testid="network-list"]')).toContain('/spine/api/products');
  } finally {
    await ff.close();
  }
});

test('in Firefox, the secrets fixture recorded and downloaded leaks no canary, and its requests are there redacted', async () => {
  test.setTimeout(240_000);
  registerSecretRoutes(server);
  const ff = await launchFirefoxWithExtension(executable!, server.origin);
  try {
    // The same tester's setting as the Chromium leak suite (security-secret-leaks.spec.ts).
    await ff.inExtension((settings) => chrome.storage.local.set(settings), TESTER_PRIVACY_SETTINGS);
    const { page } = await openRecorded(ff, secretsPageUrl(server), canaryInitScript());
    await until(async () => (await text(page, '#masked')).includes('Account key'), 'the secrets page');
    const frame = page.frames().find((f) => f !== page.mainFrame());
    for (const c of CANARIES.filter((x) => x.place === 'input')) {
      const target = c.id === 'input-iframe' ? frame! : page;
      // Playwright's shadow-piercing `>>` is puppeteer's `>>>`.
      const selector = c.selector!.replace(/ >> /g, ' >>> ');
      // Firefox 140 cannot locate a frame's element for a click inside it (WebDriver BiDi's "context"
      // locator): the field in the frame is focused and typed into.
      if (target === page) await target.click(selector);
      else await target.focus(selector);
      await target.type(selector, c.value);
      // Typed where it should be: a canary never typed could not leak.
      expect(await target.$eval(selector, (el) => ('value' in el ? (el as HTMLInputElement).value : el.textContent))).toBe(c.value);
    }
    // Names that are masked in the replay, clicked: their steps must name them by role only.
    await page.click('#patient-name');
    await page.click('#mention');
    await page.click('#run-network');
    await until(async () => (await text(page, '#done')).includes('network'), 'the requests', 30_000);
    await page.click('#run-console');
    await page.click('#run-storage');
    await until(async () => (await text(page, '#done')).includes('storage'), 'the storage writes');

    const reporter = await openReporter(ff, page);
    await reporter.type('#r-title', 'Login loops back to the form');
    const { path: zipPath, zip } = await downloadZip(ff, reporter);
    const scanned = await expand('report.zip', readFileSync(zipPath));
    for (const file of [
      'report.json',
      'recording.json',
      'network.har',
      'console.json',
      'README.md',
      'viewer.html',
      'viewer.html (embedded data)',
    ]) {
      expect(scanned.items.map((i) => i.name)).toContain(`report.zip/${file}`);
    }
    const storage = await ff.inExtension(
      async () => JSON.stringify([await chrome.storage.local.get(null), await chrome.storage.session.get(null)]),
      null,
    );
    const leaks = scanItems([...scanned.items, { name: 'extension storage', bytes: Buffer.from(storage) }]);
    expect(describeLeaks(leaks)).toBe('no canary leaked');

    // And no leak because nothing was captured: the requests are there, with their bodies, redacted.
    const har = JSON.parse(await zip.file('network.har')!.async('string')) as Har;
    expect(harErrors(har)).toEqual([]);
    const entries = (p: string) => har.log.entries.filter((e) => new URL(e.request.url).pathname === p);
    expect(entries('/secrets/api/echo').length).toBeGreaterThanOrEqual(12);
    const [login] = entries('/secrets/api/login');
    expect(login!.request.headers.find((h) => h.name.toLowerCase() === 'authorization')?.value).toBe(REDACTED);
    expect(login!.request.postData?.text).toContain(REDACTED);
    expect(bodyOf(login!)).toContain(REDACTED);
    expect(login!.response.headers.find((h) => h.name.toLowerCase() === 'set-cookie')?.value).toBe(REDACTED);
    expect(bodyOf(entries('/secrets/api/b64-response')[0]!)).toBeTruthy();
  } finally {
    await ff.close();
  }
});
