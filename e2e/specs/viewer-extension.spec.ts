import JSZip from 'jszip';
import { expect, test } from '../harness/fixtures';
import type { Page } from '@playwright/test';
import { reportZip, sampleConsole, sampleEvents, sampleHar, sampleReport, snapshotOf, T0 } from '../fixtures/reports/build-report';

/** Opens the extension's viewer page, watching for dialogs (an `alert` from hostile content would show one). */
async function openViewer(
  ext: { openExtensionPage(p: string): Promise<Page> },
): Promise<{ page: Page; dialogs: string[]; errors: string[] }> {
  const page = await ext.openExtensionPage('viewer.html');
  const dialogs: string[] = [];
  const errors: string[] = [];
  page.on('dialog', (d) => {
    dialogs.push(d.message());
    void d.dismiss();
  });
  page.on('pageerror', (e) => errors.push(e.message));
  return { page, dialogs, errors };
}

async function choose(page: Page, name: string, buffer: Buffer): Promise<void> {
  await page.getByTestId('zip-input').setInputFiles({ name, mimeType: 'application/zip', buffer });
}

const sample = () => ({ report: sampleReport(), events: sampleEvents(), console: sampleConsole(), har: sampleHar() });

test('damaged, truncated, foreign and newer zips each get a clear message', async ({ ext }) => {
  const { page, errors } = await openViewer(ext);
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
  await expect(page.getByRole('heading', { name: 'Checkout button does nothing' })).toBeVisible();

  // Dropping a zip on the page opens it too.
  await page.evaluate((b64) => {
    const bytes = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
    const transfer = new DataTransfer();
    transfer.items.add(new File([bytes], 'dropped.zip', { type: 'application/zip' }));
    document.querySelector('[aria-label="Drop a report zip here"]')!.dispatchEvent(
      new DragEvent('drop', { dataTransfer: transfer, bubbles: true, cancelable: true }),
    );
  }, newer.toString('base64'));
  await expect(error).toHaveText('Made by a newer Repro (format 2). Update Repro to open this report.');
  expect(errors).toEqual([]);
});

const PIXEL = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=';

test('a multi-page report opens: replay, page URL following the seek, console, network', async ({ ext }) => {
  const { page, errors } = await openViewer(ext);
  // The first page shows an image whose body the network log holds: the replay shows it without the network.
  const input = sample();
  const body = (input.events[1]!.data as { node: { childNodes: { childNodes: { childNodes: unknown[] }[] }[] } }).node.childNodes[0]!.childNodes[1]!;
  body.childNodes.push({ type: 2, tagName: 'img', id: 90, attributes: { src: 'https://shop.test/logo.png', alt: 'logo' }, childNodes: [] });
  const logo = structuredClone(input.har.log.entries[0]!);
  logo.request.url = 'https://shop.test/logo.png';
  logo.response.content = { size: 70, mimeType: 'image/png', text: PIXEL, encoding: 'base64' };
  input.har.log.entries.unshift(logo);
  const requests: string[] = [];
  page.on('request', (r) => requests.push(r.url()));

  await choose(page, 'report.zip', await reportZip(input));
  const frame = page.frameLocator('[data-testid="replay"] iframe');
  await expect(frame.getByText('Welcome to the shop')).toBeVisible();
  await expect(frame.getByRole('img', { name: 'logo' })).toHaveAttribute('src', `data:image/png;base64,${PIXEL}`);
  await expect.poll(() => frame.getByRole('img', { name: 'logo' }).evaluate((img: HTMLImageElement) => img.naturalWidth)).toBe(1);
  await expect(page.getByTestId('replay-url')).toHaveText('https://shop.test/');

  // The failed request on the timeline: the replay moves to the second page.
  await page.getByRole('button', { name: /^network at 00:04: POST https:\/\/shop\.test\/api\/order 500/ }).click();
  await expect(page.getByTestId('replay-url')).toHaveText('https://shop.test/cart');
  await expect(frame.getByText('Your cart: 2 items')).toBeVisible();
  await expect(page.getByTestId('network-detail')).toContainText('"cart": 7');

  await page.getByRole('tab', { name: 'Environment' }).click();
  await expect(page.getByTestId('environment')).toContainText('Europe/Paris');
  // The tabs follow the keyboard: arrows move between them, Home goes to the first.
  await page.keyboard.press('ArrowRight');
  await expect(page.getByRole('tab', { name: 'Screenshot' })).toHaveAttribute('aria-selected', 'true');
  await expect(page.getByRole('tab', { name: 'Screenshot' })).toBeFocused();
  await page.keyboard.press('Home');
  await expect(page.getByRole('tab', { name: 'Steps' })).toHaveAttribute('aria-selected', 'true');
  expect(requests.filter((u) => !/^(chrome-extension|data|blob):/.test(u))).toEqual([]);
  expect(errors).toEqual([]);
});

test('hostile content in a report is shown as text and never runs', async ({ ext }) => {
  const payload = `<img src=x onerror="window.__pwned=1;alert('console')">`;
  // A recorded DOM with a script, an inline handler and a javascript: link.
  const events = snapshotOf('Hostile page', T0, 'https://evil.test/');
  const body = (events[1]!.data as { node: { childNodes: { childNodes: { childNodes: unknown[] }[] }[] } }).node.childNodes[0]!.childNodes[1]!;
  body.childNodes.push(
    { type: 2, tagName: 'script', id: 50, attributes: {}, childNodes: [{ type: 3, id: 51, textContent: 'parent.__pwned=1;alert("script")' }] },
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

  const { page, dialogs, errors } = await openViewer(ext);
  await choose(page, 'hostile.zip', await reportZip({ report, events, console: consoleEntries, har }));

  await expect(page.getByRole('heading', { level: 1 })).toHaveText(report.title);
  await expect(page.getByTestId('console-list')).toContainText(payload);
  const frame = page.frameLocator('[data-testid="replay"] iframe');
  await expect(frame.getByText('Hostile page')).toBeVisible();
  await page.getByRole('tab', { name: /Network/ }).click();
  await page.getByTestId('network-list').getByRole('button', { name: `https://evil.test/${payload}` }).click();
  await expect(page.getByTestId('response-body')).toHaveText(payload);
  await page.getByRole('button', { name: /^console at/ }).first().click();
  await page.waitForTimeout(500);

  expect(await page.evaluate(() => (window as unknown as { __pwned?: unknown }).__pwned)).toBeUndefined();
  expect(await page.locator('img[src="x"]').count()).toBe(0);
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
