import { defineConfig } from 'wxt';
import { pageScriptNamePlugin } from './lib/build/page-script-name.ts';
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
    // Test builds only: the Firefox driver's way to open extension pages (lib/ui/e2e-hooks.ts).
    define: { 'import.meta.env.REPRO_E2E': JSON.stringify(e2e) },
    plugins: [
      // The offline viewer.html of every report inlines a separately compiled viewer (lib/build/viewer-app.ts).
      viewerAppPlugin(),
      // The page-world recorder's script goes by a name of its own: console calls through its hook would
      // otherwise each capture a full stack trace in Chromium (lib/build/page-script-name.ts).
      pageScriptNamePlugin(),
    ],
    // Web workers (the zip packer, which also builds viewer.html) are bundled apart and need the same plugin.
    worker: { plugins: () => [viewerAppPlugin()] },
    // jszip's readable bundle rather than its minified one, so its patch (patches/) is a readable diff;
    // the build minifies it all the same.
    resolve: { alias: [{ find: /^jszip$/, replacement: 'jszip/dist/jszip.js' }] },
  }),
  // Chromium refuses a content script holding Unicode noncharacters, and rrweb's CSS parser has a U+FFFE.
  experimental: { escapeUnicode: true },
  outDirTemplate: `{{browser}}-mv{{manifestVersion}}{{modeSuffix}}${e2e ? '-e2e' : ''}`,
  manifest: ({ browser }) => {
    const chromium = browser !== 'firefox';
    return {
      name: 'Repro',
      description: 'Local-first bug reports for QA: replay, console, network, screenshot and environment in one click.',
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
        // Chromium captures network through the debugger. Firefox has no debugger API for extensions: it
        // captures through webRequest, with blocking (to set a response filter before the body flows) and
        // webRequestFilterResponse (to copy the body as it passes, unchanged): lib/network/web-request-capture.ts.
        ...(chromium ? ['debugger', 'offscreen', 'webRequest'] : ['webRequest', 'webRequestBlocking', 'webRequestFilterResponse']),
      ],
      optional_host_permissions: ['http://*/*', 'https://*/*'],
      // Firefox test builds also hold <all_urls>: Firefox's captureVisibleTab wants it or activeTab, and
      // activeTab comes only from the toolbar button, shortcut or menu, which no test driver can press.
      host_permissions: e2e ? ['http://127.0.0.1/*', ...(chromium ? [] : ['<all_urls>'])] : [],
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
            // The viewer's report frame (entrypoints/viewer-frame.sandbox, listed in sandbox.pages by WXT):
            // an opaque origin with no extension API; no network, only our own scripts, inline styles for
            // rrweb-player, downloads for "Download HAR". Firefox has no sandbox pages: the viewer's
            // iframe sandbox attribute gives the frame an opaque origin there.
            content_security_policy: {
              sandbox:
                "sandbox allow-scripts allow-downloads; default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src data: blob:; font-src data: blob:; media-src data: blob:",
            },
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
