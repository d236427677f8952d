import { expect, it } from 'vitest';
import { classifyHttp, classifyThrown, retryAfterSeconds, TrackerError } from './errors';

const read = () => ({ messages: [] });
const failure = (status: number, headers: Record<string, string> = {}, body: unknown = null) => ({
  status,
  headers: new Headers(headers),
  body,
});

it('reads Retry-After as seconds or as an HTTP date, and GitHub reset headers when the quota is used up', () => {
  const now = Date.parse('2026-01-01T00:00:00Z');
  expect(retryAfterSeconds(new Headers({ 'retry-after': '17' }), now)).toBe(17);
  expect(retryAfterSeconds(new Headers({ 'retry-after': 'Thu, 01 Jan 2026 00:01:30 GMT' }), now)).toBe(90);
  expect(retryAfterSeconds(new Headers({ 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': String(now / 1000 + 5) }), now)).toBe(5);
  expect(
    retryAfterSeconds(new Headers({ 'x-ratelimit-remaining': '12', 'x-ratelimit-reset': String(now / 1000 + 5) }), now),
  ).toBeUndefined();
});

it('gives each status its own kind', () => {
  const kinds = [400, 401, 403, 404, 413, 429, 500, 418].map((s) => classifyHttp(failure(s), 'Jira', 'project WEB', read).kind);
  expect(kinds).toEqual(['bad-request', 'unauthorized', 'forbidden', 'not-found', 'too-large', 'rate-limited', 'server', 'unknown']);
});

it('tells an XSRF refusal from a missing permission', () => {
  expect(classifyHttp(failure(403, {}, 'XSRF check failed'), 'Jira', 'project WEB', read).message).toMatch(/XSRF check failed/);
  expect(classifyHttp(failure(403), 'Jira', 'project WEB', read).message).toMatch(/may not create issues in project WEB/);
});

it('turns fetch exceptions into offline and timeout', () => {
  expect(classifyThrown(new TypeError('Failed to fetch'), 'GitHub', 'api.github.com').kind).toBe('offline');
  expect(classifyThrown(new DOMException('timed out', 'TimeoutError'), 'GitHub', 'api.github.com').kind).toBe('timeout');
  const known = new TrackerError('server', 'x');
  expect(classifyThrown(known, 'GitHub', 'h')).toBe(known);
});

it('answers a SendResult without undefined fields', () => {
  expect(new TrackerError('rate-limited', 'wait', { retryAfterSeconds: 3 }).toResult()).toEqual({
    ok: false,
    kind: 'rate-limited',
    message: 'wait',
    retryAfterSeconds: 3,
  });
  expect(new TrackerError('server', 'down').toResult()).toEqual({ ok: false, kind: 'server', message: 'down' });
});
