/**
 * Build-time patches that keep third-party code store-safe, applied by a small Vite plugin.
 *
 * - rrweb 2.x inlines its canvas worker (`image-bitmap-data-url-worker`) as a string and starts it
 *   from a Blob URL or a data URL. Store review rejects runtime-constructed workers, and strict-CSP
 *   pages refuse them anyway. Repro never records canvas (`recordCanvas` stays off), so the worker is
 *   never started; the patch replaces it with a constructor that throws, so the string is not shipped.
 *   The worker is already inlined in rrweb's published bundle, so a module alias cannot reach it.
 * - jszip's bundled `setImmediate` polyfill turns a non-function argument into `new Function(arg)`.
 *   jszip only ever passes functions, so the string path becomes a TypeError.
 *
 * The same plugin applies the recorder's performance patches to rrweb (`./recorder-patches.ts`) and a
 * fix to the replayer rrweb-player bundles (`./replay-patches.ts`).
 *
 * A patch whose text no longer matches (a dependency upgrade) fails the build with its name, so it is
 * reviewed rather than silently dropped; `npm run check:bundle` would catch the result too.
 */
import { recorderPatches } from './recorder-patches';
import type { StoreSafePatch } from './patch';
import { replayPatches } from './replay-patches';

export type { StoreSafePatch } from './patch';

export const storeSafePatches: StoreSafePatch[] = [
  {
    name: 'rrweb inlined canvas worker',
    module: /[\\/]node_modules[\\/]rrweb[\\/]dist[\\/]rrweb\.js$/,
    find: /\/\/ src\/record\/workers\/image-bitmap-data-url-worker\.ts\?worker&inline\n[\s\S]*?\nfunction WorkerWrapper\(options\) \{[\s\S]*?\n\}\n/,
    replace:
      '// image-bitmap-data-url-worker removed at build time: canvas recording is off in Repro.\n' +
      'function WorkerWrapper() {\n\tthrow new Error("Repro: canvas recording is disabled");\n}\n',
  },
  {
    name: 'jszip setImmediate string callback',
    module: /[\\/]node_modules[\\/]jszip[\\/]dist[\\/]jszip(\.min)?\.js$/,
    find: /\(e=new Function\(""\+e\)\)/,
    replace: '(e=function(){throw new TypeError("setImmediate needs a function")})',
  },
  {
    name: 'setimmediate string callback',
    module: /[\\/]node_modules[\\/]setimmediate[\\/]setImmediate\.js$/,
    find: /callback = new Function\("" \+ callback\);/,
    replace: 'throw new TypeError("setImmediate needs a function");',
  },
];

/** Applies the patches that match `id`; throws when a matching module no longer contains the text. */
export function applyStoreSafePatches(id: string, code: string): string | null {
  let out: string | null = null;
  for (const patch of [...storeSafePatches, ...recorderPatches, ...replayPatches]) {
    if (!patch.module.test(id)) continue;
    const source: string = out ?? code;
    if (!patch.find.test(source)) {
      throw new Error(`store-safe patch "${patch.name}" no longer matches ${id}: review lib/build/store-safe-patches.ts`);
    }
    out = source.replace(patch.find, patch.replace);
  }
  return out;
}

/** The Vite plugin applying the patches (build and dev). */
export function storeSafePlugin(): { name: string; enforce: 'pre'; transform(code: string, id: string): { code: string; map: null } | null } {
  return {
    name: 'repro-store-safe-patches',
    enforce: 'pre',
    transform(code, id) {
      const patched = applyStoreSafePatches(id.split('?')[0] ?? id, code);
      return patched === null ? null : { code: patched, map: null };
    },
  };
}
