/** Builds the extension for the end-to-end suite once, or reuses a build newer than every source file. */
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';

export const ROOT = path.resolve(import.meta.dirname, '../..');
export const E2E_EXTENSION_DIR = path.join(ROOT, '.output/chrome-mv3-e2e');
/** The Firefox test build (e2e/harness/firefox.ts). */
export const FIREFOX_E2E_EXTENSION_DIR = path.join(ROOT, '.output/firefox-mv3-e2e');

const SOURCES = ['entrypoints', 'components', 'lib', 'public', 'wxt.config.ts', 'package.json'];

function newestMtime(p: string): number {
  const stat = statSync(p);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs;
  for (const entry of readdirSync(p)) newest = Math.max(newest, newestMtime(path.join(p, entry)));
  return newest;
}

/** Returns the directory of an up-to-date test build of the extension, building it when needed. */
export function ensureE2eBuild(browser: 'chrome' | 'firefox' = 'chrome'): string {
  const dir = browser === 'firefox' ? FIREFOX_E2E_EXTENSION_DIR : E2E_EXTENSION_DIR;
  const manifest = path.join(dir, 'manifest.json');
  const sourceTime = Math.max(
    ...SOURCES.map((s) => path.join(ROOT, s))
      .filter(existsSync)
      .map(newestMtime),
  );
  if (existsSync(manifest) && statSync(manifest).mtimeMs > sourceTime) return dir;
  execFileSync('npx', ['wxt', 'build', '-b', browser], { cwd: ROOT, stdio: 'inherit', env: { ...process.env, REPRO_E2E: '1' } });
  return dir;
}
