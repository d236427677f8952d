import { defineConfig } from 'wxt';
import { escapeNoncharacters } from './lib/build/escape-noncharacters';
import { storeSafePlugin } from './lib/build/store-safe-patches';
import { viewerAppPlugin } from './lib/build/viewer-app.ts';

/**
 * Test builds (REPRO_E2E=1) pre-grant the fixture origin. Headless Chromium cannot answer a permission
 * prompt, so the end-to-end suite could never grant a site otherwise; release builds ask at runtime.
 */
const e2e = process.env.REPRO_E2E === '1';

export default defineConfig({
  modules: ['@wxt-dev/module-svelte', '@wxt-dev/webextension-polyfill'],
  // Firefox too: MV3 gives it MAIN-world content scripts and optional host permissions, as on Chromium.
  manifestVersion: 3,
  vite: () => ({
    plugins: [
      // The offline viewer.html of every report inlines a separately compiled viewer (lib/build/viewer-app.ts).
      viewerAppPlugin(),
      // Keeps dependencies free of code built from strings (store review): lib/build/store-safe-patches.ts.
      storeSafePlugin(),
      // Chromium refuses content scripts holding Unicode noncharacters: lib/build/escape-noncharacters.ts.
      escapeNoncharacters(),
    ],
    // Web workers (the zip packer, which also builds viewer.html) are bundled apart and need the same plugins.
    worker: { plugins: () => [viewerAppPlugin(), storeSafePlugin(), escapeNoncharacters()] },
  }),
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
        // Drops Origin/User-Agent on the worker's requests to connected Jira sites (Jira's XSRF check).
        'declarativeNetRequestWithHostAccess',
        'alarms',
        // Firefox has no debugger API: request metadata from webRequest only (no bodies yet).
        ...(chromium ? ['debugger', 'offscreen', 'webRequest'] : ['webRequest']),
      ],
      optional_host_permissions: ['http://*/*', 'https://*/*'],
      host_permissions: e2e ? ['http://127.0.0.1/*'] : [],
      // Never in incognito: private windows are not recorded, and the browser does not offer to allow it.
      incognito: 'not_allowed',
      action: { default_title: 'Repro: report a bug' },
      commands: {
        // Straight to the full reporter of the page (lib/reporter/service.ts); the popup keeps no key of its own.
        'report-bug': {
          suggested_key: { default: 'Alt+Shift+B' },
          description: 'Report a bug on this page',
        },
        _execute_action: {
          description: 'Open the Repro popup',
        },
      },
      ...(chromium
        ? {
            // Chromium 148+: runtime messages are structured clones, as in Firefox, not JSON. Recorded events
            // cross from the tab to the worker as strings, which a clone copies and JSON would escape and parse
            // again, on the page's own thread. Older Chromium ignores the key and keeps JSON (lib/messaging/runtime.ts).
            message_serialization: 'structured_clone',
          }
        : {
            browser_specific_settings: {
              gecko: {
                id: 'repro@repro.dev',
                strict_min_version: '128.0',
                // Firefox's data-collection declaration: nothing goes to Repro's authors or anyone else;
                // a report reaches only the tracker the tester configured, when the tester sends it.
                data_collection_permissions: { required: ['none'] },
              } as { id: string; strict_min_version: string },
            },
          }),
    };
  },
});
