/**
 * A tracker is one file: its id is written only in that file (or files named after it, such as its
 * formatter) and the registry. Everything else — the popup's buttons, the settings' sections, the
 * messages' schemas, drafts — takes trackers from `lib/trackers/registry.ts`.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { expect, it } from 'vitest';
import { TRACKERS } from '../trackers/registry';

const ROOT = path.resolve(import.meta.dirname, '../..');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = path.join(dir, name);
    if (statSync(p).isDirectory()) return sourceFiles(p);
    return /\.(ts|svelte)$/.test(name) && !name.endsWith('.test.ts') && name !== 'testing.ts' ? [p] : [];
  });
}

/** A quoted string literal that is exactly `id`. */
const literal = (id: string) => new RegExp(`(['"\`])${id}\\1`);

/** Files allowed to name tracker `id`: its own (`github.ts`, `jira-format.ts`) and the registry. */
const allowed = (id: string, file: string) => path.basename(file).startsWith(id) || file === 'lib/trackers/registry.ts';

it('writes each tracker id only in its own file and the registry', () => {
  const files = ['lib', 'components', 'entrypoints'].flatMap((d) => sourceFiles(path.join(ROOT, d))).map((f) => path.relative(ROOT, f));
  const misplaced: string[] = [];
  for (const { id } of TRACKERS) {
    for (const file of files) {
      if (!allowed(id, file) && literal(id).test(readFileSync(path.join(ROOT, file), 'utf8'))) misplaced.push(`${file} names '${id}'`);
    }
  }
  expect(misplaced).toEqual([]);
});

it('finds each id where it belongs, so the search above would see one elsewhere', () => {
  for (const { id } of TRACKERS) {
    const own = path.join(ROOT, 'lib/trackers', `${id}.ts`);
    expect([id, literal(id).test(readFileSync(own, 'utf8'))]).toEqual([id, true]);
  }
  expect(literal('jira').test(`tracker === 'jira'`)).toBe(true);
  expect(literal('jira').test(`'jira-format'`)).toBe(false);
});
