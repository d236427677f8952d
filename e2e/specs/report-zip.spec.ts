import type { Page } from '@playwright/test';
import { expect, test } from '../harness/fixtures';
import { harErrors } from '../../lib/network/har-validate';
import { eventsOf, readStoredCapture } from './capture-support';
import { networkAttached } from './network-support';
import { downloadZip, drawRectangleWithKeys, FULL_REPORT_FILES, validReportJson } from './report-support';

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

/** RGBA pixels of a PNG, decoded by the browser. */
async function pixels(
  page: Page,
  png: Uint8Array,
  region = { x: 10, y: 10, width: 180, height: 80 },
): Promise<{ width: number; height: number; data: number[] }> {
  return page.evaluate(
    async ({ b64, region: r }) => {
      const bytes = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
      const bitmap = await createImageBitmap(new Blob([bytes], { type: 'image/png' }));
      const canvas = new OffscreenCanvas(bitmap.width, bitmap.height);
      const ctx = canvas.getContext('2d')!;
      ctx.drawImage(bitmap, 0, 0);
      return { width: bitmap.width, height: bitmap.height, data: Array.from(ctx.getImageData(r.x, r.y, r.width, r.height).data) };
    },
    { b64: Buffer.from(png).toString('base64'), region },
  );
}

test('reporter → title → Download gives a complete, valid report zip', async ({ ext, server }) => {
  await ext.allowOrigin(server.origin);
  const page = await ext.context.newPage();
  await page.goto(server.url('/report.html'));
  // Capture starts once the page records: a request it makes from then on is in the report.
  const tabId = await ext.tabIdOf(page);
  await expect.poll(() => networkAttached(ext, tabId)).toBe(true);
  const missing = await page.evaluate(() => fetch('/report-total.json').then((r) => r.status));
  expect(missing).toBe(404);
  const reporter = await ext.openReporterFor(page);

  // The screenshot shows up in the editor, and what was recorded fills in.
  await expect(reporter.getByTestId('annotation-canvas')).toBeVisible();
  await expect(reporter.getByTestId('captured-counts')).toContainText('console error');

  // No tracker is connected: the send buttons say where to set one up.
  await expect(reporter.getByText('To send to Jira, GitHub, GitLab, Linear or Webhook, add a connection in')).toBeVisible();
  await expect(reporter.getByRole('button', { name: /^Send to/ })).toHaveCount(0);

  await reporter.getByLabel('Title').fill('Total shows undefined');
  await reporter.getByLabel('Steps to reproduce').fill('Open the checkout\nLook at the total');
  await reporter.getByLabel('Expected result').fill('A number');
  await reporter.getByLabel('Actual result').fill('undefined');
  await reporter.getByLabel('Severity').selectOption('critical');
  await reporter.getByLabel('Labels').fill('checkout, money');

  const { name, zip } = await downloadZip(ext, reporter);
  expect(name).toMatch(/^repro-127\.0\.0\.1-\d{8}-\d{6}\.zip$/);
  expect(Object.keys(zip.files).sort()).toEqual(FULL_REPORT_FILES);

  const report = await validReportJson(zip);
  expect(report).toMatchObject({
    title: 'Total shows undefined',
    steps: ['Open the checkout', 'Look at the total'],
    expected: 'A number',
    actual: 'undefined',
    severity: 'critical',
    labels: ['checkout', 'money'],
    page: { url: server.url('/report.html'), title: 'Repro fixture: report' },
  });
  // The environment comes from the tab itself: 1280×800 viewport of the test browser.
  expect(report.environment.viewport).toEqual({ width: 1280, height: 800 });
  expect(report.environment.extensionVersion).toMatch(/^\d+\.\d+\.\d+$/);

  const readme = await zip.file('README.md')!.async('string');
  expect(readme).toContain('# Total shows undefined');
  expect(readme).toContain('1. Open the checkout');
  expect(readme).toContain('## Environment');
  expect(readme).toContain('## Failed requests');

  const png = await zip.file('screenshot.png')!.async('uint8array');
  expect(Array.from(png.slice(0, 8))).toEqual(PNG_SIGNATURE);
  const shot = await pixels(reporter, png);
  expect(shot.width).toBe(1280);
  expect(Array.isArray(JSON.parse(await zip.file('recording.json')!.async('string')))).toBe(true);
  expect(Array.isArray(JSON.parse(await zip.file('console.json')!.async('string')))).toBe(true);
  // network.har as the zip holds it is valid HAR 1.2, with the page's requests in it.
  const har = JSON.parse(await zip.file('network.har')!.async('string')) as {
    log: { version: string; entries: { request: { url: string } }[]; pages?: unknown[] };
  };
  expect(harErrors(har)).toEqual([]);
  expect(har.log.version).toBe('1.2');
  expect(har.log.entries.some((e) => e.request.url === server.url('/report-total.json'))).toBe(true);
  expect(har.log.pages?.length).toBeGreaterThan(0);
  expect(await zip.file('viewer.html')!.async('string')).toContain('Total shows undefined');
});

test('what the page did just before the reporter opened is in the report: the recorder hands over what it holds first', async ({
  ext,
  server,
}) => {
  await ext.allowOrigin(server.origin);
  const page = await ext.context.newPage();
  await page.goto(server.url('/report.html'));
  const tabId = await ext.tabIdOf(page);
  const options = await ext.openExtensionPage('options.html');
  await expect.poll(async () => eventsOf(await readStoredCapture(options), tabId).some((e) => e.type === 2)).toBe(true);
  await page.bringToFront();
  // A small change, the kind a quiet page holds back for a few seconds before handing it over.
  await page.evaluate(() =>
    document.body.append(Object.assign(document.createElement('p'), { textContent: 'Changed a moment before the report' })),
  );
  const reporter = await ext.openReporterFor(page);
  await reporter.getByLabel('Title').fill('Last moment');
  const { zip } = await downloadZip(ext, reporter);
  expect(await zip.file('recording.json')!.async('string')).toContain('Changed a moment before the report');
});

test('the draft survives closing and reopening the reporter', async ({ ext, server }) => {
  await ext.allowOrigin(server.origin);
  const page = await ext.context.newPage();
  await page.goto(server.url('/report.html'));
  let reporter = await ext.openReporterFor(page);
  await reporter.getByLabel('Title').fill('Coupon field eats input');
  await reporter.getByLabel('Description').fill('Typing fast loses letters.');
  await expect(reporter.getByTestId('draft-saved')).toContainText('Draft saved');
  // Wait for the last edit to be stored (saves follow a short pause in typing), then close.
  await expect
    .poll(() =>
      reporter.evaluate(
        () =>
          new Promise<string[]>((resolve, reject) => {
            const open = indexedDB.open('repro-reports');
            open.onerror = () => reject(open.error);
            open.onsuccess = () => {
              const all = open.result.transaction('drafts').objectStore('drafts').getAll();
              all.onsuccess = () => {
                resolve((all.result as { form: { description: string } }[]).map((d) => d.form.description));
                open.result.close();
              };
            };
          }),
      ),
    )
    .toContain('Typing fast loses letters.');
  await reporter.close();

  reporter = await ext.openReporterFor(page);
  await expect(reporter.getByLabel('Title')).toHaveValue('Coupon field eats input');
  await expect(reporter.getByLabel('Description')).toHaveValue('Typing fast loses letters.');
  await expect(reporter.getByText('Draft restored.')).toBeVisible();

  // Discarding starts over with an empty form.
  await reporter.getByRole('button', { name: 'Discard and start over' }).click();
  await expect(reporter.getByLabel('Title')).toHaveValue('');
});

test('annotations are burnt into screenshot.png, and blur destroys the pixels under it', async ({ ext, server }) => {
  await ext.allowOrigin(server.origin);
  const page = await ext.context.newPage();
  await page.goto(server.url('/report.html'));
  const reporter = await ext.openReporterFor(page);
  const canvas = reporter.getByTestId('annotation-canvas');
  await expect(canvas).toBeVisible();

  // Keyboard drawing: focus the image, R for rectangle, Enter at each corner; Ctrl+Z takes it back.
  const undo = reporter.getByRole('button', { name: 'Undo' });
  await drawRectangleWithKeys(reporter);
  await expect(undo).toBeEnabled();
  await expect(reporter.getByTestId('annotation-stage')).toHaveAttribute('aria-label', /1 annotation\b/);
  await reporter.keyboard.press('Control+z');
  await expect(undo).toBeDisabled();

  // Blur the top-left corner of the page, where the fixture draws a fine checkerboard.
  await reporter.getByRole('button', { name: 'Blur / redact' }).click();
  const box = (await canvas.boundingBox())!;
  const scale = box.width / 1280;
  await reporter.mouse.move(box.x + 1, box.y + 1);
  await reporter.mouse.down();
  await reporter.mouse.move(box.x + 150 * scale, box.y + 80 * scale, { steps: 5 });
  await reporter.mouse.move(box.x + 300 * scale, box.y + 150 * scale, { steps: 5 });
  await reporter.mouse.up();
  await expect(undo).toBeEnabled();

  // And a red rectangle on the empty right half of the page.
  await reporter.getByRole('button', { name: 'Rectangle' }).click();
  await reporter.getByRole('radio', { name: 'Red' }).click();
  // Measured again: a status line appearing above the canvas (under load, late) would move it.
  const at = (await canvas.boundingBox())!;
  await reporter.mouse.move(at.x + 700 * scale, at.y + 300 * scale);
  await reporter.mouse.down();
  await reporter.mouse.move(at.x + 1000 * scale, at.y + 500 * scale, { steps: 5 });
  await reporter.mouse.up();
  await expect(reporter.getByTestId('annotation-stage')).toHaveAttribute('aria-label', /2 annotations/);

  await reporter.getByLabel('Title').fill('Secret visible');
  await reporter.getByRole('switch', { name: /Replay/ }).uncheck();
  await reporter.getByLabel('Also keep the unannotated screenshot').check();
  const { zip } = await downloadZip(ext, reporter);
  expect(zip.file('recording.json')).toBeNull();
  const report = JSON.parse(await zip.file('report.json')!.async('string'));
  expect(report.files).toMatchObject({ recording: null, screenshot: 'screenshot.png', screenshotOriginal: 'screenshot-original.png' });

  const original = await pixels(reporter, await zip.file('screenshot-original.png')!.async('uint8array'));
  const blurred = await pixels(reporter, await zip.file('screenshot.png')!.async('uint8array'));
  const reds = (img: { data: number[] }) => img.data.filter((_, i) => i % 4 === 0);
  const share = (values: number[], test: (v: number) => boolean) => values.filter(test).length / values.length;
  // The original holds the checkerboard's black and white; the export only mid-grey averages of it.
  expect(share(reds(original), (v) => v < 30)).toBeGreaterThan(0.3);
  expect(share(reds(original), (v) => v > 225)).toBeGreaterThan(0.3);
  expect(share(reds(blurred), (v) => v > 60 && v < 200)).toBe(1);

  // The rectangle's left edge is burnt in red where the original is white.
  const edge = { x: 695, y: 350, width: 10, height: 50 };
  const isRed = (d: number[], i: number) => d[i]! > 180 && d[i + 1]! < 100 && d[i + 2]! < 100;
  const redShare = (img: { data: number[] }) => img.data.filter((_, i) => i % 4 === 0 && isRed(img.data, i)).length / (img.data.length / 4);
  expect(redShare(await pixels(reporter, await zip.file('screenshot.png')!.async('uint8array'), edge))).toBeGreaterThan(0.1);
  expect(redShare(await pixels(reporter, await zip.file('screenshot-original.png')!.async('uint8array'), edge))).toBe(0);
});

test('the reporter captures the full page beyond the viewport on request, and the zip holds it', async ({ ext, server }) => {
  await ext.allowOrigin(server.origin);
  const page = await ext.context.newPage();
  await page.goto(server.url('/tall.html'));
  const reporter = await ext.openReporterFor(page);
  const canvas = reporter.getByTestId('annotation-canvas');
  await expect(canvas).toBeVisible();
  // The editor scales the image to fit: a much taller image changes its shape.
  const shape = () => canvas.evaluate((c: HTMLCanvasElement) => c.height / c.width);
  const viewportShape = await shape();
  await reporter.getByRole('button', { name: 'Capture the full page' }).click();
  await expect.poll(shape).toBeGreaterThan(viewportShape * 1.5);

  await reporter.getByLabel('Title').fill('Footer overlaps the last section');
  const { zip } = await downloadZip(ext, reporter);
  const png = await zip.file('screenshot.png')!.async('uint8array');
  const shot = await pixels(reporter, png);
  expect([shot.width, shot.height]).toEqual([1280, 3000]);
});
