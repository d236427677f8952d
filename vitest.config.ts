import { svelte } from '@sveltejs/vite-plugin-svelte';
import { defineConfig } from 'vitest/config';
import { WxtVitest } from 'wxt/testing/vitest-plugin';

export default defineConfig({
  plugins: [WxtVitest(), svelte({ configFile: false })],
  resolve: { conditions: ['browser'] },
  test: {
    include: ['{lib,components,entrypoints}/**/*.test.ts', 'e2e/bench/**/*.test.ts'],
    environment: 'happy-dom',
    setupFiles: ['fake-indexeddb/auto'],
    restoreMocks: true,
  },
});
