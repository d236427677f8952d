/**
 * The recorder's hand-over (lib/page/handover.ts) in real Firefox, against the hostile page of
 * security-hostile-handover.spec.ts. Firefox runs registered MAIN and ISOLATED scripts in registration
 * order (Chromium always runs the isolated one first), and pages cannot be driven through the built
 * extension's own pages here, so a small test add-on carries the module itself: its two scripts do the
 * hand-over exactly as the recorder's do, then ping across the port. Registered in both orders, and
 * injected into the running page as the worker does for a repro (page world first, its key passed on).
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import { expect, test } from '@playwright/test';
import { HANDOVER_KEY } from '../../lib/page/handover';
import { ROOT } from '../harness/build';
import { firefoxPath, launchFirefox } from '../harness/firefox';
import { startFixtureServer } from '../harness/fixture-server';

const executable = firefoxPath();
test.skip(!executable, 'no Firefox found (FIREFOX_PATH, /usr/bin/firefox-esr or /usr/bin/firefox)');

/** lib/page/handover.ts as a script: its exports on a local object (the module imports nothing). */
function handoverScript(): string {
  const source = readFileSync(path.join(ROOT, 'lib/page/handover.ts'), 'utf8');
  const { outputText } = ts.transpileModule(source, {
    compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022 },
  });
  return `var exports = {};\n${outputText}\n`;
}

/** The page world's script: offers the port, answers a ping on it, and returns its key (the script's result). */
const MAIN = `(function () {
  ${handoverScript()}
  const offer = exports.offerRecorderPort((port) => {
    port.onmessage = (e) => port.postMessage(e.data === 'ping' ? 'pong' : 'unexpected');
  });
  return offer.key;
})();`;

/** The isolated script: takes the port (with the key the worker left, if any), pings, and notes forgeries. */
const ISOLATED = `(function () {
  ${handoverScript()}
  const key = globalThis[exports.HANDOVER_KEY];
  delete globalThis[exports.HANDOVER_KEY];
  const root = document.documentElement;
  let forged = 0;
  exports.takeRecorderPort({
    onPort(port) {
      port.onmessage = (e) => root.setAttribute('data-handover', String(e.data));
      port.postMessage('ping');
    },
    onForged() {
      root.setAttribute('data-forged', String(++forged));
    },
  }, window, typeof key === 'string' ? key : undefined);
})();`;

/** The add-on's background: registers the two scripts in `order`, or injects them into a page whose URL asks for it. */
function background(order: 'main-first' | 'isolated-first' | 'none'): string {
  return `
const scripts = [
  { id: 'main', js: ['main.js'], matches: ['http://127.0.0.1/*'], runAt: 'document_start', world: 'MAIN' },
  { id: 'isolated', js: ['isolated.js'], matches: ['http://127.0.0.1/*'], runAt: 'document_start' },
];
const order = ${JSON.stringify(order)};
if (order !== 'none') browser.scripting.registerContentScripts(order === 'main-first' ? scripts : scripts.reverse());
browser.tabs.onUpdated.addListener(async (tabId, info, tab) => {
  if (info.status !== 'complete' || !tab.url?.includes('inject=1')) return;
  const target = { tabId };
  const [main] = await browser.scripting.executeScript({ target, files: ['main.js'], world: 'MAIN' });
  await browser.scripting.executeScript({ target, args: [${JSON.stringify(HANDOVER_KEY)}, main.result], func: (name, value) => { globalThis[name] = value; } });
  await browser.scripting.executeScript({ target, files: ['isolated.js'] });
});`;
}

function writeAddon(dir: string, order: 'main-first' | 'isolated-first' | 'none'): string {
  mkdirSync(dir, { recursive: true });
  const manifest = {
    manifest_version: 3,
    name: 'Repro hand-over test',
    version: '1.0',
    permissions: ['scripting', 'tabs'],
    host_permissions: ['http://127.0.0.1/*'],
    background: { scripts: ['background.js'] },
    browser_specific_settings: { gecko: { id: `handover-${order}@repro.test` } },
  };
  writeFileSync(path.join(dir, 'manifest.json'), JSON.stringify(manifest));
  writeFileSync(path.join(dir, 'background.js'), background(order));
  writeFileSync(path.join(dir, 'main.js'), MAIN);
  writeFileSync(path.join(dir, 'isolated.js'), ISOLATED);
  return dir;
}

test('Firefox: the hand-over survives the hostile page, registered in either order and injected into it', async ({}, testInfo) => {
  test.setTimeout(120_000);
  const server = await startFixtureServer();
  const firefox = await launchFirefox(executable!);
  try {
    for (const [order, query] of [
      ['main-first', ''],
      ['isolated-first', ''],
      ['none', '?inject=1'],
    ] as const) {
      const id = await firefox.browser.installExtension(writeAddon(testInfo.outputPath(order), order));
      const page = await firefox.browser.newPage();
      // Registration is asynchronous: load again until the scripts are there (the injecting variant needs none).
      await expect
        .poll(
          async () => {
            await page.goto(server.url(`/capture/hostile-handover.html${query}`));
            await new Promise((resolve) => setTimeout(resolve, 500));
            return [order, await page.evaluate(() => document.documentElement.getAttribute('data-handover'))];
          },
          { timeout: 20_000 },
        )
        .toEqual([order, 'pong']);
      const attack = await page.evaluate(
        () => (window as unknown as { __attack: { ports: number; offersSeen: number; asksSeen: number } }).__attack,
      );
      expect([order, attack.ports, attack.offersSeen, attack.asksSeen]).toEqual([order, 0, 0, 0]);
      await expect.poll(() => page.evaluate(() => Number(document.documentElement.getAttribute('data-forged')))).toBeGreaterThan(2);
      await page.close();
      await firefox.browser.uninstallExtension(id);
    }
  } finally {
    await firefox.close();
    await server.close();
  }
});
