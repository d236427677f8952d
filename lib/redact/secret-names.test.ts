import { describe, expect, it } from 'vitest';
import { isSensitiveKey, redactKeyValues } from './secret-names';

describe('isSensitiveKey', () => {
  it.each([
    'password',
    'newPassword',
    'passwd',
    'token',
    'access_token',
    'refreshToken',
    'X-Auth-Token',
    'secret',
    'client_secret',
    'authorization',
    'Authorization',
    'api_key',
    'apiKey',
    'x-api-key',
    'cookie',
    'Set-Cookie',
    'session',
    'sessionId',
    'card',
    'card_number',
    'creditCard',
    'cvv',
    'cvc',
    'ssn',
    'pin',
    'auth',
    'key',
    'license_key',
    'otp',
    'csrf_token',
    'auth_code',
  ])('%s is sensitive', (name) => {
    expect(isSensitiveKey(name)).toBe(true);
  });

  it.each(['className', 'discard', 'shipping', 'author', 'authorId', 'keyCode', 'code', 'postal_code', 'status_code', 'primaryKey', 'user', 'email', 'id', 'cardinality', 'scorecard', ''])(
    '%s is not sensitive',
    (name) => {
      expect(isSensitiveKey(name)).toBe(false);
    },
  );

  it('takes extra names, case-insensitive', () => {
    expect(isSensitiveKey('employeeNumber', ['EmployeeNumber'])).toBe(true);
    expect(isSensitiveKey('employeeNumber')).toBe(false);
  });
});

describe('redactKeyValues', () => {
  it.each<[string, string]>([
    ['login password=hunter2 ok', 'login password=X ok'],
    ['{"user":"bob","password":"hunter2"}', '{"user":"bob","password":"X"}'],
    ["{ token: 'abc', page: 2 }", "{ token: 'X', page: 2 }"],
    ['https://api.test/v1?token=abc&page=2', 'https://api.test/v1?token=X&page=2'],
    ['Cookie: sid=1; theme=dark', 'Cookie: X; theme=dark'],
    ['"api_key" : "k-123" and "sort": "asc"', '"api_key" : "X" and "sort": "asc"'],
    ['escaped "secret":"a\\"b" end', 'escaped "secret":"X" end'],
    ['nothing to see: here', 'nothing to see: here'],
    ['no separators', 'no separators'],
    ['login(user: "ann", password: "hunter2")', 'login(user: "ann", password: "X")'],
    ['login(password: $password) { token }', 'login(password: $password) { token }'],
  ])('%s', (input, expected) => {
    expect(redactKeyValues(input, 'X')).toBe(expected);
  });
});
