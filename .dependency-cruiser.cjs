/**
 * The layers of the code, checked on the real import graph (`npm run check:layers`, and
 * lib/conventions/layers.test.ts, which also checks that no folder imports another that imports it back).
 * The picture and what each layer may do: docs/architecture.md.
 */
/** Page-safe core: runs anywhere, the page's own world included; no extension API, no feature. */
const CORE = '^lib/(page|redact|model|zip)/';
/** Platform adapters: generic over features. */
const PLATFORM = '^lib/(messaging|storage)/';
/** The extension API, in every form it can be imported. */
const EXTENSION_API =
  '^node_modules/(wxt/dist/(browser|utils/storage|testing)|webextension-polyfill|@wxt-dev/(browser|storage)|@types/chrome)';

module.exports = {
  forbidden: [
    {
      name: 'page-world-reaches-extension-api',
      comment: 'The MAIN-world recorder runs in the page: nothing it imports may touch the extension API.',
      severity: 'error',
      from: { path: '^entrypoints/recorder-main\\.content\\.ts$' },
      to: { path: EXTENSION_API, reachable: true },
    },
    {
      name: 'page-world-reaches-features',
      comment: 'The MAIN-world recorder imports only the page-safe core.',
      severity: 'error',
      from: { path: '^entrypoints/recorder-main\\.content\\.ts$' },
      to: { path: '^(lib|components)/', pathNot: CORE, reachable: true },
    },
    {
      name: 'core-imports-extension-api',
      comment: 'lib/page, lib/redact, lib/model and lib/zip run without the extension (in the page, in tests, in the offline viewer).',
      severity: 'error',
      from: { path: CORE, pathNot: '\\.test\\.ts$' },
      to: { path: EXTENSION_API },
    },
    {
      name: 'core-imports-above-it',
      comment: 'The page-safe core imports only itself.',
      severity: 'error',
      from: { path: CORE, pathNot: '\\.test\\.ts$' },
      to: { path: '^(lib|components|entrypoints)/', pathNot: CORE },
    },
    {
      name: 'redaction-stands-alone',
      comment: 'lib/redact is the one redaction module: it runs wherever data is captured, so it imports only the report model.',
      severity: 'error',
      from: { path: '^lib/redact/', pathNot: '\\.test\\.ts$' },
      to: { path: '^(lib|components|entrypoints)/', pathNot: '^lib/(redact|model)/' },
    },
    {
      name: 'platform-imports-features',
      comment: 'Messaging and storage know no feature: features declare their own messages and register their own hooks.',
      severity: 'error',
      from: { path: PLATFORM, pathNot: '\\.test\\.ts$' },
      to: { path: '^(lib|components|entrypoints)/', pathNot: `${PLATFORM}|${CORE}` },
    },
    {
      name: 'lib-imports-pages',
      comment: 'lib/ is below the pages: it never imports a component or an entry point.',
      severity: 'error',
      from: { path: '^lib/', pathNot: '\\.test\\.ts$' },
      to: { path: '^(components|entrypoints)/' },
    },
    {
      name: 'component-calls-extension-api',
      comment: 'Components take props and give callbacks; extension pages and lib/ state classes talk to the extension.',
      severity: 'error',
      from: { path: '^components/' },
      to: { path: EXTENSION_API },
    },
    {
      name: 'no-circular',
      comment: 'No module imports one that imports it back.',
      severity: 'error',
      from: { pathNot: '\\.test\\.ts$' },
      to: { circular: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '(^|/)(\\.output|\\.wxt)/' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.layers.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'browser', 'default'],
      mainFields: ['module', 'browser', 'main'],
      extensions: ['.ts', '.svelte.ts', '.js', '.svelte', '.json'],
    },
  },
};
