import { expect, it } from 'vitest';
import { checkScript } from './bundle-rules';
import { installed } from './installed';

const rules = (file: string): string[] => checkScript(file, installed(file)).map((v) => v.rule);

it('rrweb as published inlines its canvas worker; the rrweb the build takes does not', () => {
  expect(rules('rrweb/dist/rrweb.cjs')).toContain('worker-from-string');
  expect(rules('rrweb/dist/rrweb.js')).toEqual([]);
  const patched = installed('rrweb/dist/rrweb.js');
  expect(patched).not.toContain('image-bitmap-data-url-worker.ts');
  // The rest of rrweb is untouched: the canvas manager still refers to the (now throwing) wrapper.
  expect(patched).toContain('new WorkerWrapper()');
  expect(patched).toContain('throw new Error("Repro: canvas recording is disabled");');
});

it('the setImmediate polyfills the build takes have no string path', () => {
  // jszip's minified bundle is left as published (the build takes the readable one, wxt.config.ts): it
  // holds the same polyfill, unpatched.
  expect(rules('jszip/dist/jszip.min.js')).toContain('new-function');
  for (const file of ['jszip/dist/jszip.js', 'setimmediate/setImmediate.js']) {
    expect([file, rules(file)]).toEqual([file, []]);
    expect(installed(file)).toContain('throw new TypeError("setImmediate needs a function")');
  }
});
