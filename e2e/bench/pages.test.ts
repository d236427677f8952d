import { describe, expect, it } from 'vitest';
import { pageHtml, pagePath, parsePageOptions } from './pages';

describe('benchmark pages', () => {
  it('round-trips options through the page path', () => {
    const options = { workload: 'busy' as const, rows: 600, rrweb: true };
    expect(parsePageOptions(pagePath(options).slice('/page'.length))).toEqual(options);
    expect(parsePageOptions('?workload=large&rows=20000')).toEqual({ workload: 'large', rows: 20000, rrweb: false });
  });
  it('adds an untouched second list when asked', () => {
    const options = { workload: 'busy' as const, rows: 2, staticRows: 3, rrweb: false };
    expect(parsePageOptions(pagePath(options).slice('/page'.length))).toEqual(options);
    const html = pageHtml(options);
    expect(html.match(/<li /g)).toHaveLength(5);
    expect(html).toContain('<ul id="static">');
    expect(pageHtml({ ...options, staticRows: 0 })).not.toContain('id="static"');
  });
  it('falls back to a small idle page and caps the size', () => {
    expect(parsePageOptions('?workload=evil&rows=-3')).toEqual({ workload: 'idle', rows: 0, rrweb: false });
    expect(parsePageOptions('?rows=1e9').rows).toBe(200_000);
  });
  it('renders the rows, and rrweb only when asked, after the instrumentation', () => {
    const html = pageHtml({ workload: 'large', rows: 3, rrweb: true });
    expect(html.match(/<li /g)).toHaveLength(3);
    expect(html.indexOf('/bench-page.js')).toBeLessThan(html.indexOf('/rrweb.js'));
    expect(html).toContain('rrweb.record(');
    expect(html).toContain('__bench.start("large")');
    expect(pageHtml({ workload: 'idle', rows: 0, rrweb: false })).not.toContain('rrweb');
  });
});
