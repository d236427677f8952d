import { describe, expect, it } from 'vitest';
import { redactKeyValues } from './pairs';

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
