/// <reference types="node" />
/**
 * Build-time only (Node): compiles the offline viewer (`standalone/main.ts`, Svelte + rrweb-player) into
 * one script and one stylesheet, and serves them to the extension's code as `virtual:repro-viewer-app`,
 * so `buildStandaloneViewer` can inline them into every `viewer.html` without fetching anything.
 */
import { fileURLToPath } from 'node:url';
import { svelte } from '@sveltejs/vite-plugin-svelte';
import { build, type Plugin, type Rolldown } from 'vite';
import type { ViewerApp } from '../viewer/standalone-html';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const ENTRY = fileURLToPath(new URL('../../entrypoints/viewer/offline-main.ts', import.meta.url));
const VIRTUAL_ID = 'virtual:repro-viewer-app';
const RESOLVED_ID = `\0${VIRTUAL_ID}`;

let cached: Promise<ViewerApp> | null = null;

/** Compiles the offline viewer; the result is cached for the life of the process. */
export function buildViewerApp(): Promise<ViewerApp> {
  cached ??= compile();
  return cached;
}

async function compile(): Promise<ViewerApp> {
  const result = await build({
    configFile: false,
    root: ROOT,
    logLevel: 'warn',
    // rrweb-player comes patched from node_modules (patches/README.md).
    plugins: [svelte({ configFile: false })],
    resolve: { alias: { '@': ROOT.replace(/\/$/, '') }, conditions: ['browser'] },
    define: { 'process.env.NODE_ENV': '"production"' },
    build: {
      write: false,
      emptyOutDir: false,
      minify: true,
      cssCodeSplit: false,
      lib: { entry: ENTRY, formats: ['iife'], name: 'ReproViewer', fileName: () => 'viewer.js' },
      // Svelte's compile is most of this build's time, and that is expected: no timing warnings.
      rolldownOptions: { checks: { bundlerTimings: false } },
    },
  });
  const outputs = (Array.isArray(result) ? result : [result]) as Rolldown.RolldownOutput[];
  let js = '';
  let css = '';
  for (const item of outputs.flatMap((o) => o.output)) {
    if (item.type === 'chunk') js += item.code;
    else if (item.fileName.endsWith('.css')) css += typeof item.source === 'string' ? item.source : new TextDecoder().decode(item.source);
  }
  if (!js) throw new Error('The offline viewer build produced no script.');
  return { js, css };
}

/** Vite plugin: `import app from 'virtual:repro-viewer-app'` gives the compiled offline viewer. */
export function viewerAppPlugin(): Plugin {
  return {
    name: 'repro-viewer-app',
    resolveId(id) {
      return id === VIRTUAL_ID ? RESOLVED_ID : null;
    },
    async load(id) {
      if (id !== RESOLVED_ID) return null;
      const app = await buildViewerApp();
      return `export default ${JSON.stringify(app)};`;
    },
  };
}
