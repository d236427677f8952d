import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Har } from 'har-format';
import { pathToFileURL } from 'node:url';
import { expect, test } from '../harness/fixtures';
import { sampleConsole, sampleHar, sampleReport, standaloneHtml } from '../fixtures/reports/build-report';
import { rrwebScript } from './replay-support';

test('viewer.html opened from disk replays the recording with console and network, offline', async ({ ext, server }, testInfo) => {
  // Record a real page with rrweb: the home page, then a change to it a moment later.
  const site = await ext.context.newPage();
  await site.goto(server.url('/index.html'));
  await site.addScriptTag({ path: rrwebScript });
  await site.evaluate(() => {
    const w = window as unknown as { __events: unknown[]; rrweb: { record(o: { emit(e: unknown): void }): void } };
    w.__events = [];
    w.rrweb.record({ emit: (e) => w.__events.push(e) });
  });
  await site.waitForTimeout(400);
  await site.evaluate(() => {
    const p = document.createElement('p');
    p.textContent = 'Order failed: server error';
    document.body.append(p);
  });
  await site.waitForTimeout(1_200);
  await site.evaluate(() => document.body.setAttribute('data-end', '1'));
  const events = await site.evaluate(() => (window as unknown as { __events: { timestamp: number }[] }).__events);
  await site.close();
  const start = events[0]!.timestamp;
  const end = events.at(-1)!.timestamp;
  expect(end - start).toBeGreaterThan(1_000);

  // Console and network placed on the recording's clock: the error comes with the failed order.
  const consoleEntries = sampleConsole().map((c, i) => ({ ...c, time: i === 0 ? start + 50 : end - 100 }));
  const har = sampleHar() as Har;
  har.log.entries[0]!.startedDateTime = new Date(start + 100).toISOString();
  har.log.entries[1]!.startedDateTime = new Date(end - 150).toISOString();
  const report = sampleReport({
    page: { url: server.url('/index.html'), title: 'Repro fixture: home' },
    recording: {
      ...sampleReport().recording,
      pages: [{ url: server.url('/index.html'), title: 'home', startedAt: start }],
      actions: [
        { time: start + 200, text: 'Click "Place order"' },
        { time: end - 120, text: 'Click "Retry"' },
      ],
    },
  });
  const html = await standaloneHtml({ report, events, console: consoleEntries, har });
  const dir = testInfo.outputPath('unzipped');
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, 'viewer.html');
  writeFileSync(file, html);

  const page = await ext.context.newPage();
  const requests: string[] = [];
  page.on('request', (r) => requests.push(r.url()));
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  const violations: string[] = [];
  page.on('console', (m) => {
    if (/Content Security Policy|Refused to/.test(m.text())) violations.push(m.text());
  });
  await page.goto(pathToFileURL(file).href);

  // The replay shows the recorded page's text, in rrweb's sandboxed frame with scripts disabled.
  const frame = page.frameLocator('[data-testid="replay"] iframe');
  await expect(frame.getByText('Hello from the fixture site.')).toBeVisible();
  await expect(page.locator('[data-testid="replay"] iframe')).toHaveAttribute('sandbox', 'allow-same-origin');
  await expect(page.getByTestId('replay-url')).toHaveText(server.url('/index.html'));

  // Console and network lists show the entries; failures stand out.
  const consoleList = page.getByTestId('console-list');
  await expect(consoleList.getByText('app started')).toBeVisible();
  await expect(consoleList.locator('.row.error')).toContainText('TypeError: cart.total is not a function');
  await consoleList.locator('.row.error details summary').click();
  await expect(consoleList.locator('.row.error pre')).toContainText('at placeOrder');

  // Clicking an entry seeks the replay there: the clock moves and the later DOM change is on screen.
  await expect(page.getByTestId('replay-time')).toHaveAttribute('data-offset', '0');
  await consoleList.locator('.row.error button.time').click();
  const offset = Number(await page.getByTestId('replay-time').getAttribute('data-offset'));
  expect(offset).toBeGreaterThan(end - start - 400);
  await expect(frame.getByText('Order failed: server error')).toBeVisible();
  await expect(consoleList.locator('.row.error')).toHaveClass(/current/);

  await page.getByRole('tab', { name: /Network/ }).click();
  const network = page.getByTestId('network-list');
  await expect(network.locator('tbody tr')).toHaveCount(2);
  await expect(network.locator('tr.failed')).toContainText('https://shop.test/api/order');
  await network.getByRole('button', { name: 'https://shop.test/api/cart?id=7' }).click();
  await expect(page.getByTestId('replay-time')).not.toHaveAttribute('data-offset', String(offset));
  await expect(page.getByTestId('network-detail')).toContainText('"items": [');
  await page.getByRole('button', { name: 'Copy as cURL' }).click();
  await expect(page.getByTestId('curl')).toHaveText(`curl --globoff -H 'Accept: application/json' --url 'https://shop.test/api/cart?id=7'`);

  // Recorded actions are on the same clock: a click on one seeks the replay to it.
  await page.getByRole('tab', { name: /Steps/ }).click();
  const actions = page.getByTestId('recorded-actions');
  await expect(actions.locator('li')).toHaveCount(2);
  await actions.getByRole('button', { name: 'Seek to Click "Retry"' }).click();
  await expect
    .poll(async () => Number(await page.getByTestId('replay-time').getAttribute('data-offset')))
    .toBeGreaterThan(end - start - 500);
  await expect(actions.locator('li').nth(1)).toHaveClass(/current/);

  // Playing does not reach the network either.
  await page.locator('.rr-controller__btns button').first().click();
  await page.waitForTimeout(500);

  const leaving = requests.filter((u) => !/^(file|data|blob):/.test(u));
  expect(leaving).toEqual([]);
  expect(violations.filter((v) => /script/i.test(v))).toEqual([]);
  expect(errors).toEqual([]);
});
