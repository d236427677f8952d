import { afterEach, expect, it, vi } from 'vitest';
import { call, fetchWithoutCookies, MAX_ANSWER_BYTES } from './http';

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

  await call(
    'https://tracker.test/b',
    { method: 'GET' },
    { tracker: 'Jira', what: 'x', readErrors: () => ({ messages: [] }), timeoutMs: 1000 },
  );
  expect(seen[1]!.credentials).toBe('omit');
});

it('stops reading an answer past the cap, with or without a Content-Length', async () => {
  const context = { tracker: 'GitLab', what: 'x', readErrors: () => ({ messages: [] }), timeoutMs: 5000 };
  const big = 'x'.repeat(MAX_ANSWER_BYTES + 1);
  vi.stubGlobal('fetch', async () => new Response(big, { status: 200 }));
  await expect(call('https://tracker.test/a', {}, context)).rejects.toMatchObject({
    kind: 'server',
    message: expect.stringMatching(/more than 8 MB/),
  });
  // A streamed answer that never ends: reading stops at the cap instead of filling memory.
  let pulled = 0;
  const endless = new ReadableStream<Uint8Array>({
    pull(controller) {
      pulled += 1 << 20;
      controller.enqueue(new Uint8Array(1 << 20));
    },
  });
  vi.stubGlobal('fetch', async () => new Response(endless, { status: 200 }));
  await expect(call('https://tracker.test/b', {}, context)).rejects.toMatchObject({ kind: 'server' });
  expect(pulled).toBeLessThanOrEqual(MAX_ANSWER_BYTES + 2 * (1 << 20));
  // The same cap holds for clients that read through fetchWithoutCookies (Octokit).
  vi.stubGlobal('fetch', async () => new Response(big, { status: 200, headers: { 'content-length': String(big.length) } }));
  await expect(fetchWithoutCookies('https://tracker.test/c')).rejects.toMatchObject({ kind: 'server' });
  vi.stubGlobal('fetch', async () => new Response(big, { status: 200 }));
  await expect((await fetchWithoutCookies('https://tracker.test/d')).text()).rejects.toThrow(/more than 8 MB/);
});
