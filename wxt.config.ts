import { defineConfig } from 'wxt';

/**
 * Test builds (REPRO_E2E=1) pre-grant the fixture origin. Headless Chromium cannot answer a permission
 * prompt, so the end-to-end suite could never grant a site otherwise; release builds ask at runtime.
 */
const e2e = process.env.REPRO_E2E === '1';

/**
 * Chromium refuses to load a content script containing Unicode noncharacters ("isn't UTF-8 encoded"),
 * and rrweb's bundled CSS parser holds a literal U+FFFE. Emit such characters as escapes instead.
 */
const NONCHARACTERS = /[\uFDD0-\uFDEF\uFFFE\uFFFF]/g;
const escapeNoncharacters = {
  name: 'repro-escape-noncharacters',
  // After minification (which would turn escapes back into characters).
  generateBundle(_options: unknown, bundle: Record<string, { type: string; code?: string }>) {
    for (const chunk of Object.values(bundle)) {
      if (chunk.type === 'chunk' && chunk.code) {
        chunk.code = chunk.code.replace(NONCHARACTERS, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
      }
    }
  },
};

export default defineConfig({
  modules: ['@wxt-dev/module-svelte', '@wxt-dev/webextension-polyfill'],
  vite: () => ({ plugins: [escapeNoncharacters] }),
  // Firefox too: MV3 gives it MAIN-world content scripts and optional host permissions, as on Chromium.
  manifestVersion: 3,
  outDirTemplate: `{{browser}}-mv{{manifestVersion}}{{modeSuffix}}${e2e ? '-e2e' : ''}`,
  manifest: ({ browser }) => {
    const chromium = browser !== 'firefox';
    return {
      name: 'Repro',
      description:
        'Local-first bug reports for QA: replay, console, network, screenshot and environment in one click.',
      permissions: [
        'storage',
        'unlimitedStorage',
        'tabs',
        'activeTab',
        'scripting',
        'downloads',
        'contextMenus',
        ...(chromium ? ['debugger', 'offscreen'] : ['webRequest', 'webRequestBlocking', 'webRequestFilterResponse']),
      ],
      optional_host_permissions: ['http://*/*', 'https://*/*'],
      host_permissions: e2e ? ['http://127.0.0.1/*'] : [],
      action: { default_title: 'Repro: report a bug' },
      commands: {
        _execute_action: {
          suggested_key: { default: 'Alt+Shift+B' },
          description: 'Open the reporter',
        },
      },
      ...(chromium
        ? {}
        : {
            browser_specific_settings: {
              gecko: { id: 'repro@repro.dev', strict_min_version: '128.0' },
            },
          }),
    };
  },
});
