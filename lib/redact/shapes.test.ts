import { describe, expect, it } from 'vitest';
import { REDACTED } from './rules';
import { luhnValid, mayHoldShape, redactShapes } from './shapes';

describe('redactShapes', () => {
  it.each([
    ['token eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NSJ9.abcDEF123_- end', `token ${REDACTED} end`],
    ['Authorization: Bearer abcdef0123456789', `Authorization: Bearer ${REDACTED}`],
    ['card 4111 1111 1111 1111 ok', `card ${REDACTED} ok`],
    ['order 1234567890123 stays', 'order 1234567890123 stays'],
    ['nothing secret here', 'nothing secret here'],
  ])('%s', (input, expected) => {
    expect(redactShapes(input)).toBe(expected);
  });

  it('applies user patterns and ignores broken ones', () => {
    expect(redactShapes('id=EMP-12345', { headers: [], fields: [], patterns: ['EMP-\\d+', '('] })).toBe(`id=${REDACTED}`);
  });
});

it('checks card numbers with Luhn', () => {
  expect(luhnValid('4242424242424242')).toBe(true);
  expect(luhnValid('4242424242424241')).toBe(false);
});

describe('vendor key formats anywhere', () => {
  const keys = [
    'sk_live_51HqLyjWDarjtT1zdp7dc0aBcD',
    'sk_test_4eC39HqLyjWDarjtT1zdp7dc',
    'rk_live_51HqLyjWDarjtT1zdp7dcXyZ',
    `ghp_${'a1B2c3D4e5'.repeat(3)}abcdef`,
    `gho_${'Z9y8X7w6V5'.repeat(3)}uvwxyz`,
    `ghu_${'q'.repeat(36)}`,
    `ghs_${'R'.repeat(36)}`,
    `ghr_${'7'.repeat(36)}`,
    'github_pat_11ABCDEFG0123456789_abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456',
    'AKIAIOSFODNN7EXAMPLE',
    'ASIAY34FZKBOKMUTVV7A',
    'xoxb-123456789012-1234567890123-AbCdEfGhIjKlMnOpQrStUvWx',
    'xoxp-123456789012-123456789012-123456789012-0123456789abcdef0123456789abcdef',
    'xoxa-2-123456789012-abcdefABCDEF',
    'xoxr-123456789012-abcdefABCDEF',
    'AIzaSyD-1234567890abcdefghijklmnopqrstu',
  ];
  it.each(keys)('%s', (key) => {
    for (const text of [`key ${key} end`, `{"k":"${key}"}`, `export X=${key}`]) {
      const out = redactShapes(text);
      expect(out).not.toContain(key);
      expect(out).toContain(REDACTED);
    }
  });

  it('keeps the kind of key readable and publishable keys as they are', () => {
    expect(redactShapes('sk_live_51HqLyjWDarjtT1zdp7dc0aBcD')).toBe(`sk_live_${REDACTED}`);
    expect(redactShapes('AKIAIOSFODNN7EXAMPLE')).toBe(`AKIA${REDACTED}`);
    for (const harmless of ['pk_live_51HqLyjWDarjtT1zdp7dc0aBcD', 'ghp_short', 'AKIA', 'xoxb-', 'AIzaShort', 'task_live_update'])
      expect(redactShapes(harmless)).toBe(harmless);
  });

  it('redacts PEM private key blocks, raw or JSON-escaped, with or without their end', () => {
    const body =
      'MIIEowIBAAKCAQEAu1SU1LfVLPHCozMxH2Mo4lgOEePzNm0tRgeLezV6ffAt0gun\nVTLw7onLRnrq0/IzW7yWR7QkrmBL7jTKEn5u+qKhbwKfBstIs+bMY2Zkp18gnTxK';
    const pem = `-----BEGIN RSA PRIVATE KEY-----\n${body}\n-----END RSA PRIVATE KEY-----`;
    expect(redactShapes(`key:\n${pem}\nrest`)).toBe(`key:\n-----BEGIN RSA PRIVATE KEY-----${REDACTED}-----END RSA PRIVATE KEY-----\nrest`);
    const escaped = JSON.stringify({ key: pem.replace('RSA ', 'ENCRYPTED ').replace('RSA ', 'ENCRYPTED ') }).slice(8, -2);
    expect(redactShapes(escaped)).not.toContain('MIIEowIBAAKCAQEA');
    const cut = `-----BEGIN OPENSSH PRIVATE KEY-----\nProc-Type: 4,ENCRYPTED\n${body}`;
    expect(redactShapes(cut)).not.toMatch(/MIIEow|Proc-Type/);
    expect(redactShapes('-----BEGIN PUBLIC KEY-----\nMIIBIjANBgkq\n-----END PUBLIC KEY-----')).toContain('MIIBIjANBgkq');
  });
});

it('hints at every shape it redacts, so text without a hint can be let through unread', () => {
  const jwt = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NSJ9.abcDEF123_-';
  const shaped = [
    jwt,
    'Bearer abcdefgh12345678',
    'basic Zm9vOmJhcmJheg==',
    'TOKEN abcdefgh1234',
    '4111 1111 1111 1111',
    '4111-1111-1111-1111',
    'sk_live_51HqLyjWDarjtT1zdp7dc0aBcD',
    'rk_test_51HqLyjWDarjtT1zdp7dcXyZ',
    `ghs_${'R'.repeat(36)}`,
    'github_pat_11ABCDEFG0123456789_abcdefghijkl',
    'AKIAIOSFODNN7EXAMPLE',
    'ASIAY34FZKBOKMUTVV7A',
    'xoxb-123456789012-abc',
    'AIzaSyD-1234567890abcdefghijklmnopqrstu',
    '-----BEGIN EC PRIVATE KEY-----\nMHcCAQEE',
  ];
  for (const text of shaped) {
    expect([text, redactShapes(text) !== text, mayHoldShape(text)]).toEqual([text, true, true]);
  }
  for (const text of ['Add to cart', 'nav-item active', 'Order 42 shipped', '']) expect(mayHoldShape(text)).toBe(false);
});
