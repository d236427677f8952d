import { describe, expect, it } from 'vitest';
import { REDACTED } from '../redact';
import { APP_LIMITS, APP_NAMESPACE, parseAppMessage, type ReproAppMessage } from './app-messages';

const ns = APP_NAMESPACE;
const JWT = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NSJ9.abcDEF123_-';

describe('parseAppMessage', () => {
  it('accepts metadata, redacting secrets and sensitive keys', () => {
    const message: ReproAppMessage = {
      ns,
      type: 'metadata',
      data: { userId: 'u-42', build: 1234, beta: true, plan: null, authToken: 'abc', note: `jwt ${JWT}` },
    };
    expect(parseAppMessage(message)).toEqual({
      type: 'metadata',
      data: { userId: 'u-42', build: 1234, beta: true, plan: null, authToken: REDACTED, note: `jwt ${REDACTED}` },
    });
  });

  it('turns a log line into a console entry from the page', () => {
    const message: ReproAppMessage = { ns, type: 'log', level: 'warn', message: 'cart sync slow password=hunter2', data: { ms: 900 } };
    expect(parseAppMessage(message, undefined, 77)).toEqual({
      type: 'log',
      entry: {
        level: 'warn',
        time: 77,
        message: `cart sync slow password=${REDACTED}`,
        args: [`cart sync slow password=${REDACTED}`, { ms: 900 }],
        source: 'page',
      },
    });
  });

  it('redacts URLs in messages and values like request URLs', () => {
    const message: ReproAppMessage = {
      ns,
      type: 'log',
      message: 'signed in at https://app.test/cb?code=SplxlOBeZQQYbYS6WxSbIA&state=open',
      data: { next: 'https://ann:pw-1@db.test/x' },
    };
    expect(parseAppMessage(message, undefined, 1)).toMatchObject({
      entry: {
        message: `signed in at https://app.test/cb?code=${REDACTED}&state=open`,
        args: [expect.any(String), { next: `https://${REDACTED}@db.test/x` }],
      },
    });
  });

  it('defaults a log line to info', () => {
    expect(parseAppMessage({ ns, type: 'log', message: 'hi' }, undefined, 1)).toMatchObject({ entry: { level: 'info', message: 'hi' } });
  });

  it('turns an error into an error entry with its stack', () => {
    const message: ReproAppMessage = { ns, type: 'error', name: 'PaymentError', message: 'declined', stack: 'at pay (app.js:1:2)' };
    expect(parseAppMessage(message, undefined, 5)).toEqual({
      type: 'log',
      entry: {
        level: 'error',
        time: 5,
        message: 'PaymentError: declined',
        args: ['declined'],
        stack: 'at pay (app.js:1:2)',
        source: 'page',
      },
    });
  });

  it('applies the tester’s own rules', () => {
    const rules = { headers: [], fields: ['tenant'], patterns: ['ACME-\\d+'] };
    expect(parseAppMessage({ ns, type: 'metadata', data: { tenant: 'x', ref: 'ACME-9' } }, rules)).toEqual({
      type: 'metadata',
      data: { tenant: REDACTED, ref: REDACTED },
    });
  });

  it('drops prototype-polluting keys', () => {
    const data = JSON.parse('{"__proto__": "x", "ok": 1}') as Record<string, unknown>;
    const out = parseAppMessage({ ns, type: 'metadata', data });
    expect(out).toEqual({ type: 'metadata', data: { ok: 1 } });
    expect(Object.getPrototypeOf((out as { data: object }).data)).toBe(Object.prototype);
  });

  const manyKeys = Object.fromEntries(Array.from({ length: APP_LIMITS.keys + 1 }, (_, i) => [`k${i}`, i]));
  const bigValues = Object.fromEntries(Array.from({ length: 40 }, (_, i) => [`k${i}`, 'v'.repeat(APP_LIMITS.valueLength)]));

  it.each<[string, unknown]>([
    ['not an object', 'repro:app'],
    ['an array', [ns]],
    ['another namespace', { ns: 'other', type: 'log', message: 'x' }],
    ['an unknown type', { ns, type: 'command', message: 'x' }],
    ['nested metadata', { ns, type: 'metadata', data: { user: { id: 1 } } }],
    ['an array value', { ns, type: 'metadata', data: { flags: ['a'] } }],
    ['too many keys', { ns, type: 'metadata', data: manyKeys }],
    ['a too long key', { ns, type: 'metadata', data: { ['k'.repeat(APP_LIMITS.keyLength + 1)]: 1 } }],
    ['a too long value', { ns, type: 'metadata', data: { k: 'v'.repeat(APP_LIMITS.valueLength + 1) } }],
    ['too much in total', { ns, type: 'metadata', data: bigValues }],
    ['a too long message', { ns, type: 'log', message: 'm'.repeat(APP_LIMITS.message + 1) }],
    ['a bad level', { ns, type: 'log', level: 'fatal', message: 'x' }],
    ['a non-finite number', { ns, type: 'metadata', data: { n: Number.POSITIVE_INFINITY } }],
    ['an error without message', { ns, type: 'error', name: 'E' }],
    ['nested log fields', { ns, type: 'log', message: 'x', data: { deep: { a: 1 } } }],
  ])('rejects %s', (_name, data) => {
    expect(parseAppMessage(data)).toBeNull();
  });
});
