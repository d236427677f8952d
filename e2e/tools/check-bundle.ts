/**
 * Store-safe bundle check: reads every script, page and the manifest of the built extension and fails
 * (exit code 1) on code built from strings, remote code, or a weakened CSP. The rules live in
 * lib/build/bundle-rules.ts.
 *
 *   npx tsx e2e/tools/check-bundle.ts [dir …]   (default: .output/chrome-mv3-e2e and .output/chrome-mv3, if built)
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { checkHtml, checkManifest, checkScript, formatViolation, type Violation } from '../../lib/build/bundle-rules';

const ROOT = path.resolve(import.meta.dirname, '../..');
const DEFAULT_DIRS = ['.output/chrome-mv3-e2e', '.output/chrome-mv3'];

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = path.join(dir, name);
    return statSync(p).isDirectory() ? files(p) : [p];
  });
}

/** Checks one built extension directory; returns its violations and how many files were read. */
export function checkBuild(dir: string): { violations: Violation[]; checked: number } {
  const violations: Violation[] = [];
  let checked = 0;
  for (const file of files(dir)) {
    const name = path.relative(ROOT, file);
    if (/\.(m?js)$/.test(file)) violations.push(...checkScript(name, readFileSync(file, 'utf8')));
    else if (file.endsWith('.html')) violations.push(...checkHtml(name, readFileSync(file, 'utf8')));
    else if (path.basename(file) === 'manifest.json') violations.push(...checkManifest(name, JSON.parse(readFileSync(file, 'utf8'))));
    else continue;
    checked++;
  }
  return { violations, checked };
}

/** Runs the check over `args` (or the default builds); returns the process exit code. */
export function main(args: string[]): number {
  const dirs = (args.length > 0 ? args : DEFAULT_DIRS)
    .map((d) => path.resolve(ROOT, d))
    .filter((d) => existsSync(path.join(d, 'manifest.json')));
  if (dirs.length === 0) {
    console.error('check:bundle: no built extension found; run `npm run build` or the e2e build first.');
    return 1;
  }
  let failed = false;
  for (const dir of dirs) {
    const { violations, checked } = checkBuild(dir);
    const label = path.relative(ROOT, dir);
    if (violations.length === 0) {
      console.log(`check:bundle: ${label} is store-safe (${checked} files checked).`);
      continue;
    }
    failed = true;
    console.error(`check:bundle: ${label} has ${violations.length} problem(s):`);
    for (const v of violations) console.error(`  ${formatViolation(v)}`);
  }
  return failed ? 1 : 0;
}

if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve(import.meta.filename)) process.exit(main(process.argv.slice(2)));
