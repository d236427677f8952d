/**
 * Devtools-protocol event sequences recorded from Chromium on the network fixture page
 * (`e2e/fixtures/sites/network/record-cdp.ts`), plus hand-written ones, turned into HAR.
 */
import type { Entry } from 'har-format';
import { describe, expect, it } from 'vitest';
import scenario from './fixtures/scenario.json';
import serviceWorker from './fixtures/service-worker.json';
import { buildHar } from './har-document';
import { isTextLike, toHarEntry, toHarPage, type ResponseBody } from './har-entry';
import { harErrors } from './har-validate';
import { emptyLogState, type LogOptions, type TrackedPage } from './log-state';
import { adoptCurrentPage, applyEvent, applyLateExtra } from './request-log';
import { noExtraRules, REDACTED } from '../redact';
import { passTree } from '../report/last-pass';

interface Fixture {
  mainFrameId: string;
  events: { method: string; params: unknown }[];
  bodies: Record<string, { body: string; base64Encoded: boolean }>;
}

const options: LogOptions = { rules: noExtraRules, noBodyUrls: [], maxMessages: 3, maxMessageBytes: 16 };

function replay(fixture: Fixture, opts: LogOptions = options) {
  const state = emptyLogState(fixture.mainFrameId);
  const entries: Entry[] = [];
  const pages = new Map<string, TrackedPage>();
  for (const { method, params } of fixture.events) {
    const out = applyEvent(state, method, params as Record<string, unknown>, opts);
    for (const page of out.pages) pages.set(page.id, { ...page });
    for (const req of out.finished) {
      const recorded = fixture.bodies[req.requestId];
      let body: ResponseBody | undefined;
      if (req.errorText) body = { kind: 'omitted', reason: 'request failed' };
      else if (req.noBody) body = { kind: 'omitted', reason: 'user rule' };
      else if (recorded && (req.hop === 0) === !req.response?.headers.location && isTextLike(req.response?.mimeType))
        body = { kind: 'text', text: recorded.body, base64: recorded.base64Encoded };
      entries.push(toHarEntry(structuredClone(req), body, { rules: opts.rules }));
    }
  }
  return { state, har: buildHar([...pages.values()].map(toHarPage), entries, '1.2.3') };
}

/** Reads the `_`-prefixed extension fields of a HAR object. */
const ext = (value: object | undefined) => value as unknown as Record<string, unknown>;

const byPath = (entries: Entry[], path: string) =>
  entries.filter((e) => new URL(e.request.url).pathname + new URL(e.request.url).search === path);

describe('the recorded fixture page', () => {
  const { har, state } = replay(scenario as Fixture);
  const entries = har.log.entries;

  it('is valid HAR 1.2 with Repro as creator and entries sorted by start', () => {
    expect(harErrors(har)).toEqual([]);
    expect(har.log.creator).toEqual({ name: 'Repro', version: '1.2.3' });
    const starts = entries.map((e) => Date.parse(e.startedDateTime));
    expect(starts).toEqual([...starts].sort((a, b) => a - b));
    expect(Object.keys(state.requests)).toEqual([]);
  });

  it('has one page for the navigation, and every entry points at it', () => {
    expect(har.log.pages).toHaveLength(1);
    expect(har.log.pages![0]!.title).toBe('http://127.0.0.1:8000/network/index.html');
    expect(har.log.pages![0]!.pageTimings.onLoad).toBeGreaterThan(0);
    expect(new Set(entries.map((e) => e.pageref))).toEqual(new Set(['page_1']));
  });

  it('keeps a JSON response body, redacted, with headers from the ExtraInfo events', () => {
    const [items] = byPath(entries, `/api/items?token=${encodeURIComponent(REDACTED)}&page=1`);
    expect(items).toBeDefined();
    expect(items!.response.status).toBe(200);
    expect(JSON.parse(items!.response.content.text!)).toEqual({ page: '1', items: [{ id: 1, name: 'Widget' }], access_token: REDACTED });
    expect(items!.request.queryString).toEqual([
      { name: 'token', value: REDACTED },
      { name: 'page', value: '1' },
    ]);
    const header = (name: string) => items!.request.headers.find((h) => h.name.toLowerCase() === name)?.value;
    expect(header('authorization')).toBe(REDACTED);
    // Cookie only appears in requestWillBeSentExtraInfo.
    expect(header('cookie')).toBe(REDACTED);
    expect(items!.request.cookies).toEqual([{ name: 'sid', value: REDACTED }]);
    expect(items!.response.cookies).toEqual([{ name: 'server_session', value: REDACTED, path: '/', httpOnly: true }]);
    expect(JSON.stringify(items)).not.toMatch(/secret-/);
    expect(items!.timings.wait).toBeGreaterThanOrEqual(0);
    expect(items!.time).toBeGreaterThan(0);
    expect(ext(items)._resourceType).toBe('fetch');
  });

  it('keeps the POST payload of an XHR with its secret field redacted', () => {
    const [login] = byPath(entries, '/api/login');
    expect(login!.request.method).toBe('POST');
    expect(JSON.parse(login!.request.postData!.text!)).toEqual({ user: 'ann', password: REDACTED, remember: true });
    expect(ext(login)._resourceType).toBe('xhr');
  });

  it('keeps the body of a 500', () => {
    const [fail] = byPath(entries, '/api/fail');
    expect(fail!.response.status).toBe(500);
    expect(JSON.parse(fail!.response.content.text!)).toEqual({ error: 'database unavailable', code: 'E_DB' });
  });

  it('records a redirect as its own entry followed by the target', () => {
    const [hop] = byPath(entries, '/api/redirect');
    expect(hop!.response.status).toBe(302);
    expect(hop!.response.redirectURL).toBe('/api/items?page=2');
    const [target] = byPath(entries, '/api/items?page=2');
    expect(target!.response.status).toBe(200);
    expect(Date.parse(target!.startedDateTime)).toBeGreaterThanOrEqual(Date.parse(hop!.startedDateTime));
  });

  it('records a refused connection with its error', () => {
    const [refused] = byPath(entries, '/refused');
    expect(refused!.response.status).toBe(0);
    expect(refused!.comment).toBe('failed: net::ERR_CONNECTION_REFUSED');
    expect(ext(refused!.response)._error).toBe('net::ERR_CONNECTION_REFUSED');
  });

  it('marks the second load of a cacheable file as served from the disk cache', () => {
    const cached = byPath(entries, '/cacheable.json');
    expect(cached.map((e) => ext(e)._fromCache)).toEqual([undefined, 'disk']);
    expect(cached[1]!.response.bodySize).toBe(0);
  });
});

it('marks responses a service worker served', () => {
  const { har } = replay(serviceWorker as Fixture);
  const [hello] = byPath(har.log.entries, '/sw/hello');
  expect(ext(hello)._fromServiceWorker).toBe(true);
  expect(JSON.parse(hello!.response.content.text!)).toEqual({ from: 'service-worker' });
  expect(harErrors(har)).toEqual([]);
});

it('leaves out bodies of URLs a user rule names, request and response alike', () => {
  const { har } = replay(scenario as Fixture, { ...options, noBodyUrls: ['/api/login', '*/api/fail'] });
  const [login] = byPath(har.log.entries, '/api/login');
  expect(login!.request.postData).toBeUndefined();
  expect(login!.response.content.text).toBeUndefined();
  expect(byPath(har.log.entries, '/api/fail')[0]!.response.content.comment).toBe('user rule');
});

it('starts a page for the document that loaded before capture attached', () => {
  const state = emptyLogState('F');
  const page = adoptCurrentPage(state, 'https://app.test/?token=abc', noExtraRules, 1_700_000_000_000);
  expect(page).toMatchObject({ id: 'page_1', url: `https://app.test/?token=${encodeURIComponent(REDACTED)}` });
  expect(adoptCurrentPage(state, 'https://app.test/', noExtraRules)).toBeNull();
  // The page adopted has no protocol clock: load events do not invent timings for it.
  expect(applyEvent(state, 'Page.loadEventFired', { timestamp: 5 }, options).pages).toEqual([]);
});

describe('hand-written sequences', () => {
  const start = (requestId: string, url: string, extra: Record<string, unknown> = {}) => ({
    requestId,
    loaderId: 'L',
    documentURL: 'https://app.test/',
    request: { url, method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, ...extra },
    timestamp: 100,
    wallTime: 1_700_000_000,
    initiator: { type: 'script' },
    type: 'Fetch',
    frameId: 'F',
  });

  it('gives a redirect hop the Set-Cookie and header size its ExtraInfo brought before the next hop', () => {
    const state = emptyLogState('F');
    applyEvent(state, 'Network.requestWillBeSent', start('r', 'https://app.test/login'), options);
    applyEvent(
      state,
      'Network.responseReceivedExtraInfo',
      {
        requestId: 'r',
        headers: { 'Set-Cookie': 'sid=abc; Path=/; HttpOnly', Location: '/home' },
        headersText: 'HTTP/1.1 302 Found\r\nSet-Cookie: sid=abc\r\n\r\n',
      },
      options,
    );
    const redirectResponse = {
      url: 'https://app.test/login',
      status: 302,
      statusText: 'Found',
      headers: { Location: '/home' },
      mimeType: 'text/html',
    };
    const { finished } = applyEvent(
      state,
      'Network.requestWillBeSent',
      { ...start('r', 'https://app.test/home'), redirectResponse, timestamp: 100.2 },
      options,
    );
    const hop = toHarEntry(finished[0]!, undefined, { rules: noExtraRules });
    expect(hop.response.status).toBe(302);
    expect(hop.response.headers).toContainEqual({ name: 'Set-Cookie', value: REDACTED });
    expect(hop.response.cookies).toEqual([{ name: 'sid', value: REDACTED, path: '/', httpOnly: true }]);
    expect(hop.response.headersSize).toBeGreaterThan(0);
    expect(hop.response.headers.filter((h) => h.name.toLowerCase() === 'location')).toHaveLength(1);
  });

  it('parks ExtraInfo that comes first already redacted: the state is saved as it is', () => {
    const state = emptyLogState('F');
    applyEvent(
      state,
      'Network.requestWillBeSentExtraInfo',
      { requestId: 'e', headers: { Referer: 'https://app.test/?session=park-s3cr3t', Cookie: 'sid=park-cookie' } },
      options,
    );
    applyEvent(
      state,
      'Network.responseReceivedExtraInfo',
      {
        requestId: 'e2',
        headers: { 'Set-Cookie': 'sid=park-set; Path=/' },
        headersText: 'HTTP/1.1 200 OK\r\nSet-Cookie: sid=park-set\r\n\r\n',
      },
      options,
    );
    expect(JSON.stringify(state)).not.toMatch(/park-s3cr3t|park-cookie|park-set/);
    applyEvent(state, 'Network.requestWillBeSent', start('e', 'https://app.test/next'), options);
    expect(state.requests['e']!.headers.Referer).toBe(`https://app.test/?session=${encodeURIComponent(REDACTED)}`);
    expect(state.requests['e']!.cookies).toEqual([{ name: 'sid', value: REDACTED }]);
  });

  it('lists each HTTP/2 request header once and keeps no secret in :path', () => {
    const state = emptyLogState('F');
    applyEvent(
      state,
      'Network.requestWillBeSent',
      start('h', 'https://app.test/api?token=opaque-1', { headers: { Accept: '*/*' } }),
      options,
    );
    applyEvent(
      state,
      'Network.requestWillBeSentExtraInfo',
      { requestId: 'h', headers: { ':authority': 'app.test', ':path': '/api?token=opaque-1', accept: '*/*', cookie: 'sid=1' } },
      options,
    );
    const headers = state.requests['h']!.headers;
    expect(Object.keys(headers).filter((k) => k.toLowerCase() === 'accept')).toHaveLength(1);
    expect(headers[':authority']).toBe('app.test');
    expect(headers[':path']).toBe(`/api?token=${encodeURIComponent(REDACTED)}`);
    expect(JSON.stringify(state)).not.toContain('opaque-1');
  });

  it('flags a body the protocol did not inline (hasPostData) for fetching', () => {
    const state = emptyLogState('F');
    applyEvent(state, 'Network.requestWillBeSent', start('1', 'https://app.test/upload', { hasPostData: true }), options);
    expect(state.requests['1']!.postDataPending).toBe(true);
  });

  it('redacts base64 bodies and keeps the encoding', () => {
    const state = emptyLogState('F');
    applyEvent(state, 'Network.requestWillBeSent', start('2', 'https://app.test/b64', { postData: 'user=a&passwd=b' }), options);
    applyEvent(
      state,
      'Network.responseReceived',
      {
        requestId: '2',
        type: 'Fetch',
        response: { url: 'https://app.test/b64', status: 200, statusText: 'OK', headers: {}, mimeType: 'application/json' },
      },
      options,
    );
    const [done] = applyEvent(
      state,
      'Network.loadingFinished',
      { requestId: '2', timestamp: 100.5, encodedDataLength: 40 },
      options,
    ).finished;
    const entry = toHarEntry(done!, { kind: 'text', text: btoa('{"secret":"s","n":1}'), base64: true }, { rules: noExtraRules });
    expect(entry.response.content.encoding).toBe('base64');
    expect(JSON.parse(atob(entry.response.content.text!))).toEqual({ secret: REDACTED, n: 1 });
    expect(entry.request.postData!.text).toBe(`user=a&passwd=${encodeURIComponent(REDACTED)}`);
    expect(entry.time).toBe(500);
    expect(harErrors(buildHar([], [entry], '1'))).toEqual([]);
  });

  it('keeps a truncated marker with the size of a body over the cap', () => {
    const state = emptyLogState('F');
    applyEvent(state, 'Network.requestWillBeSent', start('3', 'https://app.test/big'), options);
    const [done] = applyEvent(
      state,
      'Network.loadingFinished',
      { requestId: '3', timestamp: 101, encodedDataLength: 5_000_000 },
      options,
    ).finished;
    const entry = toHarEntry(done!, { kind: 'truncated', size: 5_000_000 }, { rules: noExtraRules });
    expect(entry.response.content.size).toBe(5_000_000);
    expect(ext(entry.response.content)._truncated).toEqual({ size: 5_000_000 });
  });

  it('keeps a marker for a request body over the cap', () => {
    const state = emptyLogState('F');
    applyEvent(state, 'Network.requestWillBeSent', start('6', 'https://app.test/upload', { hasPostData: true }), options);
    const [done] = applyEvent(
      state,
      'Network.loadingFinished',
      { requestId: '6', timestamp: 101, encodedDataLength: 10 },
      options,
    ).finished;
    const entry = toHarEntry({ ...done!, postDataTruncated: 3_000_000 }, undefined, { rules: noExtraRules });
    expect(entry.request.postData).toEqual({
      mimeType: 'application/x-www-form-urlencoded',
      text: '',
      comment: 'body not kept: 3000000 bytes is over the capture limit',
    });
  });

  it('records a canceled request', () => {
    const state = emptyLogState('F');
    applyEvent(state, 'Network.requestWillBeSent', start('4', 'https://app.test/slow'), options);
    const [done] = applyEvent(
      state,
      'Network.loadingFailed',
      { requestId: '4', timestamp: 100.2, type: 'Fetch', errorText: 'net::ERR_ABORTED', canceled: true },
      options,
    ).finished;
    expect(toHarEntry(done!, undefined, { rules: noExtraRules }).comment).toBe('canceled: net::ERR_ABORTED');
  });

  it('keeps a bounded, redacted list of WebSocket frames', () => {
    const state = emptyLogState('F');
    applyEvent(state, 'Network.webSocketCreated', { requestId: 'ws', url: 'wss://app.test/live?token=t' }, options);
    applyEvent(
      state,
      'Network.webSocketWillSendHandshakeRequest',
      { requestId: 'ws', timestamp: 10, wallTime: 1_700_000_000, request: { headers: { Cookie: 'a=b' } } },
      options,
    );
    applyEvent(
      state,
      'Network.webSocketHandshakeResponseReceived',
      { requestId: 'ws', timestamp: 10.1, response: { status: 101, statusText: 'Switching Protocols', headers: {} } },
      options,
    );
    for (let i = 0; i < 5; i++) {
      applyEvent(
        state,
        'Network.webSocketFrameSent',
        { requestId: 'ws', timestamp: 11 + i, response: { opcode: 1, mask: true, payloadData: `{"password":"p${i}"}` } },
        options,
      );
    }
    const [done] = applyEvent(state, 'Network.webSocketClosed', { requestId: 'ws', timestamp: 20 }, options).finished;
    const entry = toHarEntry(done!, undefined, { rules: noExtraRules }) as Entry & {
      _webSocketMessages: { data: string; time: number }[];
      _webSocketMessagesDropped: number;
    };
    expect(entry.request.url).toBe(`wss://app.test/live?token=${encodeURIComponent(REDACTED)}`);
    expect(entry._webSocketMessages).toHaveLength(3);
    expect(entry._webSocketMessagesDropped).toBe(2);
    expect(entry._webSocketMessages[0]!.data).toBe(`{"password":"${REDACTED}"}`.slice(0, 16));
    expect(entry._webSocketMessages[0]!.time).toBe(1_700_000_003);
  });

  it('redacts binary WebSocket frames that carry text', () => {
    const state = emptyLogState('F');
    const wide = { ...options, maxMessageBytes: 1000 };
    applyEvent(state, 'Network.webSocketCreated', { requestId: 'wb', url: 'wss://app.test/bin' }, wide);
    applyEvent(
      state,
      'Network.webSocketWillSendHandshakeRequest',
      { requestId: 'wb', timestamp: 10, wallTime: 1_700_000_000, request: { headers: {} } },
      wide,
    );
    applyEvent(
      state,
      'Network.webSocketFrameReceived',
      { requestId: 'wb', timestamp: 11, response: { opcode: 2, mask: false, payloadData: btoa('{"apiKey":"bin-s3cr3t","n":1}') } },
      wide,
    );
    const raw = btoa(String.fromCharCode(0xff, 0x00, 0x81, 0x7f));
    applyEvent(
      state,
      'Network.webSocketFrameReceived',
      { requestId: 'wb', timestamp: 12, response: { opcode: 2, mask: false, payloadData: raw } },
      wide,
    );
    const [done] = applyEvent(state, 'Network.webSocketClosed', { requestId: 'wb', timestamp: 20 }, wide).finished;
    const messages = (toHarEntry(done!, undefined, { rules: noExtraRules }) as Entry & { _webSocketMessages: { data: string }[] })
      ._webSocketMessages;
    expect(JSON.parse(atob(messages[0]!.data))).toEqual({ apiKey: REDACTED, n: 1 });
    expect(messages[1]!.data).toBe(raw);
  });

  it('bounds the requests that never finish and the headers of requests never seen', () => {
    const state = emptyLogState('F');
    for (let i = 0; i < 520; i++) applyEvent(state, 'Network.requestWillBeSent', start(`r${i}`, `https://app.test/poll/${i}`), options);
    for (let i = 0; i < 250; i++) applyEvent(state, 'Network.responseReceivedExtraInfo', { requestId: `pre${i}`, headers: {} }, options);
    expect(Object.keys(state.requests)).toHaveLength(500);
    expect(state.requests.r0).toBeUndefined();
    expect(state.requests.r519).toBeDefined();
    expect(Object.keys(state.early)).toHaveLength(200);
  });

  it('takes request headers that arrive before their request', () => {
    const state = emptyLogState('F');
    applyEvent(state, 'Network.requestWillBeSentExtraInfo', { requestId: '5', headers: { Cookie: 'sid=1; theme=dark' } }, options);
    applyEvent(state, 'Network.requestWillBeSent', start('5', 'https://app.test/x'), options);
    expect(state.requests['5']!.cookies).toEqual([
      { name: 'sid', value: REDACTED },
      { name: 'theme', value: REDACTED },
    ]);
    expect(state.requests['5']!.headers.Cookie).toBe(REDACTED);
  });

  it('takes request headers that arrive only after their request finished, before it is stored', () => {
    const state = emptyLogState('F');
    applyEvent(state, 'Network.requestWillBeSent', start('6', 'https://app.test/late'), options);
    const finished = applyEvent(
      state,
      'Network.loadingFinished',
      { requestId: '6', timestamp: 2, encodedDataLength: 10 },
      options,
    ).finished;
    expect(finished).toHaveLength(1);
    const req = finished[0]!;
    expect(req.requestExtraSeen).toBeUndefined();
    applyEvent(state, 'Network.requestWillBeSentExtraInfo', { requestId: '6', headers: { Cookie: 'sid=late' } }, options);
    applyLateExtra(state, req);
    expect(req.cookies).toEqual([{ name: 'sid', value: REDACTED }]);
    expect(req.headers.Cookie).toBe(REDACTED);
    expect(req.requestExtraSeen).toBe(true);
    expect(state.early['6']).toBeUndefined();
    // Headers that came in time mark the request as complete.
    applyEvent(state, 'Network.requestWillBeSent', start('7', 'https://app.test/on-time'), options);
    applyEvent(state, 'Network.requestWillBeSentExtraInfo', { requestId: '7', headers: { Cookie: 'sid=1' } }, options);
    expect(state.requests['7']!.requestExtraSeen).toBe(true);
  });
});

it('reports what makes a HAR invalid', () => {
  expect(harErrors({ log: { version: '1.2', entries: [] } }).length).toBeGreaterThan(0);
});

it('leaves nothing for the last pass of a report to find in a captured HAR (its rules change nothing twice)', () => {
  for (const fixture of [scenario, serviceWorker] as Fixture[]) {
    const { har } = replay(fixture, { ...options, maxMessageBytes: 16 * 1024 });
    const before = JSON.stringify(har);
    const tally = { removed: 0 };
    passTree(har, noExtraRules, tally);
    expect(JSON.stringify(har)).toBe(before);
    expect(tally.removed).toBe(0);
  }
});
