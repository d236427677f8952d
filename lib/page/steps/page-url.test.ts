import { describe, expect, it } from 'vitest';
import { REDACTED } from '../../redact';
import { describePath, sanitizeHref } from './page-url';

describe('page addresses in steps', () => {
  it.each<[string, string]>([
    ['https://shop.test/app', '/app'],
    ['https://shop.test/#/settings?x=1', '/#/settings?x=1'],
    ['https://shop.test/page#section', '/page'],
    [
      'https://shop.test/cb?access_token=eyJabc&state=af0ifjsldkj&nonce=n-0S6_WzA2Mj',
      `/cb?access_token=${REDACTED}&state=${REDACTED}&nonce=${REDACTED}`,
    ],
    ['https://shop.test/orders?state=open&code=E_TIMEOUT', '/orders?state=open&code=E_TIMEOUT'],
  ])('describePath(%s)', (href, expected) => {
    expect(describePath(href)).toBe(expected);
  });
  it('redacts OAuth parameters and secret-named ones from a whole address, keeping the rest', () => {
    // The address stays a URL: the marker is percent-encoded in it. A short code (an error code) stays.
    const marker = encodeURIComponent(REDACTED);
    expect(sanitizeHref('https://shop.test/cb?code=SplxlOBeZQQYbYS6WxSbIA&lang=en#id_token=tok')).toBe(
      `https://shop.test/cb?code=${marker}&lang=en#id_token=${marker}`,
    );
    expect(sanitizeHref('https://shop.test/cb?code=E_TIMEOUT')).toBe('https://shop.test/cb?code=E_TIMEOUT');
  });

  it('clips a long path', () => {
    const path = describePath(`https://shop.test/${'a'.repeat(200)}`);
    expect(path).toHaveLength(120);
    expect(path.endsWith('…')).toBe(true);
  });
});
