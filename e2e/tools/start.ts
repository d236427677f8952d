/**
 * `npm start`: builds the extension, serves the demo site on 127.0.0.1, and opens Chromium with the
 * extension loaded on the demo page (the demo site pre-allowed, so recording starts at once).
 * Rebuilds on every source change and reloads the extension.
 */
import { spawn } from 'node:child_process';
import { watch } from 'node:fs';
import path from 'node:path';
import { ROOT } from '../harness/build';
import { launchWithExtension } from '../harness/chromium';
import { startFixtureServer } from '../harness/fixture-server';

const OUT = path.join(ROOT, '.output/chrome-mv3-e2e');

function build(): Promise<boolean> {
  return new Promise((resolve) => {
    const child = spawn('npx', ['wxt', 'build'], { cwd: ROOT, stdio: 'inherit', env: { ...process.env, REPRO_E2E: '1' } });
    child.on('exit', (code) => resolve(code === 0));
  });
}

/** Polls `check` until it answers true, for up to ten seconds; answers whether it did. */
async function waitFor(check: () => Promise<boolean>): Promise<boolean> {
  for (let i = 0; i < 50; i++) {
    if (await check().catch(() => false)) return true;
    await new Promise((r) => setTimeout(r, 200));
  }
  return false;
}

if (!(await build())) process.exit(1);
const demo = await startFixtureServer(path.join(ROOT, 'e2e/fixtures/demo'));
const headless = process.argv.includes('--headless');
const ext = await launchWithExtension(OUT, { headless });
await ext.worker.evaluate(async (origin) => {
  await chrome.storage.local.set({ 'settings.capture': { allowedOrigins: [origin] } });
}, demo.origin);
// The recorder is registered for the demo origin in reaction to that setting: wait for it, or the demo
// page would open before there is anything to record it.
await waitFor(() => ext.worker.evaluate(async () => (await chrome.scripting.getRegisteredContentScripts()).length > 0));
const page = ext.context.pages()[0] ?? (await ext.context.newPage());
await page.goto(demo.url('/'));
console.log(`\nRepro is loaded. Demo page: ${demo.url('/')}`);
const recording = await waitFor(() =>
  ext.worker.evaluate(async (url) => {
    const [tab] = await chrome.tabs.query({ url });
    return tab?.id !== undefined && (await chrome.action.getBadgeText({ tabId: tab.id })) === 'REC';
  }, demo.url('/')),
);
console.log(recording ? 'The demo page is recording (REC on the toolbar icon).' : 'The demo page is not recording yet: reload it.');
console.log('Click the Repro toolbar icon to report a bug. Edit the sources to rebuild; Ctrl+C to quit.\n');

let timer: NodeJS.Timeout | undefined;
let building = false;

/** Rebuilds and reloads the extension, one build at a time; a failed build leaves the next one free to run. */
async function rebuild(): Promise<void> {
  if (building) return;
  building = true;
  try {
    if (await build()) {
      const worker = ext.context.serviceWorkers()[0];
      await worker?.evaluate(() => chrome.runtime.reload()).catch(() => undefined);
      console.log('Rebuilt and reloaded the extension.');
    }
  } catch (error) {
    console.error('Rebuild failed:', error);
  } finally {
    building = false;
  }
}
for (const dir of ['entrypoints', 'components', 'lib', 'public']) {
  watch(path.join(ROOT, dir), { recursive: true }, () => {
    clearTimeout(timer);
    timer = setTimeout(() => void rebuild(), 300);
  });
}

ext.context.on('close', () => process.exit(0));
process.on('SIGINT', () => void ext.close().finally(() => process.exit(0)));
