import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { recorderPatches } from './recorder-patches';
import { applyStoreSafePatches } from './store-safe-patches';

const ROOT = path.resolve(import.meta.dirname, '../..');
const RRWEB = path.join(ROOT, 'node_modules/rrweb/dist/rrweb.js');

describe('recorder patches', () => {
  // What they change is checked in real Chromium, on the built recorder: e2e/specs/capture-text-changes.spec.ts.
  it('all apply to the rrweb we ship', () => {
    const original = readFileSync(RRWEB, 'utf8');
    for (const patch of recorderPatches) expect([patch.name, patch.find.test(original)]).toEqual([patch.name, true]);
    const patched = applyStoreSafePatches(RRWEB, original);
    expect(patched).toContain('reproTextNodes');
    expect(patched).toContain('record.reproTakeMutatedNodes = ');
    expect(patched).toContain('if (checkAncestors && maskTextSelector) return el.closest(`.${maskTextClass}, ${maskTextSelector}`) !== null;');
  });
});
