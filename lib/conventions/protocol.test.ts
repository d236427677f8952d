import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { expect, it } from 'vitest';
import { everyMessage } from './every-message';

const ROOT = path.resolve(import.meta.dirname, '../..');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = path.join(dir, name);
    if (statSync(p).isDirectory()) return sourceFiles(p);
    return /\.(ts|svelte)$/.test(name) && !name.endsWith('.test.ts') ? [p] : [];
  });
}

const sources = ['lib', 'entrypoints', 'components'].flatMap((d) => sourceFiles(path.join(ROOT, d)));

const types = everyMessage.map((m) => m.type);

it('names every message area:verb, its area the folder that declares it, each name once', () => {
  for (const { type, file } of everyMessage) {
    expect(type).toMatch(/^[a-z]+:[a-z-]+$/);
    // lib/trackers/messages.ts declares trackers:*, lib/recording/messages.ts recording:*.
    expect([type, path.basename(path.dirname(file))]).toEqual([type, type.split(':')[0]]);
  }
  expect(new Set(types).size).toBe(types.length);
});

it('has exactly one handler for every message in the protocol', () => {
  const counts = new Map<string, number>();
  for (const file of sources) {
    for (const m of readFileSync(file, 'utf8').matchAll(/\bhandle\(\s*'([a-z]+:[a-z-]+)'/g)) {
      counts.set(m[1]!, (counts.get(m[1]!) ?? 0) + 1);
    }
  }
  for (const type of types) expect([type, counts.get(type) ?? 0]).toEqual([type, 1]);
  for (const type of counts.keys()) expect(types).toContain(type);
});

it('keeps the page-safe core free of the extension API, auto-imported globals included', () => {
  // WXT auto-imports `browser` and `storage` where they are used without an import, which the import
  // graph (layers.test.ts) cannot see; so the text is searched too.
  for (const dir of ['lib/page', 'lib/redact', 'lib/model', 'lib/zip']) {
    for (const file of sourceFiles(path.join(ROOT, dir))) {
      const text = readFileSync(file, 'utf8');
      expect([file, /wxt\/browser|\bchrome\.|\bbrowser\.|\bstorage\.define/.test(text)]).toEqual([file, false]);
    }
  }
});

it('sends no inline message literals outside the messaging module', () => {
  for (const file of sources.filter((f) => !f.includes(`${path.sep}messaging${path.sep}`))) {
    expect([file, /\{\s*type:\s*'[a-z]+:[a-z-]+'/.test(readFileSync(file, 'utf8'))]).toEqual([file, false]);
  }
});
