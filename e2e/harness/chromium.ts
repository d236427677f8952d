/** Finds and launches Chromium with the built extension loaded. Shared by the tests, `npm start` and the benchmark. */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium, type BrowserContext, type Worker } from '@playwright/test';

/** `CHROMIUM_PATH`, then Debian's `/usr/bin/chromium`, else Playwright's own browser (undefined). */
export function chromiumPath(): string | undefined {
  const fromEnv = process.env.CHROMIUM_PATH;
  if (fromEnv) return fromEnv;
  for (const candidate of ['/usr/bin/chromium', '/usr/bin/chromium-browser']) {
    if (existsSync(candidate)) return candidate;
  }
  return undefined;
}

/** Flags that keep Chromium quiet on a machine without network access. */
export const QUIET_FLAGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
  '--disable-default-apps',
];

export interface LaunchedExtension {
  context: BrowserContext;
  worker: Worker;
  extensionId: string;
  /** The profile's folder (the benchmark finds the browser's processes by it). */
  userDataDir: string;
  close(): Promise<void>;
}

/** Launches a fresh profile with the extension at `extensionDir` and waits for its service worker. */
export async function launchWithExtension(
  extensionDir: string,
  options: { headless?: boolean; args?: string[]; downloadsPath?: string } = {},
): Promise<LaunchedExtension> {
  const userDataDir = mkdtempSync(path.join(tmpdir(), 'repro-profile-'));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: chromiumPath(),
    headless: options.headless ?? true,
    acceptDownloads: true,
    downloadsPath: options.downloadsPath,
    viewport: { width: 1280, height: 800 },
    args: [`--disable-extensions-except=${extensionDir}`, `--load-extension=${extensionDir}`, ...QUIET_FLAGS, ...(options.args ?? [])],
  });
  const worker = context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker', { timeout: 15_000 }));
  const extensionId = new URL(worker.url()).host;
  return {
    context,
    worker,
    extensionId,
    userDataDir,
    async close() {
      await context.close();
      rmSync(userDataDir, { recursive: true, force: true });
    },
  };
}
