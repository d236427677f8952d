import { describe, expect, it } from 'vitest';
import { REDACTED } from '../redact';
import type { ConsoleEntry } from '../model/report';
import { BATCH_LIMITS } from '../page/protocol';
import { checkConsoleJson, redactConsoleEntry } from './console-redact';

const JWT = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NSJ9.abcDEF123_-';

function entry(over: Partial<ConsoleEntry>): ConsoleEntry {
  return { level: 'log', time: 1, message: '', args: [], source: 'console', ...over };
}

describe('redactConsoleEntry', () => {
  it('redacts secrets in the message, stack and url', () => {
    const out = redactConsoleEntry(
      entry({
        message: `sent Bearer abcdefghijklmnop with ${JWT}`,
        stack: `at f (https://x.test/a.js?token=abc:1:2)`,
        url: 'https://x.test/cb?code=1&access_token=zzz',
      }),
    );
    expect(out.message).toBe(`sent Bearer ${REDACTED} with ${REDACTED}`);
    expect(out.stack).toBe(`at f (https://x.test/a.js?token=${REDACTED}:1:2)`);
    expect(out.url).toBe(`https://x.test/cb?code=1&access_token=${REDACTED}`);
  });

  it('redacts URLs written in console text like request URLs', () => {
    const out = redactConsoleEntry(
      entry({
        message: 'redirect to /oauth/cb?code=SplxlOBeZQQYbYS6WxSbIA and https://ann:pw-1@db.test/',
        args: ['cookie', 'PHPSESSID=php-1; theme=dark'],
      }),
    );
    expect(out.message).toBe(`redirect to /oauth/cb?code=${REDACTED} and https://${REDACTED}@db.test/`);
    expect(out.args[1]).toBe(`PHPSESSID=${REDACTED}; theme=dark`);
  });

  it('redacts values under sensitive keys, deeply, whatever their type', () => {
    const out = redactConsoleEntry(
      entry({
        args: [
          'login',
          { user: 'bob', password: 'hunter2', nested: { apiKey: 'k-1', list: [{ cvv: 123 }, { session: { id: 's' } }] } },
          [{ Authorization: 'Basic abc' }],
        ],
      }),
    );
    expect(out.args).toEqual([
      'login',
      { user: 'bob', password: REDACTED, nested: { apiKey: REDACTED, list: [{ cvv: REDACTED }, { session: REDACTED }] } },
      [{ Authorization: REDACTED }],
    ]);
  });

  it('redacts key-value pairs inside the rendered message', () => {
    const out = redactConsoleEntry(
      entry({ message: 'login {"user":"bob","password":"hunter2"}', args: ['login', { user: 'bob', password: 'hunter2' }] }),
    );
    expect(out.message).toBe(`login {"user":"bob","password":"${REDACTED}"}`);
    expect(JSON.stringify(out)).not.toContain('hunter2');
  });

  it('redacts card numbers and user patterns inside argument strings', () => {
    const rules = { headers: [], fields: ['employeeId'], patterns: ['EMP-\\d+'] };
    const out = redactConsoleEntry(entry({ args: [{ note: 'card 4111 1111 1111 1111', ref: 'EMP-42', employeeId: 7 }] }), rules);
    expect(out.args).toEqual([{ note: `card ${REDACTED}`, ref: REDACTED, employeeId: REDACTED }]);
  });

  it('redacts sensitive keys of Map previews', () => {
    const out = redactConsoleEntry(
      entry({
        args: [
          {
            '@type': 'Map',
            size: 2,
            entries: [
              ['token', 'abc'],
              ['page', 2],
            ],
          },
        ],
      }),
    );
    expect(out.args).toEqual([
      {
        '@type': 'Map',
        size: 2,
        entries: [
          ['token', REDACTED],
          ['page', 2],
        ],
      },
    ]);
  });

  it('copes with forged, cyclic or very deep arguments', () => {
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    let deep: Record<string, unknown> = { leaf: 'x' };
    for (let i = 0; i < 100; i++) deep = { d: deep };
    expect(() => redactConsoleEntry(entry({ args: [cyclic, deep] }))).not.toThrow();
  });

  it('leaves harmless entries as they were', () => {
    const e = entry({ message: 'cart total 12.50', args: ['cart total', 12.5, { items: 2, className: 'x' }] });
    expect(redactConsoleEntry(e)).toEqual(e);
  });
});

describe('checkConsoleJson', () => {
  const good = { level: 'warn', time: 2, message: 'careful', args: ['careful'] };

  it('reads the entries of a JSON array, in order, and reads nothing from empty text', () => {
    expect(checkConsoleJson(JSON.stringify([good, { ...good, message: 'again' }])).entries.map((e) => e.message)).toEqual([
      'careful',
      'again',
    ]);
    expect(checkConsoleJson('')).toEqual({ entries: [], rejected: 0 });
    expect(checkConsoleJson(undefined)).toEqual({ entries: [], rejected: 0 });
  });

  it('refuses entries that fail the schema and entries past the bound, counting each', () => {
    const many = Array.from({ length: BATCH_LIMITS.console + 3 }, () => good);
    expect(checkConsoleJson(JSON.stringify(many))).toMatchObject({ rejected: 3 });
    expect(checkConsoleJson(JSON.stringify(many)).entries).toHaveLength(BATCH_LIMITS.console);
    const bad = [good, { ...good, level: 'shout' }, { ...good, args: 'x' }, { ...good, message: 'x'.repeat(20_001) }, 7];
    expect(checkConsoleJson(JSON.stringify(bad))).toMatchObject({ rejected: 4, entries: [good] });
  });

  it('refuses text that is not JSON, or not an array, as one', () => {
    expect(checkConsoleJson('[{"level":')).toEqual({ entries: [], rejected: 1 });
    expect(checkConsoleJson(JSON.stringify(good))).toEqual({ entries: [], rejected: 1 });
  });

  it("redacts each entry it keeps, with the tester's rules", () => {
    const rules = { headers: [], fields: ['employeeId'], patterns: ['EMP-\\d+'] };
    const text = JSON.stringify([{ ...good, message: 'saved EMP-4242', args: [{ employeeId: 'e-77', ok: true }] }]);
    const [entry] = checkConsoleJson(text, rules).entries;
    expect(entry!.message).toBe(`saved ${REDACTED}`);
    expect(entry!.args).toEqual([{ employeeId: REDACTED, ok: true }]);
  });
});
