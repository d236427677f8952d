import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { installed, ROOT } from './installed';

const PATCHES = path.join(ROOT, 'patches');
const manifest = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as Record<string, Record<string, string> | undefined>;

/** Each hunk of a patch-package diff: the file it changes and the text it leaves there (context and added lines). */
function hunks(patch: string): { file: string; after: string }[] {
  const out: { file: string; after: string }[] = [];
  let file = '';
  let lines: string[] | null = null;
  const flush = () => {
    if (lines) out.push({ file, after: lines.join('\n') });
    lines = null;
  };
  for (const line of patch.split('\n')) {
    if (line.startsWith('diff --git ')) {
      flush();
      file = line.slice(line.indexOf(' b/node_modules/') + ' b/node_modules/'.length);
    } else if (line.startsWith('@@')) {
      flush();
      lines = [];
    } else if (lines && (line.startsWith('+') || line.startsWith(' '))) lines.push(line.slice(1));
  }
  flush();
  return out;
}

const patchFiles = readdirSync(PATCHES).filter((name) => name.endsWith('.patch'));

describe('patches of dependencies', () => {
  it('are there, one per patched package', () => {
    expect(patchFiles.map((name) => name.replace(/\+[^+]+\.patch$/, '')).sort()).toEqual([
      'jszip',
      'rrweb',
      'rrweb-player',
      'setimmediate',
    ]);
  });

  for (const name of patchFiles) {
    const [, pkg = '', version] = /^(.+)\+([^+]+)\.patch$/.exec(name) ?? [];
    const packageName = pkg.replace('+', '/');

    it(`${name}: the installed version, pinned exactly where the project names it`, () => {
      expect(JSON.parse(installed(`${packageName}/package.json`)).version).toBe(version);
      for (const field of ['dependencies', 'devDependencies']) {
        const spec = manifest[field]?.[packageName];
        if (spec !== undefined) expect([field, spec]).toEqual([field, version]);
      }
    });

    it(`${name}: applied to the installed files`, () => {
      const found = hunks(readFileSync(path.join(PATCHES, name), 'utf8'));
      expect(found.length).toBeGreaterThan(0);
      for (const { file, after } of found) expect([file, installed(file).includes(after)]).toEqual([file, true]);
    });
  }
});

it('reads every hunk of a diff', () => {
  const diff = [
    'diff --git a/node_modules/x/a.js b/node_modules/x/a.js',
    '--- a/node_modules/x/a.js',
    '+++ b/node_modules/x/a.js',
    '@@ -1,3 +1,3 @@',
    ' keep',
    '-old',
    '+new',
    '@@ -9,2 +9,3 @@',
    ' more',
    '+added',
    '\\ No newline at end of file',
  ].join('\n');
  expect(hunks(diff)).toEqual([
    { file: 'x/a.js', after: 'keep\nnew' },
    { file: 'x/a.js', after: 'more\nadded' },
  ]);
});
