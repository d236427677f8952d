/**
 * Takes the README's screenshots (docs/screenshots/popup.png and viewer.png) from the test build, as a
 * tester would get there: the demo shop records a few clicks, the reporter opens for its tab, its zip
 * is downloaded and opened in the extension's viewer. Rerun after changing either page:
 *   npx tsx e2e/tools/screenshots.ts
 */
import { mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Page } from '@playwright/test';
import { ensureE2eBuild, ROOT } from '../harness/build';
import { launchWithExtension } from '../harness/chromium';
import { startFixtureServer } from '../harness/fixture-server';

const OUT = path.join(ROOT, 'docs/screenshots');

/** Polls `check` until it answers a value, for up to `ms`; throws with `what` otherwise. */
async function until<T>(what: string, check: () => Promise<T | undefined | null | false>, ms = 20_000): Promise<T> {
  for (const end = Date.now() + ms; Date.now() < end; await new Promise((r) => setTimeout(r, 250))) {
    const value = await check().catch(() => undefined);
    if (value) return value;
  }
  throw new Error(`Timed out waiting for ${what}.`);
}

const dir = ensureE2eBuild();
const demo = await startFixtureServer(path.join(ROOT, 'e2e/fixtures/demo'));
const ext = await launchWithExtension(dir, { downloadsPath: path.join(ROOT, '.output/screenshots-downloads') });
try {
  await ext.worker.evaluate((origin) => chrome.storage.local.set({ 'settings.capture': { allowedOrigins: [origin] } }), demo.origin);
  await until('the recorder to register', () => ext.worker.evaluate(async () => (await chrome.scripting.getRegisteredContentScripts()).length > 0));

  const shop = await ext.context.newPage();
  await shop.setViewportSize({ width: 1000, height: 640 });
  await shop.goto(demo.url('/'));
  const tabId = await until('the demo page to record', () =>
    ext.worker.evaluate(async (url) => {
      const [tab] = await chrome.tabs.query({ url });
      return tab?.id !== undefined && (await chrome.action.getBadgeText({ tabId: tab.id })) === 'REC' ? tab.id : undefined;
    }, shop.url()),
  );
  for (const button of ['Log a message', 'Fetch products', 'Place order (fails)', 'Throw an error']) {
    await shop.getByRole('button', { name: button }).click();
    await shop.waitForTimeout(700);
  }
  await shop.getByLabel('Email').pressSequentially('tester@example.com');
  await shop.waitForTimeout(1500);

  // The reporter at the toolbar popup's width.
  const popup: Page = await ext.context.newPage();
  await popup.setViewportSize({ width: 440, height: 600 });
  await popup.goto(`chrome-extension://${ext.extensionId}/popup.html?tabId=${tabId}`);
  await popup.getByLabel('Title').fill('Order fails with HTTP 404');
  await popup.getByLabel('Steps to reproduce').waitFor();
  await until('the reporter to fill in', async () => (await popup.getByTestId('captured-counts').innerText()).includes('failed request'));
  mkdirSync(OUT, { recursive: true });
  await popup.screenshot({ path: path.join(OUT, 'popup.png'), fullPage: true });

  await popup.getByRole('button', { name: 'Download .zip' }).click();
  // The browser saves downloads of automated sessions under a random name; the reporter names the file.
  await popup.getByTestId('outcome').locator('strong').waitFor({ timeout: 30_000 });
  const name = (await popup.getByTestId('outcome').locator('strong').innerText()).trim();
  const saved = await until('the zip to be saved', () =>
    ext.worker.evaluate(async () => {
      const [item] = await chrome.downloads.search({ orderBy: ['-startTime'], limit: 1 });
      return item?.state === 'complete' ? item.filename : undefined;
    }),
  );

  const viewer = await ext.context.newPage();
  await viewer.setViewportSize({ width: 1280, height: 800 });
  await viewer.goto(`chrome-extension://${ext.extensionId}/viewer.html`);
  await viewer.getByTestId('zip-input').setInputFiles({ name, mimeType: 'application/zip', buffer: readFileSync(saved) });
  const view = viewer.frameLocator('[data-testid="report-frame"]');
  await view.getByRole('tab', { name: /Network/ }).click();
  await view.getByTestId('network-list').getByRole('button', { name: /missing-order-endpoint/ }).click();
  await view.frameLocator('[data-testid="replay"] iframe').getByRole('heading', { name: 'Repro demo shop' }).waitFor();
  await viewer.waitForTimeout(500);
  await viewer.screenshot({ path: path.join(OUT, 'viewer.png') });
  console.log(`Saved ${path.relative(ROOT, OUT)}/popup.png and viewer.png`);
} finally {
  await ext.close();
  await demo.close();
}
