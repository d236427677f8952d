/**
 * Build-time only: names the page-world recorder's script (`//# sourceURL=`) so the browser does not
 * count it as an extension's script when the page logs through it.
 *
 * Repro's console hook wraps the page's `console` methods, so every `console.log` of a recorded page
 * is called from the recorder's script. Chromium takes the script at the top of the stack as the
 * message's source, and for a `chrome-extension://` source it captures and formats the whole stack
 * trace with every message (to report it to the extension's error list): about 20–30 µs more a call,
 * a cost of Chromium's and not of the hook, which itself takes 1–2 µs. Named, the script's frames are
 * no longer an extension's source, and the calls cost what they cost on a page Repro does not record
 * (docs/performance.md, "Console"). Stack traces show the name instead of the extension's address.
 */
import type { Plugin } from 'vite';

/** The name the page-world script goes by in stack traces and in DevTools. */
export const PAGE_SCRIPT_NAME = 'repro-page-recorder.js';

/** The built file of the page-world content script (`entrypoints/recorder-main.content.ts`). */
export const PAGE_SCRIPT_FILE = /(^|\/)content-scripts\/recorder-main\.js$/;

const COMMENT = `//# sourceURL=${PAGE_SCRIPT_NAME}`;

/** `code` ending with the name comment (once). */
export function withPageScriptName(code: string): string {
  return code.trimEnd().endsWith(COMMENT) ? code : `${code.trimEnd()}\n${COMMENT}\n`;
}

/** True when the built page-world script carries its name as its last line. */
export function hasPageScriptName(code: string): boolean {
  return code.trimEnd().endsWith(COMMENT);
}

/** Appends the name to the page-world script once it is minified (a comment added earlier would be dropped). */
export function pageScriptNamePlugin(): Plugin {
  return {
    name: 'repro:page-script-name',
    apply: 'build',
    generateBundle(_options, bundle) {
      // WXT builds each content script on its own, as `content-scripts/<name>.js`.
      for (const output of Object.values(bundle)) {
        if (output.type === 'chunk' && PAGE_SCRIPT_FILE.test(output.fileName)) output.code = withPageScriptName(output.code);
      }
    },
  };
}
