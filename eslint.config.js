// ESLint: rules that catch bugs, not style (Prettier formats; `npm run format`). Layers are checked on the
// import graph by dependency-cruiser (`npm run check:layers`), so no import-boundary rule here.
import js from '@eslint/js';
import svelte from 'eslint-plugin-svelte';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  {
    ignores: [
      '.output/',
      '.wxt/',
      'node_modules/',
      'test-results/',
      'playwright-report/',
      'e2e/test-results/',
      'e2e/playwright-report/',
      'e2e/fixtures/**/*.js',
    ],
  },
  js.configs.recommended,
  tseslint.configs.recommended,
  svelte.configs.recommended,
  {
    languageOptions: {
      globals: { ...globals.browser, ...globals.webextensions },
      parserOptions: {
        // Type information from the nearest tsconfig (the root one, or e2e/tsconfig.json); only for the rules below.
        projectService: true,
        extraFileExtensions: ['.svelte'],
        tsconfigRootDir: import.meta.dirname,
      },
    },
    rules: {
      // A promise nobody awaits loses its error: the failure a user should see goes to the console instead.
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: { attributes: false } }],
      '@typescript-eslint/await-thenable': 'error',
      '@typescript-eslint/no-for-in-array': 'error',
      '@typescript-eslint/switch-exhaustiveness-check': ['error', { considerDefaultExhaustiveForUnions: true }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
      eqeqeq: ['error', 'always', { null: 'ignore' }],
      'no-self-compare': 'error',
      'no-template-curly-in-string': 'error',
      'no-constructor-return': 'error',
      'no-unreachable-loop': 'error',
      // TypeScript knows `process.exit()` never returns; the untyped rule does not (tsc checks fallthrough).
      'no-fallthrough': 'off',
      // State here replaces its collections rather than mutating them, which the rule cannot tell apart.
      'svelte/prefer-svelte-reactivity': 'off',
    },
  },
  {
    files: ['**/*.svelte', '**/*.svelte.ts'],
    languageOptions: { parserOptions: { parser: tseslint.parser, svelteFeatures: { experimentalGenerics: true } } },
    // `let { a } = $props()` is how Svelte 5 declares props; the Svelte rule knows runes.
    rules: { 'prefer-const': 'off', 'svelte/prefer-const': 'error' },
  },
  {
    // Node-side code: build tools, the end-to-end harness, fakes and benchmark.
    files: ['*.config.ts', 'lib/build/**', 'e2e/**', '**/*.cjs'],
    languageOptions: { globals: globals.node },
  },
  {
    // Playwright fixtures must destructure their first argument, even when they use nothing from it.
    files: ['e2e/**'],
    rules: { 'no-empty-pattern': 'off' },
  },
  {
    files: ['**/*.js', '**/*.cjs'],
    ...tseslint.configs.disableTypeChecked,
  },
  {
    files: ['**/*.cjs'],
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
);
