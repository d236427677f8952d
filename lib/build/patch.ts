/** One build-time text patch of a dependency's bundle (see `./store-safe-patches.ts`). */
export interface StoreSafePatch {
  name: string;
  /** Matches the module id (path) the patch applies to. */
  module: RegExp;
  find: RegExp;
  replace: string;
}
