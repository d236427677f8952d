import { readFileSync } from 'node:fs';
import path from 'node:path';
import { expect, test } from '../harness/fixtures';
import { SITES_DIR } from '../harness/fixture-server';
import { eventsOf, openRecordedPage, readStoredCapture } from './capture-support';

test('a page forging recorder messages can only add a log line', async ({ ext, server }) => {
  const { page, tabId, options } = await openRecordedPage(ext, server, '/capture/forge.html');
  const settingsBefore = await ext.inWorker(() => chrome.storage.local.get(null), null);

  await page.evaluate((id) => {
    const now = Date.now();
    const fakeEvent = { type: 2, timestamp: now, data: { node: { type: 0, childNodes: [], id: 1 }, text: 'FORGEDMARKER' } };
    // A forged batch on the window channel, and commands that do not exist.
    window.postMessage({ ns: 'repro:page', type: 'batch', events: [fakeEvent], console: [], steps: [], gaps: [], errors: 0 }, '*');
    window.postMessage({ ns: 'repro:page', type: 'stop' }, '*');
    window.postMessage({ repro: 1, type: 'recording:stop-repro', data: { tabId: id } }, '*');
    window.postMessage({ repro: 1, type: 'recording:batch', data: { events: [] } }, '*');
    window.postMessage({ ns: 'repro:app', type: 'clear' }, '*');
    // A second handshake with the page's own port, then a batch on it.
    const channel = new MessageChannel();
    window.postMessage({ ns: 'repro:page', type: 'ready', href: location.href }, '*', [channel.port2]);
    channel.port1.postMessage({ type: 'batch', events: [fakeEvent], console: [], steps: [], gaps: [], errors: 0 });
    // What the page may do: add a log line and metadata through the app API.
    window.postMessage({ ns: 'repro:app', type: 'log', level: 'warn', message: 'APPLOGMARKER from the app' }, '*');
    window.postMessage({ ns: 'repro:app', type: 'metadata', data: { build: '1.2.3' } }, '*');
  }, tabId);

  await expect
    .poll(async () =>
      (await readStoredCapture(options)).logs.some(
        (l) => l.tabId === tabId && l.entry?.message === 'APPLOGMARKER from the app' && l.entry.source === 'page',
      ),
    )
    .toBe(true);
  const stored = await readStoredCapture(options);
  expect(stored.tabs.find((t) => t.tabId === tabId)?.custom).toEqual({ build: '1.2.3' });
  expect(JSON.stringify(stored).includes('FORGEDMARKER')).toBe(false);
  // Still recording, nothing changed.
  expect(await ext.inWorker((id) => chrome.action.getBadgeText({ tabId: id }), tabId)).toBe('REC');
  expect(await ext.inWorker(() => chrome.storage.local.get(null), null)).toEqual(settingsBefore);
  await page.locator('h1').click();
  await expect
    .poll(async () => (await readStoredCapture(options)).logs.some((l) => l.tabId === tabId && l.step?.text === 'Click "Hostile page"'))
    .toBe(true);
  // The ignored messages are counted for the diagnostics.
  const diagnostics = await options.evaluate(() => chrome.runtime.sendMessage({ repro: 1, type: 'recording:diagnostics', data: {} }));
  expect((diagnostics as { forged: number }).forged).toBeGreaterThanOrEqual(2);
  await options.reload();
  await expect(options.getByTestId('capture-diagnostics')).toContainText(/Page messages ignored \(not from the recorder\)\s*[1-9]/);
});

test('styles a CSS-in-JS library adds through insertRule are in the recording', async ({ ext, server }) => {
  const { page, tabId, options } = await openRecordedPage(ext, server, '/capture/css-in-js.html');
  await page.locator('#add-rule').click();
  await expect
    .poll(async () =>
      eventsOf(await readStoredCapture(options), tabId).some((e) => e.type === 3 && JSON.stringify(e.data).includes('rgb(12, 34, 56)')),
    )
    .toBe(true);
});

test('a strict-CSP, Trusted Types page records with zero CSP violations', async ({ ext, server }) => {
  const dir = path.join(SITES_DIR, 'capture');
  const csp =
    "default-src 'self'; script-src 'self'; worker-src 'none'; object-src 'none'; require-trusted-types-for 'script'; trusted-types 'none'";
  server.route('/capture/strict/page.html', (_req, res) => {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'content-security-policy': csp });
    res.end(readFileSync(path.join(dir, 'strict-csp.html'), 'utf8').replace('src="strict-csp.js"', 'src="/capture/strict-csp.js"'));
  });
  await ext.allowOrigin(server.origin);
  const page = await ext.context.newPage();
  const refused: string[] = [];
  page.on('console', (m) => {
    if (/Content Security Policy|Trusted Type/i.test(m.text())) refused.push(m.text());
  });
  await page.goto(server.url('/capture/strict/page.html'));
  const tabId = await ext.tabIdOf(page);
  const options = await ext.openExtensionPage('options.html');
  await expect.poll(async () => eventsOf(await readStoredCapture(options), tabId).length).toBeGreaterThan(1);
  await page.locator('#field').pressSequentially('abc');
  await page.locator('#change').click();
  await expect
    .poll(async () =>
      eventsOf(await readStoredCapture(options), tabId).some((e) => e.type === 3 && JSON.stringify(e.data).includes('changed')),
    )
    .toBe(true);
  expect(await page.evaluate(() => (window as unknown as { cspViolations: string[] }).cspViolations)).toEqual([]);
  expect(refused).toEqual([]);
});
