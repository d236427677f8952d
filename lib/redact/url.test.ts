import { describe, expect, it } from 'vitest';
import { REDACTED, type RedactionRules } from './rules';
import { redactUrl } from './url';

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
