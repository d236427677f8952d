/**
 * Playwright fixtures: a fresh Chromium profile with the built extension per test, the fixture server,
 * and helpers to act as a tester would (allow a site, open the popup or the reporter for a tab).
 */
import { test as base, expect, type Page, type Worker } from '@playwright/test';
import { ensureE2eBuild } from './build';
import { launchWithExtension, type LaunchedExtension } from './chromium';
import { startFixtureServer, type FixtureServer } from './fixture-server';

export interface ExtensionHelpers {
  /** The tab id of a page, looked up by the worker (pages get a unique URL fragment-free id). */
  tabIdOf(page: Page): Promise<number>;
  /** Opens `popup.html?tabId=N` for `page`'s tab, as the toolbar popup would act on it. */
  openPopupFor(page: Page): Promise<Page>;
  /** Opens the full reporter, `reporter.html?tabId=N`, for `page`'s tab (as "Report a bug" does). */
  openReporterFor(page: Page): Promise<Page>;
  /** Opens an extension page (`options.html`, `viewer.html`). */
  openExtensionPage(pathname: string): Promise<Page>;
  /** Adds `origin` to the sites the rolling buffer runs on (as the popup's "Always record" does). */
  allowOrigin(origin: string): Promise<void>;
  /** Runs `fn` in the service worker. */
  inWorker<T, A>(fn: (arg: A) => T | Promise<T>, arg: A): Promise<T>;
  /** The current worker (it can change after a restart). */
  worker(): Worker;
}

interface Fixtures {
  ext: LaunchedExtension & ExtensionHelpers;
}

interface WorkerFixtures {
  extensionDir: string;
  server: FixtureServer;
}

export const test = base.extend<Fixtures, WorkerFixtures>({
  extensionDir: [
    // biome-ignore lint: Playwright requires the destructuring pattern here.
    async ({}, use) => {
      await use(ensureE2eBuild());
    },
    { scope: 'worker' },
  ],
  server: [
    // biome-ignore lint: Playwright requires the destructuring pattern here.
    async ({}, use) => {
      const server = await startFixtureServer();
      await use(server);
      await server.close();
    },
    { scope: 'worker' },
  ],
  ext: async ({ extensionDir }, use, testInfo) => {
    const launched = await launchWithExtension(extensionDir, { downloadsPath: testInfo.outputPath('downloads') });
    const currentWorker = (): Worker =>
      launched.context.serviceWorkers().find((w) => w.url().startsWith(`chrome-extension://${launched.extensionId}/`)) ?? launched.worker;
    const helpers: ExtensionHelpers = {
      worker: currentWorker,
      inWorker: (fn, arg) => currentWorker().evaluate(fn as never, arg) as never,
      async tabIdOf(page) {
        const url = page.url();
        const ids = await currentWorker().evaluate(
          async (u) => (await chrome.tabs.query({})).filter((t) => t.url === u).map((t) => t.id!),
          url,
        );
        if (ids.length !== 1) throw new Error(`expected one tab at ${url}, found ${ids.length}`);
        return ids[0]!;
      },
      async openPopupFor(page) {
        return helpers.openExtensionPage(`popup.html?tabId=${await helpers.tabIdOf(page)}`);
      },
      async openReporterFor(page) {
        return helpers.openExtensionPage(`reporter.html?tabId=${await helpers.tabIdOf(page)}`);
      },
      async openExtensionPage(pathname) {
        const page = await launched.context.newPage();
        await page.goto(`chrome-extension://${launched.extensionId}/${pathname.replace(/^\//, '')}`);
        return page;
      },
      async allowOrigin(origin) {
        await currentWorker().evaluate(async (o) => {
          const key = 'settings.capture';
          const current = ((await chrome.storage.local.get(key))[key] ?? {}) as { allowedOrigins?: string[] };
          const allowedOrigins = [...new Set([...(current.allowedOrigins ?? []), o])];
          await chrome.storage.local.set({ [key]: { ...current, allowedOrigins } });
        }, origin);
        // Registration follows the settings change asynchronously: wait until the scripts are registered.
        await expect
          .poll(() => currentWorker().evaluate(async () => (await chrome.scripting.getRegisteredContentScripts()).length), {
            timeout: 5_000,
          })
          .toBeGreaterThan(0);
      },
    };
    await use(Object.assign(launched, helpers));
    await launched.close();
  },
});

export { expect };
