/**
 * Firefox for the end-to-end tests, through puppeteer-core (WebDriver BiDi): `FIREFOX_PATH`, then
 * Debian's `firefox-esr` or `firefox`. Firefox has no Playwright build here, and puppeteer drives the
 * system's own Firefox, temporary add-ons included.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import puppeteer, { type Browser } from 'puppeteer-core';

export function firefoxPath(): string | undefined {
  const fromEnv = process.env.FIREFOX_PATH;
  if (fromEnv) return fromEnv;
  return ['/usr/bin/firefox-esr', '/usr/bin/firefox'].find((candidate) => existsSync(candidate));
}

export interface LaunchedFirefox {
  browser: Browser;
  close(): Promise<void>;
}

/** A headless Firefox on a fresh profile that reaches nothing but this machine. */
export async function launchFirefox(executablePath: string): Promise<LaunchedFirefox> {
  const profile = mkdtempSync(path.join(tmpdir(), 'repro-firefox-'));
  const browser = await puppeteer.launch({
    browser: 'firefox',
    executablePath,
    headless: true,
    userDataDir: profile,
    extraPrefsFirefox: {
      // No update checks, telemetry or remote settings on a machine without network.
      'app.update.enabled': false,
      'browser.shell.checkDefaultBrowser': false,
      'datareporting.policy.dataSubmissionEnabled': false,
      'toolkit.telemetry.enabled': false,
      'extensions.update.enabled': false,
      'network.captive-portal-service.enabled': false,
      'network.connectivity-service.enabled': false,
    },
  });
  return {
    browser,
    async close() {
      await browser.close().catch(() => undefined);
      rmSync(profile, { recursive: true, force: true });
    },
  };
}
