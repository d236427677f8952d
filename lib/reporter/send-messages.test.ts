import { expect, it } from 'vitest';
import { failureView } from './send-messages';

it('gives each failure its own message and always offers the download', () => {
  const tooLarge = failureView({ ok: false, kind: 'too-large', message: 'Attachment over 10 MB.' });
  expect(tooLarge.title).toMatch(/too large/);
  expect(tooLarge.actions).toEqual(['without-replay', 'retry', 'download']);
  const limited = failureView({ ok: false, kind: 'rate-limited', message: 'Slow down.', retryAfterSeconds: 30 }, 1_000);
  expect(limited.detail).toBe('Slow down. Try again in 30 s.');
  // "Retry" waits out the tracker's Retry-After; the wait is said once even when the message has it.
  expect(limited.retryAt).toBe(31_000);
  expect(
    failureView({ ok: false, kind: 'rate-limited', message: 'GitHub asks to slow down. Try again in 30 s.', retryAfterSeconds: 30 }).detail,
  ).toBe('GitHub asks to slow down. Try again in 30 s.');
  expect(failureView({ ok: false, kind: 'server', message: 'x' }).retryAt).toBeUndefined();
  const bad = failureView({ ok: false, kind: 'bad-request', message: 'Invalid fields.', fieldErrors: { priority: 'not allowed' } });
  expect(bad.detail).toBe('Invalid fields. priority: not allowed');
  expect(failureView({ ok: false, kind: 'not-configured', message: 'x' }).actions).toEqual(['settings', 'download']);
  expect(failureView({ ok: false, kind: 'unauthorized', message: 'x' }).actions).toContain('settings');
  const kinds = [
    'bad-request',
    'unauthorized',
    'forbidden',
    'not-found',
    'too-large',
    'rate-limited',
    'server',
    'offline',
    'timeout',
    'unknown',
  ] as const;
  expect(new Set(kinds.map((k) => failureView({ ok: false, kind: k, message: '' }).title)).size).toBe(kinds.length);
});
