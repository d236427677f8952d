import { readFileSync } from 'node:fs';
import path from 'node:path';
import { expect, it } from 'vitest';
import { checkScript } from './bundle-rules';
import { applyStoreSafePatches } from './store-safe-patches';

const ROOT = path.resolve(import.meta.dirname, '../..');
const modulePath = (p: string): string => path.join(ROOT, 'node_modules', p);

it('finds the inlined canvas worker in the rrweb we ship, and the patch removes it', () => {
  const id = modulePath('rrweb/dist/rrweb.js');
  const original = readFileSync(id, 'utf8');
  expect(checkScript('rrweb.js', original).map((v) => v.rule)).toContain('worker-from-string');
  const patched = applyStoreSafePatches(id, original)!;
  expect(checkScript('rrweb.js', patched)).toEqual([]);
  expect(patched).not.toContain('image-bitmap-data-url-worker.ts');
  // The rest of rrweb is untouched: the canvas manager still refers to the (now throwing) wrapper.
  expect(patched).toContain('new WorkerWrapper()');
  expect(patched.length).toBeGreaterThan(original.length * 0.9);
});

it('removes the string path of the setImmediate polyfills', () => {
  for (const file of ['jszip/dist/jszip.min.js', 'setimmediate/setImmediate.js']) {
    const id = modulePath(file);
    const original = readFileSync(id, 'utf8');
    expect(checkScript(file, original).map((v) => v.rule)).toContain('new-function');
    expect(checkScript(file, applyStoreSafePatches(id, original)!)).toEqual([]);
  }
});

it('leaves other modules alone and fails loudly when a patched module changed', () => {
  expect(applyStoreSafePatches('/x/node_modules/svelte/index.js', 'eval(1)')).toBeNull();
  expect(() => applyStoreSafePatches('/x/node_modules/rrweb/dist/rrweb.js', 'new code')).toThrow(/rrweb inlined canvas worker.*no longer matches/);
});
