/**
 * Build-time patches to the replayer that rrweb-player bundles, applied with the store-safe patches
 * (`./store-safe-patches.ts`, which fail the build when their text no longer matches).
 *
 * Why: rrweb rebuilds a recorded page only into a document it created itself, in a frame sandboxed to
 * exactly `allow-same-origin` (so no recorded script can run). It remembers the frame's document at the
 * moment it creates the frame. Firefox replaces that first, empty document of a new frame with another
 * once the frame has loaded, so when the replay starts the document is not the one remembered and rrweb
 * refuses it: in Firefox the offline viewer showed no replay at all.
 *
 * What: rrweb also remembers the frame it created, and accepts a document whose frame is one of those.
 * Nothing else changes: the frame's sandbox is still checked, as it is now, when each rebuild starts.
 */
import type { StoreSafePatch } from './patch';

const PLAYER = /[\\/]node_modules[\\/]rrweb-player[\\/]dist[\\/]rrweb-player\.js$/;

export const replayPatches: StoreSafePatch[] = [
  {
    name: 'rrweb-player frames created for rebuilds remembered',
    module: PLAYER,
    find: /(\nconst sandboxedRebuildDocuments = \/\* @__PURE__ \*\/ new WeakSet\(\);\n)/,
    replace: '$1const reproSandboxedRebuildFrames = /* @__PURE__ */ new WeakSet();\n',
  },
  {
    name: 'rrweb-player frame remembered when created',
    module: PLAYER,
    find: /(\n(\s+)sandboxedRebuildDocuments\.add\(doc\);\n)(\s+return iframe;\n)/,
    replace: '$1$2reproSandboxedRebuildFrames.add(iframe);\n$3',
  },
  {
    name: 'rrweb-player accepts the current document of a frame it created',
    module: PLAYER,
    find: /if \(sandboxedRebuildDocuments\.has\(options\.doc\) && isSupportedSandboxedIframe\(win\.frameElement\)\) \{/,
    replace: 'if ((sandboxedRebuildDocuments.has(options.doc) || reproSandboxedRebuildFrames.has(win.frameElement)) && isSupportedSandboxedIframe(win.frameElement)) {',
  },
];
