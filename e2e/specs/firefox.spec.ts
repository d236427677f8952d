import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { expect, test } from '@playwright/test';
import { ROOT } from '../harness/build';
import { firefoxPath, launchFirefox } from '../harness/firefox';
import { sampleConsole, sampleEvents, sampleHar, sampleReport, standaloneHtml } from '../fixtures/reports/build-report';

// CI installs Firefox ESR; a developer machine without Firefox skips these, and says so.
const executable = firefoxPath();
test.skip(!executable, 'no Firefox found (FIREFOX_PATH, /usr/bin/firefox-esr or /usr/bin/firefox)');

test('viewer.html opened from disk in Firefox replays the recording and lists console and network, offline', async ({}, testInfo) => {
  // Firefox replaces a new frame's first document once the frame loads; rrweb refused the second one
  // until patches/rrweb-player+2.1.6.patch (Firefox ESR 140.12 showed no replay at all).
  const dir = testInfo.outputPath('unzipped');
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, 'viewer.html');
  writeFileSync(file, await standaloneHtml({ report: sampleReport(), events: sampleEvents(), console: sampleConsole(), har: sampleHar() }));

  const firefox = await launchFirefox(executable!);
  try {
    const page = await firefox.browser.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(String(e)));
    const requests: string[] = [];
    page.on('request', (r) => requests.push(r.url()));
    await page.goto(pathToFileURL(file).href);
    // The replay frame shows the recorded page's text; the lists show the entries.
    // Polled with evaluate: puppeteer's waitForFunction builds its predicate with Function(), which
    // newer Firefox releases refuse under the viewer's CSP.
    await expect
      .poll(
        () =>
          page.evaluate(() =>
            Boolean(
              document
                .querySelector<HTMLIFrameElement>('[data-testid="replay"] iframe')
                ?.contentDocument?.body?.textContent?.includes('Welcome to the shop'),
            ),
          ),
        { timeout: 20_000 },
      )
      .toBe(true);
    const consoleText = await page.$eval('[data-testid="console-list"]', (el) => el.textContent ?? '');
    expect(consoleText).toContain('TypeError');
    const sandbox = await page.$eval('[data-testid="replay"] iframe', (el) => el.getAttribute('sandbox'));
    expect(sandbox).toBe('allow-same-origin');
    const networkTab = await page.$$eval('[role="tab"]', (tabs) => tabs.map((t) => t.textContent ?? ''));
    expect(networkTab.some((t) => /Network/.test(t))).toBe(true);
    expect(requests.filter((u) => !/^(file|data|blob|about):/.test(u))).toEqual([]);
    expect(errors).toEqual([]);
  } finally {
    await firefox.close();
  }
});

test('the Firefox build installs as an add-on in real Firefox', async () => {
  const out = path.join(ROOT, '.output/firefox-mv3');
  // `npm test` built it in its check step; a lone run of this spec builds it here.
  if (!existsSync(path.join(out, 'manifest.json'))) execFileSync('npx', ['wxt', 'build', '-b', 'firefox'], { cwd: ROOT, stdio: 'inherit' });
  const firefox = await launchFirefox(executable!);
  try {
    // Firefox validates the manifest (MV3 background, permissions, gecko settings) when it installs.
    const id = await firefox.browser.installExtension(out);
    expect(id).toBe('repro@repro.dev');
  } finally {
    await firefox.close();
  }
});
