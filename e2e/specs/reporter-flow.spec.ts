/**
 * The reporter as a tester meets it: allow the site on the page already open (no reload), act, see the
 * popup say it records, Report a bug, annotate, Download at once; and a scripted tester who presses
 * Download before the screenshot is even shown.
 */
import { installSpineRoutes } from '../fixtures/sites/spine/routes';
import { expect, test } from '../harness/fixtures';
import { downloadZip, drawRectangleWithKeys, validReportJson } from './report-support';

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

test('allow on an open page → act → Report a bug → annotate → Download: the zip holds the screenshot and the steps', async ({
  ext,
  server,
}) => {
  installSpineRoutes(server);
  const page = await ext.context.newPage();
  await page.goto(server.url('/spine/index.html'));
  const tabId = await ext.tabIdOf(page);
  // Set on the open document: still there afterwards means the page was never reloaded.
  await page.evaluate(() => Object.assign(window, { openedBeforeAllow: true }));

  const popup = await ext.openPopupFor(page);
  await expect(popup.getByTestId('capture-status')).toHaveText('Not recording this site');
  await popup.getByRole('button', { name: 'Always record on 127.0.0.1' }).click();
  // The answer to the click itself: the worker injected the recorder and heard it start.
  await expect(popup.getByTestId('capture-status')).toHaveText('Recording this tab', { timeout: 1_000 });
  await expect(popup.getByTestId('recording-started')).toContainText('no reload needed');
  expect(await page.evaluate(() => (window as unknown as { openedBeforeAllow?: boolean }).openedBeforeAllow)).toBe(true);

  await page.bringToFront();
  await page.getByRole('button', { name: 'Open the cart' }).click();
  await expect(page.locator('#out')).toHaveText('Cart opened.');
  await page.getByLabel('Email').pressSequentially('tester@example.com');
  await page.getByRole('button', { name: 'Place order' }).click();
  await expect(page.locator('#out')).toHaveText('Order failed: HTTP 500');

  // Report a bug opens the full reporter for this tab in a window of its own.
  await popup.bringToFront();
  const opened = ext.context.waitForEvent('page');
  await popup.getByRole('button', { name: 'Report a bug' }).click();
  const reporter = await opened;
  await reporter.waitForLoadState();
  expect(reporter.url()).toBe(`chrome-extension://${ext.extensionId}/reporter.html?tabId=${tabId}`);

  // Annotate: a rectangle, drawn with the keyboard.
  await expect(reporter.getByTestId('annotation-canvas')).toBeVisible();
  await drawRectangleWithKeys(reporter);
  await expect(reporter.getByTestId('annotation-stage')).toHaveAttribute('aria-label', /1 annotation\b/);

  await reporter.getByLabel('Title').fill('Order fails after opening the cart');
  const { zip } = await downloadZip(ext, reporter);
  const png = await zip.file('screenshot.png')!.async('uint8array');
  expect(Array.from(png.slice(0, 8))).toEqual(PNG_SIGNATURE);
  const report = await validReportJson(zip);
  expect(report.files.screenshot).toBe('screenshot.png');
  // The tester's actions, in order; none of them a reload.
  const acted = ['Click "Open the cart"', 'Type into "Email"', 'Click "Place order"'];
  expect(report.steps.filter((s) => acted.includes(s))).toEqual(acted);
  expect(report.steps.some((s) => /^Reload/.test(s))).toBe(false);
  expect(report.steps.join('\n')).not.toContain('tester@example.com');
  expect(report.counts.events).toBeGreaterThan(1);
});

test('a scripted tester who fills the title and presses Download at once gets screenshot.png in the zip', async ({ ext, server }) => {
  // A page with nothing recorded: the report is ready at once, before the screenshot is.
  const page = await ext.context.newPage();
  await page.goto(server.url('/report.html'));
  const reporter = await ext.openReporterFor(page);
  await reporter.getByLabel('Title').fill('Pressed at once');
  const { zip } = await downloadZip(ext, reporter);
  expect(zip.file('screenshot.png')).not.toBeNull();
  expect((await validReportJson(zip)).files.screenshot).toBe('screenshot.png');
  await expect(reporter.getByTestId('outcome-missing')).toHaveCount(0);
});
