import { describe, expect, it } from 'vitest';
import { REDACTED } from './rules';
import { luhnValid, redactText } from './text';

describe('redactText', () => {
  it.each([
    ['token eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NSJ9.abcDEF123_- end', `token ${REDACTED} end`],
    ['Authorization: Bearer abcdef0123456789', `Authorization: Bearer ${REDACTED}`],
    ['card 4111 1111 1111 1111 ok', `card ${REDACTED} ok`],
    ['order 1234567890123 stays', 'order 1234567890123 stays'],
    ['nothing secret here', 'nothing secret here'],
  ])('%s', (input, expected) => {
    expect(redactText(input)).toBe(expected);
  });

  it('applies user patterns and ignores broken ones', () => {
    expect(redactText('id=EMP-12345', { headers: [], fields: [], patterns: ['EMP-\\d+', '('] })).toBe(`id=${REDACTED}`);
  });
});

it('checks card numbers with Luhn', () => {
  expect(luhnValid('4242424242424242')).toBe(true);
  expect(luhnValid('4242424242424241')).toBe(false);
});
