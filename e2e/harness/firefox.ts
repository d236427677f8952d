/**
 * Firefox for the end-to-end tests, through puppeteer-core (WebDriver BiDi): `FIREFOX_PATH`, then
 * Debian's `firefox-esr` or `firefox`. Firefox has no Playwright build here, and puppeteer drives the
 * system's own Firefox, temporary add-ons included.
 *
 * Driving the extension's own pages: WebDriver BiDi refuses to navigate a tab to a `moz-extension://`
 * URL ("not allowed in this context"), and a web page may not open one either. The test build
 * (REPRO_E2E=1) has a hook for it (lib/ui/e2e-hooks.ts): a tab that loads
 * `http://127.0.0.1:<port>/__repro-e2e/open?path=reporter.html?tabId=3` is sent by the extension itself to
 * that page. Puppeteer keeps the tab's page object across that navigation and can evaluate and click in
 * the extension page as in any other. The add-on's UUID is fixed (`extensions.webextensions.uuids`), so
 * its pages have known addresses. One extension page stays open as the "control" page: the tests run
 * extension API calls there (`inExtension`), as the Chromium tests do in the service worker.
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import JSZip from 'jszip';
import puppeteer, { type Browser, type Page } from 'puppeteer-core';
import { ensureE2eBuild } from './build';
import { NETWORK_TABS_KEY } from './storage-keys';

export function firefoxPath(): string | undefined {
  const fromEnv = process.env.FIREFOX_PATH;
  if (fromEnv) return fromEnv;
  return ['/usr/bin/firefox-esr', '/usr/bin/firefox'].find((candidate) => existsSync(candidate));
}

export interface LaunchedFirefox {
  browser: Browser;
  close(): Promise<void>;
}

/** The add-on id of the Firefox build (wxt.config.ts) and the UUID its pages get in test profiles. */
export const ADDON_ID = 'repro@repro.dev';
export const ADDON_UUID = '5e1c0a2d-7f3b-4c61-9a8e-3d2b1f0c4e57';

/** Preferences every test profile gets: nothing reaches beyond this machine. */
const QUIET_PREFS = {
  // No update checks, telemetry or remote settings on a machine without network.
  'app.update.enabled': false,
  'browser.shell.checkDefaultBrowser': false,
  'datareporting.policy.dataSubmissionEnabled': false,
  'toolkit.telemetry.enabled': false,
  'extensions.update.enabled': false,
  'network.captive-portal-service.enabled': false,
  'network.connectivity-service.enabled': false,
};

/** A headless Firefox on a fresh profile that reaches nothing but this machine. */
export async function launchFirefox(executablePath: string, prefs: Record<string, unknown> = {}): Promise<LaunchedFirefox> {
  const profile = mkdtempSync(path.join(tmpdir(), 'repro-firefox-'));
  const browser = await puppeteer.launch({
    browser: 'firefox',
    executablePath,
    headless: true,
    userDataDir: profile,
    defaultViewport: { width: 1280, height: 800 },
    extraPrefsFirefox: { ...QUIET_PREFS, ...prefs },
  });
  return {
    browser,
    async close() {
      await browser.close().catch(() => undefined);
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

export interface FirefoxExtension extends LaunchedFirefox {
  /** Where Firefox saves downloads, without asking. */
  downloads: string;
  /** An extension page kept open to run extension API calls in. */
  control: Page;
  /** Opens an extension page (`reporter.html?tabId=3`, `viewer.html`) in a new tab. */
  openExtensionPage(pathname: string): Promise<Page>;
  /** Runs `fn` in the control page, where `chrome.*` is the extension API. */
  inExtension<T, A>(fn: (arg: A) => T | Promise<T>, arg: A): Promise<T>;
  /** The tab id of `page`, looked up by its URL. */
  tabIdOf(page: Page): Promise<number>;
  /** Opens `popup.html?tabId=N` for `page`'s tab, as the toolbar popup would act on it. */
  openPopupFor(page: Page): Promise<Page>;
  /** Opens the full reporter, `reporter.html?tabId=N`, for `page`'s tab (as "Open reporter" does). */
  openReporterFor(page: Page): Promise<Page>;
  /** Adds `origin` to the sites Repro records (as the popup's "Always record" does). */
  allowOrigin(origin: string): Promise<void>;
  /** Waits until the background captures the network of tab `tabId` (its entry in the capture's session store says attached). */
  networkAttached(tabId: number): Promise<void>;
}

/** Polls `check` until it returns a truthy value (puppeteer's waitForFunction builds code from strings, which extension pages refuse). */
export async function until<T>(check: () => Promise<T> | T, what: string, timeout = 15_000): Promise<NonNullable<T>> {
  const deadline = Date.now() + timeout;
  let last: unknown;
  for (;;) {
    try {
      const value = await check();
      if (value) return value as NonNullable<T>;
    } catch (error) {
      last = error;
    }
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}${last ? `: ${String(last)}` : ''}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** The newest report zip Firefox finished saving (after Download was pressed), its path and its contents. */
export async function savedReportZip(ff: FirefoxExtension): Promise<{ path: string; zip: JSZip }> {
  const file = await until(
    async () => {
      const [item] = await ff.inExtension(
        () => chrome.downloads.search({ filenameRegex: 'repro-.*\\.zip$', orderBy: ['-startTime'], limit: 1 }),
        null,
      );
      return item?.state === 'complete' ? item.filename : '';
    },
    'the saved report zip',
    60_000,
  );
  return { path: file, zip: await JSZip.loadAsync(readFileSync(file)) };
}

/**
 * Firefox with the test build installed as a temporary add-on. `origin` is the fixture server's: the
 * extension's page opener answers only tabs on 127.0.0.1. `prefs` adds profile preferences (a short
 * background idle timeout, for instance).
 */
export async function launchFirefoxWithExtension(
  executablePath: string,
  origin: string,
  prefs: Record<string, unknown> = {},
): Promise<FirefoxExtension> {
  const extensionDir = ensureE2eBuild('firefox');
  const downloads = mkdtempSync(path.join(tmpdir(), 'repro-firefox-downloads-'));
  mkdirSync(downloads, { recursive: true });
  const launched = await launchFirefox(executablePath, {
    'extensions.webextensions.uuids': JSON.stringify({ [ADDON_ID]: ADDON_UUID }),
    // Downloads go to `downloads` at once: no dialog, no panel.
    'browser.download.folderList': 2,
    'browser.download.dir': downloads,
    'browser.download.useDownloadDir': true,
    'browser.download.always_ask_before_handling_new_types': false,
    'browser.download.start_downloads_in_tmp_dir': false,
    'browser.download.alwaysOpenPanel': false,
    'browser.download.panel.shown': true,
    // `permissions.request` answers yes without a prompt (see `regrantAllUrls`).
    'extensions.webextOptionalPermissionPrompts': false,
    ...prefs,
  });
  const { browser } = launched;
  const id = await browser.installExtension(extensionDir);
  if (id !== ADDON_ID) throw new Error(`installed ${id}, expected ${ADDON_ID}`);
  const base = `moz-extension://${ADDON_UUID}/`;

  async function openExtensionPage(pathname: string): Promise<Page> {
    const page = await browser.newPage();
    const opener = `${origin}/__repro-e2e/open?path=${encodeURIComponent(pathname.replace(/^\//, ''))}`;
    // Not page.goto: its wait for the fixture server's answer would outlast the extension's redirect.
    await page.evaluate((url) => void (location.href = url), opener);
    await until(
      () => page.evaluate(() => location.href.startsWith('moz-extension:') && document.readyState === 'complete'),
      `extension page ${pathname}`,
    );
    return page;
  }

  const control = await openExtensionPage('options.html');
  await regrantAllUrls(control);
  const inExtension = <T, A>(fn: (arg: A) => T | Promise<T>, arg: A) => control.evaluate(fn as never, arg) as Promise<T>;
  const ext: FirefoxExtension = {
    ...launched,
    downloads,
    control,
    openExtensionPage,
    inExtension,
    async tabIdOf(page) {
      const url = page.url();
      const ids = await inExtension(async (u) => (await chrome.tabs.query({})).filter((t) => t.url === u).map((t) => t.id!), url);
      if (ids.length !== 1) throw new Error(`expected one tab at ${url}, found ${ids.length}`);
      return ids[0]!;
    },
    async openPopupFor(page) {
      return openExtensionPage(`popup.html?tabId=${await ext.tabIdOf(page)}`);
    },
    async openReporterFor(page) {
      return openExtensionPage(`reporter.html?tabId=${await ext.tabIdOf(page)}`);
    },
    async allowOrigin(site) {
      await inExtension(async (o) => {
        const key = 'settings.capture';
        const current = ((await chrome.storage.local.get(key))[key] ?? {}) as { allowedOrigins?: string[] };
        await chrome.storage.local.set({ [key]: { ...current, allowedOrigins: [...new Set([...(current.allowedOrigins ?? []), o])] } });
      }, site);
      // Registration follows the settings change asynchronously: wait until the scripts are registered.
      await until(
        () => inExtension(async () => (await chrome.scripting.getRegisteredContentScripts()).length > 0, null),
        'content scripts registered',
      );
    },
    async networkAttached(tabId) {
      await until(
        () =>
          inExtension(
            async ({ id, key }) =>
              ((await chrome.storage.session.get(key))[key] as Record<string, { attached?: boolean }> | undefined)?.[id]?.attached,
            { id: tabId, key: NETWORK_TABS_KEY },
          ),
        'network capture to attach',
      );
    },
    async close() {
      await launched.close();
      rmSync(downloads, { recursive: true, force: true });
    },
  };
  if (!(await control.evaluate(() => location.href)).startsWith(base)) throw new Error('the add-on UUID preference was not applied');
  return ext;
}

/**
 * The test build holds `<all_urls>` so that `captureVisibleTab` works without the toolbar button's
 * `activeTab` grant, which nothing can click headless. Firefox 140 lists the grant of a temporary add-on
 * (`permissions.contains` says yes) yet refuses the capture ("Missing activeTab permission") until the
 * permission is taken back and granted again, which `permissions.request` does only in a handler of the
 * user's input: a click on a button in the control page.
 */
async function regrantAllUrls(control: Page): Promise<void> {
  await control.evaluate(() => {
    const button = document.createElement('button');
    button.id = 'e2e-regrant';
    button.textContent = 'grant';
    button.style.cssText = 'position:fixed;inset:0 auto auto 0;z-index:2147483647;width:80px;height:40px';
    button.addEventListener('click', () => {
      // Both asked for in the click's own task: after an await, the click no longer counts as input.
      const removed = chrome.permissions.remove({ origins: ['<all_urls>'] });
      const granted = chrome.permissions.request({ origins: ['<all_urls>'] });
      void Promise.all([removed, granted]).then(
        ([, yes]) => (button.dataset.result = String(yes)),
        (error: unknown) => (button.dataset.result = String(error)),
      );
    });
    document.body.append(button);
  });
  await control.bringToFront();
  await control.click('#e2e-regrant');
  const result = await until(
    () => control.evaluate(() => document.getElementById('e2e-regrant')?.dataset.result),
    '<all_urls> granted again',
  );
  if (result !== 'true') throw new Error(`<all_urls> could not be granted again: ${result}`);
  await control.evaluate(() => document.getElementById('e2e-regrant')?.remove());
}
