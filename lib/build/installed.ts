/// <reference types="node" />
/** Reads the installed dependencies, for the tests of their patches (`patches/README.md`). */
import { readFileSync } from 'node:fs';
import path from 'node:path';

/** The repository's root folder. */
export const ROOT = path.resolve(import.meta.dirname, '../..');

/** The text of an installed file, by its path under `node_modules/` (`rrweb/dist/rrweb.js`). */
export function installed(file: string): string {
  return readFileSync(path.join(ROOT, 'node_modules', file), 'utf8');
}
