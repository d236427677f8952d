/**
 * `npx tsx e2e/tools/screenshots.ts`: takes the README's pictures of the popup, the reporter and the
 * viewer, light and dark, from a real run of the test build on the demo shop, into docs/screenshots/.
 * Run it again after a change to how these pages look.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Page } from '@playwright/test';
import { ensureE2eBuild, ROOT } from '../harness/build';
import { launchWithExtension } from '../harness/chromium';
import { startFixtureServer } from '../harness/fixture-server';

const OUT = path.join(ROOT, 'docs/screenshots');
const THEMES = ['light', 'dark'] as const;

/** Polls `check` until it holds, for up to `ms`. */
async function until(check: () => Promise<boolean>, ms = 20_000): Promise<void> {
  for (const end = Date.now() + ms; Date.now() < end; await new Promise((r) => setTimeout(r, 200))) {
    if (await check().catch(() => false)) return;
  }
  throw new Error('timed out');
}

/** Saves `page` as `<name>-light.png` and `<name>-dark.png`. */
async function shoot(page: Page, name: string): Promise<void> {
  for (const theme of THEMES) {
    await page.emulateMedia({ colorScheme: theme });
    await page.waitForTimeout(300);
    const file = path.join(OUT, `${name}-${theme}.png`);
    await page.screenshot({ path: file, animations: 'disabled', caret: 'hide' });
    console.log(`wrote ${path.relative(ROOT, file)}`);
  }
}

mkdirSync(OUT, { recursive: true });
const downloads = path.join(ROOT, '.output/screenshots-downloads');
const ext = await launchWithExtension(ensureE2eBuild(), { downloadsPath: downloads });
const demo = await startFixtureServer(path.join(ROOT, 'e2e/fixtures/demo'));
try {
  const shop = ext.context.pages()[0] ?? (await ext.context.newPage());
  await shop.setViewportSize({ width: 1000, height: 640 });
  await shop.goto(demo.url('/'));
  const tabId = await ext.worker.evaluate(async (url) => (await chrome.tabs.query({ url }))[0]!.id!, shop.url());
  const extensionPage = (name: string) => `chrome-extension://${ext.extensionId}/${name}`;

  // The popup, as the toolbar opens it (400 px wide), once the tester allowed the shop and used it.
  const popup = await ext.context.newPage();
  await popup.setViewportSize({ width: 400, height: 600 });
  await popup.goto(extensionPage(`popup.html?tabId=${tabId}`));
  await popup.getByRole('button', { name: /Always record on/ }).click();
  await until(async () => (await popup.getByTestId('capture-status').innerText()).includes('Recording this tab'));
  await shop.bringToFront();
  await shop.getByLabel('Email').pressSequentially('sam@example.com');
  for (const button of ['Log a message', 'Fetch products', 'Place order (fails)', 'Throw an error']) {
    await shop.getByRole('button', { name: button }).click();
    await shop.waitForTimeout(500);
  }
  await shop.waitForTimeout(1500);
  await popup.bringToFront();
  await until(async () => (await popup.getByTestId('capture-summary').count()) > 0);
  // The toolbar popup is as tall as its content: so is the picture.
  await popup.setViewportSize({ width: 400, height: 100 });
  const height = await popup.evaluate(() => document.documentElement.scrollHeight);
  await popup.setViewportSize({ width: 400, height });
  await shoot(popup, 'popup');

  // The full reporter, as "Report a bug" opens it, with a rectangle drawn and the form filled in.
  const reporter = await ext.context.newPage();
  await reporter.setViewportSize({ width: 1180, height: 860 });
  await reporter.goto(extensionPage(`reporter.html?tabId=${tabId}`));
  const canvas = reporter.getByTestId('annotation-canvas');
  await canvas.waitFor();
  const box = (await canvas.boundingBox())!;
  await reporter.mouse.move(box.x + box.width * 0.2, box.y + box.height * 0.55);
  await reporter.mouse.down();
  await reporter.mouse.move(box.x + box.width * 0.8, box.y + box.height * 0.75, { steps: 5 });
  await reporter.mouse.up();
  await reporter.getByLabel('Title').fill('Placing an order fails with HTTP 404');
  await reporter.getByLabel('Expected result').fill('The order is placed');
  await reporter.getByLabel('Actual result').fill('"Order failed: HTTP 404"');
  await until(async () => !(await reporter.getByTestId('captured-counts').innerText()).includes('Reading'));
  await reporter.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
  await shoot(reporter, 'reporter');

  // The viewer, with the report just downloaded from the reporter.
  const since = Date.now();
  await reporter.getByRole('button', { name: 'Download .zip' }).click();
  let zipPath = '';
  await until(async () => {
    const [item] = await ext.worker.evaluate(
      async (after) => chrome.downloads.search({ state: 'complete', startedAfter: new Date(after).toISOString() }),
      since,
    );
    zipPath = item?.filename ?? '';
    return zipPath !== '';
  }, 60_000);
  const viewer = await ext.context.newPage();
  await viewer.setViewportSize({ width: 1280, height: 800 });
  await viewer.goto(extensionPage('viewer.html'));
  await viewer
    .getByTestId('zip-input')
    .setInputFiles({ name: path.basename(zipPath), mimeType: 'application/zip', buffer: readFileSync(zipPath) });
  await viewer
    .frameLocator('[data-testid="report-frame"]')
    .frameLocator('[data-testid="replay"] iframe')
    .getByRole('heading', { name: 'Repro demo shop' })
    .waitFor();
  await viewer.waitForTimeout(1000);
  await shoot(viewer, 'viewer');
  writeFileSync(path.join(OUT, 'README.md'), readme());
} finally {
  await demo.close();
  await ext.close();
}

function readme(): string {
  return [
    '# Screenshots',
    '',
    'Taken by `npx tsx e2e/tools/screenshots.ts` from the test build on the demo shop: the popup',
    '(400 px wide, as the toolbar opens it), the reporter and the viewer, each in the light and the dark theme.',
    'Run it again after changing how these pages look, and look at every picture before committing it.',
    '',
  ].join('\n');
}
