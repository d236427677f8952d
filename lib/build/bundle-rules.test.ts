import { expect, it } from 'vitest';
import { checkHtml, checkManifest, checkScript } from './bundle-rules';
import { withPageScriptName } from './page-script-name';

const rules = (text: string): string[] => checkScript('x.js', text).map((v) => v.rule);

it('flags code built from strings', () => {
  expect(rules('a=1;eval("x")')).toEqual(['eval']);
  expect(rules('window.eval (code)')).toEqual(['eval']);
  expect(rules('const f = new Function("a", "return a")')).toEqual(['new-function']);
  expect(rules('setTimeout("alert(1)", 10)')).toEqual(['string-timer']);
  // What minifiers make of them.
  expect(rules('e=Function(``+e)')).toEqual(['new-function']);
  expect(rules('(0,eval)(s)')).toEqual(['eval']);
  expect(rules('n=new Worker(t,{name:e?.name})')).toEqual(['worker-from-string']);
  expect(rules('new Blob([`x`,xi],{type:`text/javascript;charset=utf-8`})')).toEqual(['script-blob']);
});

it('does not flag look-alikes', () => {
  expect(rules('retrieval(x); myeval(y); $eval(z); evaluate(q)')).toEqual([]);
  expect(rules('x instanceof Function; new FunctionCall(); isFunction(f); a.Function(b); typeof f=="function"')).toEqual([]);
  expect(rules('setTimeout(() => go(), 10); setInterval(tick, 5)')).toEqual([]);
});

it('flags remote code', () => {
  expect(rules('importScripts("https://cdn.test/w.js")')).toEqual(['remote-import-scripts']);
  expect(rules("importScripts('//cdn.test/w.js')")).toEqual(['remote-import-scripts']);
  expect(rules('import("https://cdn.test/m.js")')).toEqual(['remote-import']);
  expect(rules('importScripts("chunks/local.js"); import("./chunk.js")')).toEqual([]);
});

it('flags workers constructed from strings, as rrweb inlines its canvas worker', () => {
  const rrwebLike =
    'var blob = self.Blob && new Blob(["(self.URL).revokeObjectURL(self.location.href);", jsContent], { type: "text/javascript;charset=utf-8" });' +
    'function W(o){ try { u = URL.createObjectURL(blob); return new Worker(u, {name:o}) } catch(e) { return new Worker("data:text/javascript;charset=utf-8," + encodeURIComponent(jsContent)) } }';
  expect(rules(rrwebLike).sort()).toEqual(['script-blob', 'worker-from-string', 'worker-from-string']);
  expect(rules('new SharedWorker(URL.createObjectURL(b))')).toEqual(['worker-from-string']);
  expect(rules('new Worker("https://cdn.test/w.js")')).toEqual(['worker-from-string']);
});

it('accepts workers that are files of the extension', () => {
  expect(rules('new Worker(new URL("assets/worker-abc.js", import.meta.url), { type: "module" })')).toEqual([]);
  expect(rules("new Worker('/worker.js')")).toEqual([]);
  expect(rules('new Blob([json], { type: "application/json" })')).toEqual([]);
});

it('flags remote scripts and string code in pages', () => {
  expect(checkHtml('p.html', '<script src="https://cdn.test/a.js"></script>').map((v) => v.rule)).toEqual(['remote-script']);
  expect(checkHtml('p.html', '<script>eval(location.hash)</script>').map((v) => v.rule)).toEqual(['eval']);
  expect(checkHtml('p.html', '<script type="module" crossorigin src="/chunks/popup-1.js"></script>')).toEqual([]);
});

it('keeps the manifest CSP strict and the extension closed to pages', () => {
  expect(checkManifest('manifest.json', { manifest_version: 3 })).toEqual([]);
  expect(checkManifest('manifest.json', { content_security_policy: { extension_pages: "script-src 'self'; object-src 'self'" } })).toEqual(
    [],
  );
  const weak = checkManifest('manifest.json', {
    content_security_policy: { extension_pages: "script-src 'self' 'unsafe-eval' https://cdn.test; object-src 'self'" },
  });
  expect(weak.map((v) => [v.rule, v.message])).toEqual([['weak-csp', "weakens the extension CSP with 'unsafe-eval' https://cdn.test"]]);
  expect(checkManifest('m', { content_security_policy: { sandbox: "sandbox; script-src 'self' 'unsafe-inline'" } })[0]?.rule).toBe(
    'weak-csp',
  );
  expect(checkManifest('m', { externally_connectable: { matches: ['https://*/*'] } })[0]?.rule).toBe('externally-connectable');
});

it("flags the replay's CSS parser in a content script only, once per file", () => {
  const postcss = 'transformer.postcssPlugin=e;transformer.postcssPlugin=f;{postcssPlugin:`postcss-hover-classes`}';
  expect(checkScript('.output/chrome-mv3/content-scripts/recorder-main.js', withPageScriptName(postcss)).map((v) => v.rule)).toEqual([
    'replay-code-in-content-script',
  ]);
  expect(checkScript('.output/chrome-mv3/chunks/viewer-1.js', postcss)).toEqual([]);
});

it('flags a page-world script that lost its name, and only that script', () => {
  const main = '.output/chrome-mv3/content-scripts/recorder-main.js';
  expect(checkScript(main, '(()=>{})();').map((v) => v.rule)).toEqual(['unnamed-page-script']);
  expect(checkScript(main, withPageScriptName('(()=>{})();'))).toEqual([]);
  expect(checkScript('.output/chrome-mv3/content-scripts/recorder.js', '(()=>{})();')).toEqual([]);
});
