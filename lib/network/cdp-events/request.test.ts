import { expect, it } from 'vitest';
import { emptyLogState, type LogOptions, type LogOutput, type LogState } from '../log-state';
import { noExtraRules, REDACTED } from '../../redact';
import type { EventHandler } from './context';
import { requestServedFromCache, requestWillBeSent, requestWillBeSentExtraInfo } from './request';

const options: LogOptions = { rules: noExtraRules, noBodyUrls: ['/private'], maxMessages: 3, maxMessageBytes: 16 };

function run(handler: EventHandler, state: LogState, params: Record<string, unknown>): LogOutput {
  const out: LogOutput = { finished: [], pages: [] };
  const id = typeof params.requestId === 'string' ? params.requestId : '';
  handler({ state, params, options, out, id, req: state.requests[id] });
  return out;
}

const sent = (requestId: string, url: string, extra: Record<string, unknown> = {}) => ({
  requestId,
  loaderId: 'L',
  documentURL: url,
  request: {
    url,
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Authorization: 'Bearer abc' },
    postData: '{"password":"p","n":1}',
  },
  timestamp: 10,
  wallTime: 1_700_000_000,
  initiator: { type: 'script', url: 'https://app.test/app.js?key=k' },
  type: 'Fetch',
  frameId: 'F',
  ...extra,
});

it('requestWillBeSent tracks a request with its headers, URL and body redacted', () => {
  const state = emptyLogState('F');
  run(requestWillBeSent, state, sent('1', 'https://app.test/api?token=t'));
  const req = state.requests['1']!;
  expect(req).toMatchObject({ hop: 0, method: 'POST', wallTimeMs: 1_700_000_000_000, timestamp: 10, resourceType: 'Fetch' });
  expect(req.url).toBe(`https://app.test/api?token=${encodeURIComponent(REDACTED)}`);
  expect(req.headers.Authorization).toBe(REDACTED);
  expect(JSON.parse(req.postData!)).toEqual({ password: REDACTED, n: 1 });
  expect(req.initiator!.url).toBe(`https://app.test/app.js?key=${encodeURIComponent(REDACTED)}`);
});

it('requestWillBeSent keeps no body of a URL a user rule names', () => {
  const state = emptyLogState('F');
  run(requestWillBeSent, state, sent('1', 'https://app.test/private'));
  expect(state.requests['1']!.postData).toBeUndefined();
  expect(state.requests['1']!.noBody).toBe(true);
});

it('requestWillBeSent with a redirect response finishes the hop before and starts the next', () => {
  const state = emptyLogState('F');
  run(requestWillBeSent, state, sent('1', 'https://app.test/old'));
  const redirectResponse = {
    url: 'https://app.test/old',
    status: 301,
    statusText: 'Moved',
    headers: { Location: '/new' },
    mimeType: 'text/html',
    encodedDataLength: 120,
  };
  const out = run(requestWillBeSent, state, { ...sent('1', 'https://app.test/new'), redirectResponse, timestamp: 11 });
  expect(out.finished.map((r) => [r.hop, r.url, r.response?.status, r.end, r.encodedDataLength])).toEqual([
    [0, 'https://app.test/old', 301, 11, 120],
  ]);
  expect(state.requests['1']).toMatchObject({ hop: 1, url: 'https://app.test/new' });
});

it('requestWillBeSent starts a page for a top-frame document, not for a frame or a hop', () => {
  const state = emptyLogState(null);
  const doc = (id: string, frameId: string) => ({ ...sent(id, `https://app.test/${id}`), loaderId: id, type: 'Document', frameId });
  expect(run(requestWillBeSent, state, doc('d1', 'TOP')).pages.map((p) => p.id)).toEqual(['page_1']);
  expect(state.mainFrameId).toBe('TOP');
  expect(run(requestWillBeSent, state, doc('d2', 'CHILD')).pages).toEqual([]);
  expect(run(requestWillBeSent, state, doc('d3', 'TOP')).pages.map((p) => p.url)).toEqual(['https://app.test/d3']);
});

it('requestWillBeSentExtraInfo adds the Cookie header, or waits redacted for its request', () => {
  const state = emptyLogState('F');
  run(requestWillBeSentExtraInfo, state, { requestId: '2', headers: { Cookie: 'sid=early-secret' } });
  expect(JSON.stringify(state.early)).not.toContain('early-secret');
  run(requestWillBeSent, state, sent('2', 'https://app.test/x'));
  expect(state.requests['2']).toMatchObject({ requestExtraSeen: true, cookies: [{ name: 'sid', value: REDACTED }] });
  expect(state.early['2']).toBeUndefined();

  run(requestWillBeSent, state, sent('3', 'https://app.test/y'));
  run(requestWillBeSentExtraInfo, state, { requestId: '3', headers: { cookie: 'a=1' } });
  expect(state.requests['3']!.headers.cookie).toBe(REDACTED);
  expect(state.requests['3']!.requestExtraSeen).toBe(true);
});

it('requestServedFromCache marks the request', () => {
  const state = emptyLogState('F');
  run(requestWillBeSent, state, sent('4', 'https://app.test/c'));
  run(requestServedFromCache, state, { requestId: '4' });
  expect(state.requests['4']!.fromMemoryCache).toBe(true);
});
