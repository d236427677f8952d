import { describe, expect, it } from 'vitest';
import { hasPageScriptName, PAGE_SCRIPT_FILE, PAGE_SCRIPT_NAME, pageScriptNamePlugin, withPageScriptName } from './page-script-name';

type Bundle = Record<string, { type: 'chunk' | 'asset'; fileName: string; code?: string }>;

function runPlugin(bundle: Bundle): Bundle {
  const hook = pageScriptNamePlugin().generateBundle as unknown as (options: unknown, bundle: Bundle) => void;
  hook({}, bundle);
  return bundle;
}

describe('the page-world script name', () => {
  it('is not an extension address, which is what makes Chromium capture a full stack per console call', () => {
    expect(PAGE_SCRIPT_NAME).not.toMatch(/^[a-z-]+:/);
    expect(withPageScriptName('(()=>{})();')).toBe(`(()=>{})();\n//# sourceURL=${PAGE_SCRIPT_NAME}\n`);
  });

  it('is added once, as the last line, and is checked as such', () => {
    const named = withPageScriptName(withPageScriptName('a();\n'));
    expect(named.match(/sourceURL/g)).toHaveLength(1);
    expect(hasPageScriptName(named)).toBe(true);
    expect(hasPageScriptName('a();')).toBe(false);
    expect(hasPageScriptName(`//# sourceURL=${PAGE_SCRIPT_NAME}\na();`)).toBe(false);
  });

  it('goes on the page-world content script only', () => {
    const bundle = runPlugin({
      main: { type: 'chunk', fileName: 'content-scripts/recorder-main.js', code: 'main();' },
      isolated: { type: 'chunk', fileName: 'content-scripts/recorder.js', code: 'isolated();' },
      worker: { type: 'chunk', fileName: 'background.js', code: 'worker();' },
      css: { type: 'asset', fileName: 'content-scripts/recorder-main.css' },
    });
    expect(hasPageScriptName(bundle.main!.code!)).toBe(true);
    expect(bundle.isolated!.code).toBe('isolated();');
    expect(bundle.worker!.code).toBe('worker();');
    expect(PAGE_SCRIPT_FILE.test('.output/chrome-mv3/content-scripts/recorder-main.js')).toBe(true);
  });
});
