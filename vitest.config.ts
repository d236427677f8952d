import { svelte } from '@sveltejs/vite-plugin-svelte';
import { defineConfig } from 'vitest/config';
import { WxtVitest } from 'wxt/testing/vitest-plugin';
import { viewerAppPlugin } from './lib/build/viewer-app.ts';

export default defineConfig({
  plugins: [WxtVitest(), svelte({ configFile: false }), viewerAppPlugin()],
  resolve: { conditions: ['browser'] },
  test: {
    include: ['{lib,components,entrypoints}/**/*.test.ts', 'e2e/{fixtures,tools,bench}/**/*.test.ts'],
    environment: 'happy-dom',
    setupFiles: ['fake-indexeddb/auto'],
    restoreMocks: true,
  },
});
