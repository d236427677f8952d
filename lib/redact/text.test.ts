import { describe, expect, it } from 'vitest';
import { REDACTED } from './rules';
import { mayHoldSecret, redactText } from './text';

describe('redactText', () => {
  it.each<[string, string]>([
    ['sent Bearer abcdefgh12345678 and token=abc', `sent Bearer ${REDACTED} and token=${REDACTED}`],
    [
      'callback https://app.test/cb#access_token=at-1&state=af0ifjsldkjA8',
      `callback https://app.test/cb#access_token=${REDACTED}&state=${REDACTED}`,
    ],
    ['open https://bob:hunter2@db.test/admin now', `open https://${REDACTED}@db.test/admin now`],
    ['redirected to /oauth/callback?code=SplxlOBeZQQYbYS6WxSbIA', `redirected to /oauth/callback?code=${REDACTED}`],
    ['nothing to hide: page=2&sort=asc', 'nothing to hide: page=2&sort=asc'],
  ])('%s', (input, expected) => {
    expect(redactText(input)).toBe(expected);
  });

  it('takes the tester’s names and patterns', () => {
    expect(redactText('employeeId=7 tag EMP-42', { headers: ['X-Tenant'], fields: ['employeeId'], patterns: ['EMP-\\d+'] })).toBe(
      `employeeId=${REDACTED} tag ${REDACTED}`,
    );
  });
});

it('lets text through unread only when no rule could change it', () => {
  const changed = [
    'token=abc',
    'password: "x"',
    'see /cb?code=SplxlOBeZQQYbYS6WxSbIA',
    'https://u:p@h.test/',
    'go%3Ftoken%3Dabc',
    'x eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NSJ9.abc y',
    '4111 1111 1111 1111',
  ];
  for (const text of changed) expect([text, redactText(text) !== text, mayHoldSecret(text)]).toEqual([text, true, true]);
  expect(mayHoldSecret('Add to cart')).toBe(false);
  expect(mayHoldSecret('Add to cart', { headers: [], fields: [], patterns: ['cart'] })).toBe(true);
});

it('changes nothing in text it redacted already, so a second pass finds only what the first missed', () => {
  const samples = [
    'login password=hunter2 and token: "abc" with Bearer abcdefgh12345678',
    'callback https://app.test/cb?code=SplxlOBeZQQYbYS6WxSbIA&state=af0ifjsldkjA8#access_token=at-1',
    'open https://bob:hunter2@db.test/admin and go%3Ftoken%3Dabc',
    '-----BEGIN RSA PRIVATE KEY-----\nMIIEowIBAAKCAQEAu1SU1LfVLPHCozMxH2Mo4lgOEePzNm0tRgeLezV6ffAt0gun\n-----END RSA PRIVATE KEY-----',
    'keys sk_live_51HqLyjWDarjtT1zdp7dc0aBcD AKIAIOSFODNN7EXAMPLE card 4111 1111 1111 1111',
    'PHPSESSID=php-1; theme=dark; {"session":"s","ok":true}',
  ];
  for (const text of samples) {
    const once = redactText(text);
    expect(once).not.toBe(text);
    expect(redactText(once)).toBe(once);
  }
  expect(redactText(`u?token=${encodeURIComponent(REDACTED)}&x=1`)).toBe(`u?token=${encodeURIComponent(REDACTED)}&x=1`);
  expect(redactText('password=%5Bredacted%5D&remember=1')).toBe('password=%5Bredacted%5D&remember=1');
  expect(redactText('{"token":true,"session":null,"auth":false,"password":""}')).toBe(
    '{"token":true,"session":null,"auth":false,"password":""}',
  );
});
