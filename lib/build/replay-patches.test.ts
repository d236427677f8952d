import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { replayPatches } from './replay-patches';
import { applyStoreSafePatches } from './store-safe-patches';

const ROOT = path.resolve(import.meta.dirname, '../..');
const PLAYER = path.join(ROOT, 'node_modules/rrweb-player/dist/rrweb-player.js');

describe('replay patches', () => {
  // What they change is checked in real Firefox, on the built viewer: e2e/specs/firefox.spec.ts.
  it('all apply to the rrweb-player we ship, and keep the sandbox check', () => {
    const original = readFileSync(PLAYER, 'utf8');
    for (const patch of replayPatches) expect([patch.name, patch.find.test(original)]).toEqual([patch.name, true]);
    const patched = applyStoreSafePatches(PLAYER, original)!;
    expect(patched).toContain('reproSandboxedRebuildFrames.add(iframe);');
    expect(patched).toMatch(/reproSandboxedRebuildFrames\.has\(win\.frameElement\)\) && isSupportedSandboxedIframe\(win\.frameElement\)/);
  });
});
