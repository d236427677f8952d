import { describe, expect, it } from 'vitest';
import { redactCookies, redactHeaders } from './headers';
import { REDACTED, type RedactionRules } from './rules';
import { isSecretHeader } from './secret-names';

const R = encodeURIComponent(REDACTED);
const JWT = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NSJ9.abcDEF123_-';
const user: RedactionRules = { headers: ['X-Tenant'], fields: ['employeeId'], patterns: ['EMP-\\d+'] };

describe('headers', () => {
  it.each([
    ['Authorization', 'Bearer abc', REDACTED],
    ['proxy-authorization', 'Basic Zm9vOmJhcg==', REDACTED],
    ['Cookie', 'sid=1; theme=dark', REDACTED],
    ['Set-Cookie', 'sid=1; HttpOnly', REDACTED],
    ['X-Api-Key', 'k', REDACTED],
    ['X-CSRF-Token', 't', REDACTED],
    ['X-My-Session-Id', 's', REDACTED],
    ['X-Request-Signature', 's', REDACTED],
    ['X-Tenant', 'acme', REDACTED],
    ['Accept', 'application/json', 'application/json'],
    ['X-Trace', `carries ${JWT}`, `carries ${REDACTED}`],
    ['Referer', 'https://a.test/cb?code=SplxlOBeZQQYbYS6WxSbIA&page=2', `https://a.test/cb?code=${R}&page=2`],
    ['Referer', 'https://a.test/err?code=not_found', 'https://a.test/err?code=not_found'],
    ['Location', 'https://a.test/next#access_token=xyz&state=1', `https://a.test/next#access_token=${R}&state=1`],
  ])('%s: %s', (name, value, expected) => {
    expect(redactHeaders([{ name, value }], user)[0]).toEqual({ name, value: expected });
  });

  it('keeps ordinary header names unflagged', () => {
    expect(isSecretHeader('Content-Type')).toBe(false);
    expect(isSecretHeader('Keep-Alive')).toBe(false);
  });
});

describe('HTTP/2 pseudo-headers', () => {
  it('redacts the query of :path and keeps :authority, the host', () => {
    expect(
      redactHeaders([
        { name: ':path', value: '/api/items?token=opaque-secret-1&page=1' },
        { name: ':authority', value: 'shop.example.com' },
        { name: ':method', value: 'GET' },
      ]),
    ).toEqual([
      { name: ':path', value: `/api/items?token=${R}&page=1` },
      { name: ':authority', value: 'shop.example.com' },
      { name: ':method', value: 'GET' },
    ]);
  });
});

it('redacts every cookie value', () => {
  expect(redactCookies([{ name: 'theme', value: 'dark', path: '/' }])).toEqual([{ name: 'theme', value: REDACTED, path: '/' }]);
});
