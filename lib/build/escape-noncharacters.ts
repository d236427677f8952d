/**
 * Build plugin that keeps emitted JavaScript loadable as a content script. Chromium refuses to load a
 * content script containing Unicode noncharacters ("isn't UTF-8 encoded"), and rrweb's bundled CSS
 * parser holds a literal U+FFFE, so such characters are emitted as escapes instead.
 */

const NONCHARACTERS = /[\uFDD0-\uFDEF\uFFFE\uFFFF]/g;

/** Replaces every noncharacter in `code` by its `\uXXXX` escape. */
export function escapeNoncharacterText(code: string): string {
  return code.replace(NONCHARACTERS, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** The Vite plugin: runs after minification, which would turn escapes back into characters. */
export function escapeNoncharacters() {
  return {
    name: 'repro-escape-noncharacters',
    generateBundle(_options: unknown, bundle: Record<string, { type: string; code?: string }>) {
      for (const chunk of Object.values(bundle)) {
        if (chunk.type === 'chunk' && chunk.code) chunk.code = escapeNoncharacterText(chunk.code);
      }
    },
  };
}
