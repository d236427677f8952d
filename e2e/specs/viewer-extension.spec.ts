import JSZip from 'jszip';
import { expect, test } from '../harness/fixtures';
import type { Frame, FrameLocator, Page } from '@playwright/test';
import { reportZip, sampleConsole, sampleEvents, sampleHar, sampleReport, snapshotOf, T0 } from '../fixtures/reports/build-report';

/**
 * Opens the extension's viewer page, watching for dialogs (an `alert` from hostile content would show
 * one). `view` is the sandboxed frame the report renders in.
 */
async function openViewer(ext: {
  openExtensionPage(p: string): Promise<Page>;
}): Promise<{ page: Page; view: FrameLocator; dialogs: string[]; errors: string[] }> {
  const page = await ext.openExtensionPage('viewer.html');
  const dialogs: string[] = [];
  const errors: string[] = [];
  page.on('dialog', (d) => {
    dialogs.push(d.message());
    void d.dismiss();
  });
  page.on('pageerror', (e) => errors.push(e.message));
  return { page, view: page.frameLocator('[data-testid="report-frame"]'), dialogs, errors };
}

/** The frame a report renders in (a data: document), once it has loaded. */
async function reportFrame(page: Page): Promise<Frame> {
  const find = () => page.frames().find((f) => f.parentFrame() === page.mainFrame() && f.url().startsWith('data:text/html'));
  await expect.poll(() => find() !== undefined).toBe(true);
  const frame = find()!;
  await frame.waitForLoadState();
  return frame;
}

async function choose(page: Page, name: string, buffer: Buffer): Promise<void> {
  await page.getByTestId('zip-input').setInputFiles({ name, mimeType: 'application/zip', buffer });
}

const sample = () => ({ report: sampleReport(), events: sampleEvents(), console: sampleConsole(), har: sampleHar() });

test('damaged, truncated, foreign and newer zips each get a clear message', async ({ ext }) => {
  const { page, view, errors } = await openViewer(ext);
  const good = await reportZip(sample());
  const error = page.getByTestId('viewer-error');

  await choose(page, 'notes.zip', Buffer.from('just some text, not a zip'));
  await expect(error).toHaveText('This file is not a zip. A Repro report is a .zip file.');

  await choose(page, 'half.zip', good.subarray(0, Math.floor(good.length / 2)));
  await expect(error).toHaveText('The zip is damaged and cannot be read.');

  const corrupt = Buffer.from(good);
  corrupt.fill(0x41, 200, 600);
  await choose(page, 'corrupt.zip', corrupt);
  await expect(error).toHaveText('The zip is damaged and cannot be read.');

  const foreign = new JSZip();
  foreign.file('photo.txt', 'holiday');
  await choose(page, 'photos.zip', await foreign.generateAsync({ type: 'nodebuffer' }));
  await expect(error).toHaveText('This zip is not a Repro report (it has no valid report.json).');

  const newer = await reportZip({ ...sample(), report: { ...sampleReport(), version: 2 as 1 } });
  await choose(page, 'newer.zip', newer);
  await expect(error).toHaveText('Made by a newer Repro (format 2). Update Repro to open this report.');

  // After all that, a good report still opens.
  await choose(page, 'good.zip', good);
  await expect(error).toHaveCount(0);
  await expect(view.getByRole('heading', { name: 'Checkout button does nothing' })).toBeVisible();

  // Dropping a zip on the page opens it too.
  await page.evaluate((b64) => {
    const bytes = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
    const transfer = new DataTransfer();
    transfer.items.add(new File([bytes], 'dropped.zip', { type: 'application/zip' }));
    document
      .querySelector('[aria-label="Drop a report zip here"]')!
      .dispatchEvent(new DragEvent('drop', { dataTransfer: transfer, bubbles: true, cancelable: true }));
  }, newer.toString('base64'));
  await expect(error).toHaveText('Made by a newer Repro (format 2). Update Repro to open this report.');
  expect(errors).toEqual([]);
});

const PIXEL = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=';

test('a multi-page report opens: replay, page URL following the seek, console, network', async ({ ext }) => {
  const { page, view, errors } = await openViewer(ext);
  // The first page shows an image whose body the network log holds: the replay shows it without the network.
  const input = sample();
  const body = (input.events[1]!.data as { node: { childNodes: { childNodes: { childNodes: unknown[] }[] }[] } }).node.childNodes[0]!
    .childNodes[1]!;
  body.childNodes.push({ type: 2, tagName: 'img', id: 90, attributes: { src: 'https://shop.test/logo.png', alt: 'logo' }, childNodes: [] });
  const logo = structuredClone(input.har.log.entries[0]!);
  logo.request.url = 'https://shop.test/logo.png';
  logo.response.content = { size: 70, mimeType: 'image/png', text: PIXEL, encoding: 'base64' };
  input.har.log.entries.unshift(logo);
  const requests: string[] = [];
  page.on('request', (r) => requests.push(r.url()));

  await choose(page, 'report.zip', await reportZip(input));
  const frame = view.frameLocator('[data-testid="replay"] iframe');
  await expect(frame.getByText('Welcome to the shop')).toBeVisible();
  await expect(frame.getByRole('img', { name: 'logo' })).toHaveAttribute('src', `data:image/png;base64,${PIXEL}`);
  await expect.poll(() => frame.getByRole('img', { name: 'logo' }).evaluate((img: HTMLImageElement) => img.naturalWidth)).toBe(1);
  await expect(view.getByTestId('replay-url')).toHaveText('https://shop.test/');

  // The failed request on the timeline: the replay moves to the second page.
  await view.getByRole('button', { name: /^network at 00:04: POST https:\/\/shop\.test\/api\/order 500/ }).click();
  await expect(view.getByTestId('replay-url')).toHaveText('https://shop.test/cart');
  await expect(frame.getByText('Your cart: 2 items')).toBeVisible();
  await expect(view.getByTestId('network-detail')).toContainText('"cart": 7');

  await view.getByRole('tab', { name: 'Environment' }).click();
  await expect(view.getByTestId('environment')).toContainText('Europe/Paris');
  // The tabs follow the keyboard: arrows move between them, Home goes to the first.
  await page.keyboard.press('ArrowRight');
  await expect(view.getByRole('tab', { name: 'Screenshot' })).toHaveAttribute('aria-selected', 'true');
  await expect(view.getByRole('tab', { name: 'Screenshot' })).toBeFocused();
  await page.keyboard.press('Home');
  await expect(view.getByRole('tab', { name: 'Steps' })).toHaveAttribute('aria-selected', 'true');
  expect(requests.filter((u) => !/^(chrome-extension|data|blob):/.test(u))).toEqual([]);
  expect(errors).toEqual([]);
});

test('hostile content in a report is shown as text and never runs', async ({ ext }) => {
  const payload = `<img src=x onerror="window.__pwned=1;alert('console')">`;
  // A recorded DOM with a script, an inline handler and a javascript: link.
  const events = snapshotOf('Hostile page', T0, 'https://evil.test/');
  const body = (events[1]!.data as { node: { childNodes: { childNodes: { childNodes: unknown[] }[] }[] } }).node.childNodes[0]!
    .childNodes[1]!;
  body.childNodes.push(
    {
      type: 2,
      tagName: 'script',
      id: 50,
      attributes: {},
      childNodes: [{ type: 3, id: 51, textContent: 'parent.__pwned=1;alert("script")' }],
    },
    { type: 2, tagName: 'img', id: 52, attributes: { src: 'x', onerror: 'parent.__pwned=1;alert("img")' }, childNodes: [] },
    { type: 2, tagName: 'iframe', id: 53, attributes: { srcdoc: '<script>parent.parent.__pwned=1</script>' }, childNodes: [] },
  );
  events.push({ type: 3, timestamp: T0 + 2_000, data: { source: 3, id: 1, x: 0, y: 5 } });
  const report = sampleReport({
    title: `<script>window.__pwned=1</script>Hostile ${payload}`,
    recording: { ...sampleReport().recording, pages: [] },
  });
  const consoleEntries = [{ level: 'error' as const, time: T0 + 500, message: payload, args: [], stack: payload }];
  const har = sampleHar();
  har.log.entries[0]!.request.url = `https://evil.test/${payload}`;
  har.log.entries[0]!.response.content.text = payload;
  har.log.entries[0]!.response.content.mimeType = 'text/html';
  // A request whose URL curl would read as an option, and one that is not http(s).
  const asOption = structuredClone(har.log.entries[0]!);
  asOption.request.url = '-K/home/tester/.curlrc';
  const local = structuredClone(har.log.entries[0]!);
  local.request.url = 'file:///etc/passwd';
  har.log.entries.push(asOption, local);

  const { page, view, dialogs, errors } = await openViewer(ext);
  await choose(page, 'hostile.zip', await reportZip({ report, events, console: consoleEntries, har }));

  await expect(view.getByRole('heading', { level: 1 })).toHaveText(report.title);
  await expect(view.getByTestId('console-list')).toContainText(payload);
  const frame = view.frameLocator('[data-testid="replay"] iframe');
  await expect(frame.getByText('Hostile page')).toBeVisible();
  await view.getByRole('tab', { name: /Network/ }).click();
  await view
    .getByTestId('network-list')
    .getByRole('button', { name: `https://evil.test/${payload}` })
    .click();
  await expect(view.getByTestId('response-body')).toHaveText(payload);
  for (const url of ['-K/home/tester/.curlrc', 'file:///etc/passwd']) {
    await view.getByTestId('network-list').getByRole('button', { name: url, exact: true }).click();
    await view.getByRole('button', { name: 'Copy as cURL' }).click();
    await expect(view.getByTestId('curl-note')).toContainText('only http and https requests can be copied as cURL');
    await expect(view.getByTestId('curl')).toHaveCount(0);
  }
  await view
    .getByRole('button', { name: /^console at/ })
    .first()
    .click();
  await page.waitForTimeout(500);

  const rendering = await reportFrame(page);
  for (const context of [page, rendering]) {
    expect(await context.evaluate(() => (window as unknown as { __pwned?: unknown }).__pwned)).toBeUndefined();
    expect(await context.locator('img[src="x"]').count()).toBe(0);
  }
  expect(dialogs).toEqual([]);
  expect(errors).toEqual([]);
});

test('the viewer is one click away from the settings page', async ({ ext }) => {
  const options = await ext.openExtensionPage('options.html');
  const [viewer] = await Promise.all([ext.context.waitForEvent('page'), options.getByRole('link', { name: 'Open a report zip' }).click()]);
  await viewer.waitForLoadState();
  expect(new URL(viewer.url()).pathname).toBe('/viewer.html');
  await expect(viewer.getByTestId('zip-input')).toBeAttached();
});

test('the report renders in an opaque origin that cannot reach the extension', async ({ ext, server }) => {
  const { page, view, errors } = await openViewer(ext);
  await choose(page, 'report.zip', await reportZip(sample()));
  await expect(view.getByRole('heading', { name: 'Checkout button does nothing' })).toBeVisible();
  const frame = await reportFrame(page);

  // What a script that a rendering bug let run in the frame could reach.
  const reach = await frame.evaluate(
    async ({ extensionId, site }) => {
      const chromeApi = (globalThis as { chrome?: { runtime?: { sendMessage?: unknown; id?: unknown } } }).chrome;
      const browserApi = (globalThis as { browser?: unknown }).browser;
      let parentDocument = 'reachable';
      try {
        void window.parent.document.title;
      } catch {
        parentDocument = 'blocked';
      }
      let indexedDb = 'opened';
      try {
        await new Promise<void>((resolve, reject) => {
          const request = indexedDB.open('repro-integrations');
          request.onsuccess = () => resolve();
          request.onerror = () => reject(request.error);
        });
      } catch {
        indexedDb = 'refused';
      }
      let sent = 'refused';
      const runtime = chromeApi?.runtime as { sendMessage?: (id: string, m: unknown) => Promise<unknown> } | undefined;
      try {
        await runtime?.sendMessage?.(extensionId, { type: 'trackers:list' });
        if (runtime?.sendMessage) sent = 'sent';
      } catch {
        sent = 'refused';
      }
      let network = 'fetched';
      try {
        await fetch(site);
      } catch {
        network = 'refused';
      }
      return {
        origin: self.origin,
        runtime: typeof chromeApi?.runtime?.sendMessage,
        runtimeId: typeof chromeApi?.runtime?.id,
        browser: typeof browserApi,
        parentDocument,
        indexedDb,
        sent,
        network,
      };
    },
    { extensionId: ext.extensionId, site: server.url('/') },
  );
  expect(reach).toEqual({
    origin: 'null',
    runtime: 'undefined',
    runtimeId: 'undefined',
    browser: 'undefined',
    parentDocument: 'blocked',
    indexedDb: 'refused',
    sent: 'refused',
    network: 'refused',
  });

  expect(errors).toEqual([]);
});
