import { afterEach, expect, it, vi } from 'vitest';
import { call, fetchWithoutCookies } from './http';

afterEach(() => vi.unstubAllGlobals());

function stubFetch() {
  const seen: RequestInit[] = [];
  vi.stubGlobal('fetch', async (_url: unknown, init: RequestInit = {}) => {
    seen.push(init);
    return new Response('{"ok":true}', { status: 200 });
  });
  return seen;
}

it('never lets the browser attach its cookies to a tracker request', async () => {
  const seen = stubFetch();
  await fetchWithoutCookies('https://tracker.test/a', { method: 'POST', credentials: 'include', headers: { a: '1' } });
  expect(seen[0]).toMatchObject({ method: 'POST', credentials: 'omit', headers: { a: '1' } });

  await call('https://tracker.test/b', { method: 'GET' }, { tracker: 'Jira', what: 'x', readErrors: () => ({ messages: [] }), timeoutMs: 1000 });
  expect(seen[1]!.credentials).toBe('omit');
});
