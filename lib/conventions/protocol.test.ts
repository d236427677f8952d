import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { expect, it } from 'vitest';
import { protocol } from '../messaging/protocol';

const ROOT = path.resolve(import.meta.dirname, '../..');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = path.join(dir, name);
    if (statSync(p).isDirectory()) return sourceFiles(p);
    return /\.(ts|svelte)$/.test(name) && !name.endsWith('.test.ts') ? [p] : [];
  });
}

const sources = ['lib', 'entrypoints', 'components'].flatMap((d) => sourceFiles(path.join(ROOT, d)));

it('names every message area:verb', () => {
  for (const type of Object.keys(protocol)) expect(type).toMatch(/^[a-z]+:[a-z-]+$/);
});

it('has exactly one handler for every message in the protocol', () => {
  const counts = new Map<string, number>();
  for (const file of sources) {
    for (const m of readFileSync(file, 'utf8').matchAll(/\bhandle\(\s*'([a-z]+:[a-z-]+)'/g)) {
      counts.set(m[1]!, (counts.get(m[1]!) ?? 0) + 1);
    }
  }
  for (const type of Object.keys(protocol)) expect([type, counts.get(type) ?? 0]).toEqual([type, 1]);
  for (const type of counts.keys()) expect(Object.keys(protocol)).toContain(type);
});

it('keeps lib/page free of the extension API', () => {
  for (const file of sourceFiles(path.join(ROOT, 'lib/page'))) {
    const text = readFileSync(file, 'utf8');
    expect([file, /wxt\/browser|\bchrome\.|\bbrowser\./.test(text)]).toEqual([file, false]);
  }
});

it('sends no inline message literals outside the messaging module', () => {
  for (const file of sources.filter((f) => !f.includes(`${path.sep}messaging${path.sep}`))) {
    expect([file, /\{\s*type:\s*'[a-z]+:[a-z-]+'/.test(readFileSync(file, 'utf8'))]).toEqual([file, false]);
  }
});
