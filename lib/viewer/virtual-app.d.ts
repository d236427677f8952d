/** The offline viewer app, compiled by `lib/build/viewer-app.ts` and served as a module by its Vite plugin. */
declare module 'virtual:repro-viewer-app' {
  const app: import('./standalone-html').ViewerApp;
  export default app;
}
