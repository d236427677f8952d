import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect, it, vi } from 'vitest';
import { checkBuild, main } from './check-bundle';

function fakeBuild(files: Record<string, string>): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'repro-bundle-'));
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    writeFileSync(path.join(dir, name), text);
  }
  return dir;
}

const manifest = JSON.stringify({ manifest_version: 3, name: 'x', version: '1' });

it('passes a clean build and fails a build with a violation, naming the file', () => {
  vi.spyOn(console, 'log').mockImplementation(() => undefined);
  const errors: string[] = [];
  vi.spyOn(console, 'error').mockImplementation((...args: unknown[]) => void errors.push(args.join(' ')));

  const clean = fakeBuild({
    'manifest.json': manifest,
    'background.js': 'console.log(1)',
    'popup.html': '<script type="module" src="/chunks/p.js"></script>',
  });
  expect(checkBuild(clean)).toEqual({ violations: [], checked: 3 });
  expect(main([clean])).toBe(0);

  const dirty = fakeBuild({ 'manifest.json': manifest, 'content-scripts/recorder-main.js': 'let w=new Worker(URL.createObjectURL(b))' });
  expect(main([dirty])).toBe(1);
  expect(errors.join('\n')).toMatch(/content-scripts\/recorder-main\.js: \[worker-from-string\]/);
  expect(main([path.join(tmpdir(), 'no-such-build')])).toBe(1);
});

it('exits non-zero as a process on a violation', () => {
  const dirty = fakeBuild({ 'manifest.json': manifest, 'background.js': 'eval(x)' });
  const run = spawnSync('npx', ['tsx', path.join(import.meta.dirname, 'check-bundle.ts'), dirty], { encoding: 'utf8' });
  expect(run.status).toBe(1);
  expect(run.stderr).toContain('[eval]');
  // Starting Node and tsx takes seconds on a loaded machine; the test is about the exit code, not speed.
}, 60_000);
