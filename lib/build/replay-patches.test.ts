import { describe, expect, it } from 'vitest';
import { installed } from './installed';

describe('replay patches', () => {
  // What they change is checked in real Firefox, on the built viewer: e2e/specs/firefox.spec.ts.
  it('are in the rrweb-player the build takes, and keep the sandbox check', () => {
    const patched = installed('rrweb-player/dist/rrweb-player.js');
    const published = installed('rrweb-player/dist/rrweb-player.cjs');
    expect(published).not.toContain('reproSandboxedRebuildFrames');
    expect(patched).toContain('reproSandboxedRebuildFrames.add(iframe);');
    expect(patched).toMatch(/reproSandboxedRebuildFrames\.has\(win\.frameElement\)\) && isSupportedSandboxedIframe\(win\.frameElement\)/);
  });
});
