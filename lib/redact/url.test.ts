import { describe, expect, it } from 'vitest';
import { REDACTED, type RedactionRules } from './rules';
import { redactUrl, redactUrlParts } from './url';

const R = encodeURIComponent(REDACTED);
const JWT = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NSJ9.abcDEF123_-';
const user: RedactionRules = { headers: ['X-Tenant'], fields: ['employeeId'], patterns: ['EMP-\\d+'] };

describe('urls', () => {
  it.each([
    ['https://a.test/p?token=abc&q=shoes', `https://a.test/p?token=${R}&q=shoes`],
    ['https://a.test/p?access_token=abc&refresh_token=d', `https://a.test/p?access_token=${R}&refresh_token=${R}`],
    ['https://a.test/p?api_key=1&apiKey=2&sig=3', `https://a.test/p?api_key=${R}&apiKey=${R}&sig=${R}`],
    ['https://bob:hunter2@a.test/', `https://${R}@a.test/`],
    ['https://a.test/#id_token=abc&x=1', `https://a.test/#id_token=${R}&x=1`],
    ['https://a.test/#section-2', 'https://a.test/#section-2'],
    [`https://a.test/p?jwt=${JWT}`, `https://a.test/p?jwt=${R}`],
    ['https://a.test/p?employeeId=7&tag=EMP-42', `https://a.test/p?employeeId=${R}&tag=${R}`],
    ['https://a.test/p?q=a%20b&page=2', 'https://a.test/p?q=a%20b&page=2'],
    ['not a url token=1', 'not a url token=1'],
  ])('%s', (input, expected) => {
    expect(redactUrl(input, user)).toBe(expected);
  });
});

describe('URLs inside any text', () => {
  const K = 'k-5ecr3t-9f8e7d';
  it.each<[string, string, string]>([
    [
      'relative, in a script',
      `fetch('/api/profile?api_key=${K}&view=full', opts)`,
      `fetch('/api/profile?api_key=${REDACTED}&view=full', opts)`,
    ],
    [
      'absolute, in a string',
      `const u = "https://api.test/v1?access_token=${K}";`,
      `const u = "https://api.test/v1?access_token=${REDACTED}";`,
    ],
    ['a fragment', `location = '/app#access_token=${K}&expires_in=3600'`, `location = '/app#access_token=${REDACTED}&expires_in=3600'`],
    ['HTML-escaped', `<a href="/p?x=1&amp;api_key=${K}">`, `<a href="/p?x=1&amp;api_key=${REDACTED}">`],
    ['JSON-escaped', `{"u":"/p?x=1\\u0026token=${K}"}`, `{"u":"/p?x=1\\u0026token=${REDACTED}"}`],
    ['in CSS url()', `.hero{background:url(/img/a.png?sig=${K})}`, `.hero{background:url(/img/a.png?sig=${REDACTED})}`],
    ['userinfo', `DATABASE_URL=postgres://app:${K}@db.internal:5432/shop`, `DATABASE_URL=postgres://${REDACTED}@db.internal:5432/shop`],
    ['an OAuth code', `redirect_uri=/cb then /cb?code=${K}xyz&state=open`, `redirect_uri=/cb then /cb?code=${REDACTED}&state=open`],
    ['matrix parameters', `/app;jsessionid=${K}?page=2`, `/app;jsessionid=${REDACTED}?page=2`],
  ])('%s', (_name, text, expected) => {
    expect(redactUrlParts(text)).toBe(expected);
  });

  it('redacts a URL percent-encoded inside another URL', () => {
    const inner = `https://b.test/cb?access_token=${K}&x=1`;
    const out = redactUrlParts(`https://a.test/login?next=${encodeURIComponent(inner)}&lang=en`);
    expect(out).not.toContain(K);
    expect(decodeURIComponent(out)).toContain('https://b.test/cb?access_token=');
    expect(out).toContain('&lang=en');
    expect(redactUrlParts(`go https%3A%2F%2Fadmin%3A${K}%40db.test%2F`)).toBe(
      `go https%3A%2F%2F${encodeURIComponent(REDACTED)}%40db.test%2F`,
    );
  });

  it('keeps code, template references and harmless parameters as they are', () => {
    for (const text of [
      'var token = read(); const x = a ? b : c;',
      // A template literal's placeholders, as a script body holds them.
      // eslint-disable-next-line no-template-curly-in-string
      'fetch(`/api?api_key=${key}&page=${n}`)',
      '<a href="/search?q=shoes&page=2#top">',
      'color: #fff; margin: 0',
      'https://a.test/err?code=not_found',
    ]) {
      expect(redactUrlParts(text)).toBe(text);
    }
  });
});

it('stops a value at a stack frame’s line and column', () => {
  expect(redactUrlParts('at f (https://x.test/a.js?token=abc:12:7)')).toBe(`at f (https://x.test/a.js?token=${REDACTED}:12:7)`);
  expect(redactUrlParts('https://x.test/?token=a:b')).toBe(`https://x.test/?token=${REDACTED}`);
});

it('goes on after a value that holds a URL of its own', () => {
  const inner = encodeURIComponent('https://b.test/?token=t1');
  expect(redactUrlParts(`/a?next=${inner}&x=1&api_key=k2&y=2`)).toBe(
    `/a?next=${encodeURIComponent(`https://b.test/?token=${REDACTED}`)}&x=1&api_key=${REDACTED}&y=2`,
  );
});
