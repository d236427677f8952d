import { describe, expect, it } from 'vitest';
import { REDACTED } from '../../redact/redact';
import { describePath, sanitizeHref } from './page-url';

describe('page addresses in steps', () => {
  it.each<[string, string]>([
    ['https://shop.test/app', '/app'],
    ['https://shop.test/#/settings?x=1', '/#/settings?x=1'],
    ['https://shop.test/page#section', '/page'],
    ['https://shop.test/cb?access_token=eyJabc&state=s1', `/cb?access_token=${REDACTED}&state=${REDACTED}`],
  ])('describePath(%s)', (href, expected) => {
    expect(describePath(href)).toBe(expected);
  });
  it('redacts OAuth parameters and secret-named ones from a whole address, keeping the rest', () => {
    expect(sanitizeHref('https://shop.test/cb?code=c0de&lang=en#id_token=tok')).toBe(`https://shop.test/cb?code=${REDACTED}&lang=en#id_token=${REDACTED}`);
  });

  it('clips a long path', () => {
    const path = describePath(`https://shop.test/${'a'.repeat(200)}`);
    expect(path).toHaveLength(120);
    expect(path.endsWith('…')).toBe(true);
  });
});
