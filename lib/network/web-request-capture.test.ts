import { beforeEach, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { setRecordingTab } from '../recording/recording-tabs';
import { REDACTED } from '../redact';
import { DATABASES } from '../storage/databases';
import { networkSettings, defaultNetworkSettings } from '../settings/network';
import { harErrors } from './har-validate';
import { registerNetworkService, type NetworkService } from './service';
import { networkTabs } from './session';
import { closeNetworkDb, readHar } from './store';
import { FakeFilter } from './testing';
import { ESTIMATED_TIMINGS } from './web-request-details';
import { webRequestCapture, type FirefoxWebRequest } from './web-request-capture';

type AnyListener = (details: never) => unknown;

/** Firefox's webRequest as the capture sees it: the test fires its events and hands out filters. */
class FakeWebRequest {
  listeners = new Map<string, { listener: AnyListener; spec?: string[] }>();
  filters = new Map<string, FakeFilter>();
  refuseFilter: string | null = null;

  api(): FirefoxWebRequest {
    const event = (name: string) => ({
      addListener: (listener: AnyListener, _filter: unknown, spec?: string[]) => void this.listeners.set(name, { listener, spec }),
      removeListener: () => void this.listeners.delete(name),
    });
    return {
      onBeforeRequest: event('onBeforeRequest'),
      onSendHeaders: event('onSendHeaders'),
      onHeadersReceived: event('onHeadersReceived'),
      onBeforeRedirect: event('onBeforeRedirect'),
      onCompleted: event('onCompleted'),
      onErrorOccurred: event('onErrorOccurred'),
      filterResponseData: (requestId: string) => {
        if (this.refuseFilter) throw new Error(this.refuseFilter);
        const filter = new FakeFilter();
        this.filters.set(requestId, filter);
        return filter;
      },
    } as unknown as FirefoxWebRequest;
  }
  fire(name: string, details: object): unknown {
    return this.listeners.get(name)?.listener(details as never);
  }
}

const TAB = 9;
const ORIGIN = 'http://127.0.0.1:8000';
let web: FakeWebRequest;
let service: NetworkService | null = null;
let clock = Date.now();

beforeEach(async () => {
  fakeBrowser.reset();
  await closeNetworkDb();
  indexedDB.deleteDatabase(DATABASES.network);
  vi.spyOn(fakeBrowser.runtime, 'getManifest').mockReturnValue({ manifest_version: 3, name: 'Repro', version: '0.1.0' });
  web = new FakeWebRequest();
  clock = Date.now();
  service?.stop();
  service = null;
});

async function capturing(tabId = TAB): Promise<void> {
  await fakeBrowser.tabs.create({ url: `${ORIGIN}/shop/` });
  service = registerNetworkService(
    webRequestCapture(() => web.api()),
    () => () => undefined,
  );
  await setRecordingTab(tabId, { url: `${ORIGIN}/shop/`, mode: 'rolling', since: clock - 1_000 });
  for (let i = 0; i < 100 && !(await networkTabs.getValue())[tabId]?.attached; i++) await new Promise((r) => setTimeout(r, 5));
  await service.idle();
}

/** One request as Firefox reports it, from its start to its end; `body` passes through the filter. */
function request(
  id: string,
  opts: {
    url?: string;
    method?: string;
    type?: string;
    requestHeaders?: object[];
    requestBody?: object;
    status?: number;
    responseHeaders?: object[];
    body?: string[];
    tabId?: number;
    end?: 'onCompleted' | 'onErrorOccurred';
  },
) {
  const base = {
    requestId: id,
    tabId: opts.tabId ?? TAB,
    frameId: 0,
    url: opts.url ?? `${ORIGIN}/api/${id}`,
    method: opts.method ?? 'GET',
    type: opts.type ?? 'xmlhttprequest',
  };
  web.fire('onBeforeRequest', { ...base, timeStamp: clock, requestBody: opts.requestBody });
  web.fire('onSendHeaders', { ...base, timeStamp: clock + 5, requestHeaders: opts.requestHeaders ?? [] });
  if (opts.end === 'onErrorOccurred') {
    web.fire('onErrorOccurred', { ...base, timeStamp: clock + 30, error: 'NS_ERROR_CONNECTION_REFUSED' });
    return;
  }
  const response = {
    ...base,
    statusCode: opts.status ?? 200,
    statusLine: `HTTP/1.1 ${opts.status ?? 200} OK`,
    responseHeaders: opts.responseHeaders ?? [{ name: 'Content-Type', value: 'application/json' }],
    ip: '127.0.0.1',
  };
  web.fire('onHeadersReceived', { ...response, timeStamp: clock + 20 });
  const filter = web.filters.get(id);
  for (const chunk of opts.body ?? []) filter?.receive([...new TextEncoder().encode(chunk)]);
  filter?.stop();
  web.fire('onCompleted', { ...response, timeStamp: clock + 50 });
}

const entryOf = async (path: string) => (await readHar(TAB)).log.entries.find((e) => new URL(e.request.url).pathname === path);

it('stores a request with its redacted headers, body and estimated timings, and the page it belongs to', async () => {
  await capturing();
  request('nav', {
    url: `${ORIGIN}/shop/next`,
    type: 'main_frame',
    responseHeaders: [{ name: 'Content-Type', value: 'text/html; charset=utf-8' }],
    body: ['<p>hi</p>'],
  });
  request('1', {
    url: `${ORIGIN}/api/items?token=t1&page=2`,
    requestHeaders: [
      { name: 'Authorization', value: 'Bearer abcdefgh12345678' },
      { name: 'Cookie', value: 'sid=s1; theme=dark' },
    ],
    responseHeaders: [
      { name: 'Content-Type', value: 'application/json' },
      { name: 'Set-Cookie', value: 'sid=s2; Path=/; HttpOnly' },
      { name: 'Set-Cookie', value: 'b=2' },
    ],
    body: ['{"items":[1],', '"access_token":"tok-secret"}'],
  });
  await service!.idle();
  const har = await readHar(TAB);
  expect(harErrors(har)).toEqual([]);
  const items = har.log.entries.find((e) => e.request.url.includes('/api/items'))!;
  expect(items.request.url).toBe(`${ORIGIN}/api/items?token=${encodeURIComponent(REDACTED)}&page=2`);
  expect(items.request.headers).toEqual([
    { name: 'Authorization', value: REDACTED },
    { name: 'Cookie', value: REDACTED },
  ]);
  expect(items.request.cookies).toEqual([
    { name: 'sid', value: REDACTED },
    { name: 'theme', value: REDACTED },
  ]);
  expect(items.response.cookies).toEqual([
    { name: 'sid', value: REDACTED, path: '/', httpOnly: true },
    { name: 'b', value: REDACTED },
  ]);
  expect(JSON.parse(items.response.content.text!)).toEqual({ items: [1], access_token: REDACTED });
  expect(items.response.content.size).toBe(41);
  expect(items.timings).toEqual({ blocked: 5, dns: -1, connect: -1, ssl: -1, send: 0, wait: 15, receive: 30, comment: ESTIMATED_TIMINGS });
  expect(items.time).toBe(50);
  expect(items.serverIPAddress).toBe('127.0.0.1');
  expect(JSON.stringify(har)).not.toMatch(/tok-secret|s1|s2|abcdefgh/);
  // The navigation started a page; the request after it points at it.
  const page = har.log.pages!.find((p) => p.title === `${ORIGIN}/shop/next`)!;
  expect(items.pageref).toBe(page.id);
  expect((await entryOf('/shop/next'))!.response.content.text).toBe('<p>hi</p>');
});

it('keeps request bodies from raw bytes and from form fields, redacted by their type', async () => {
  await capturing();
  const json = new TextEncoder().encode('{"user":"ann","password":"pw-secret"}').buffer;
  request('raw', {
    method: 'POST',
    requestBody: { raw: [{ bytes: json }] },
    requestHeaders: [{ name: 'Content-Type', value: 'application/json' }],
    body: ['{}'],
  });
  request('form', {
    method: 'POST',
    requestBody: { formData: { user: ['ann'], passwd: ['pw2-secret'] } },
    requestHeaders: [{ name: 'Content-Type', value: 'application/x-www-form-urlencoded' }],
    body: ['ok'],
  });
  await service!.idle();
  expect(JSON.parse((await entryOf('/api/raw'))!.request.postData!.text!)).toEqual({ user: 'ann', password: REDACTED });
  expect((await entryOf('/api/form'))!.request.postData!.text).toBe(`user=ann&passwd=${encodeURIComponent(REDACTED)}`);
});

it('redacts the fields of a multipart form, which Firefox hands over already parsed', async () => {
  await capturing();
  const contentType = 'multipart/form-data; boundary=----x';
  request('multi', {
    method: 'POST',
    requestBody: { formData: { user: ['ann'], password: ['mp-secret'] } },
    requestHeaders: [{ name: 'Content-Type', value: contentType }],
    body: ['ok'],
  });
  await service!.idle();
  const entry = (await entryOf('/api/multi'))!;
  expect(entry.request.postData).toEqual({
    mimeType: 'application/x-www-form-urlencoded',
    text: `user=ann&password=${encodeURIComponent(REDACTED)}`,
  });
  expect(JSON.stringify(entry)).not.toContain('mp-secret');
});

it('records a redirect as its own entry, then the target with its body', async () => {
  await capturing();
  const base = { requestId: 'r', tabId: TAB, frameId: 0, method: 'GET', type: 'xmlhttprequest' };
  web.fire('onBeforeRequest', { ...base, url: `${ORIGIN}/old`, timeStamp: clock });
  web.fire('onSendHeaders', { ...base, url: `${ORIGIN}/old`, timeStamp: clock + 1, requestHeaders: [] });
  const moved = {
    ...base,
    url: `${ORIGIN}/old`,
    statusCode: 302,
    statusLine: 'HTTP/1.1 302 Found',
    responseHeaders: [{ name: 'Location', value: '/new' }],
  };
  web.fire('onHeadersReceived', { ...moved, timeStamp: clock + 2 });
  expect(web.filters.has('r')).toBe(false);
  web.fire('onBeforeRedirect', { ...moved, redirectUrl: `${ORIGIN}/new`, timeStamp: clock + 3 });
  request('r', { url: `${ORIGIN}/new`, body: ['{"moved":true}'] });
  await service!.idle();
  expect((await entryOf('/old'))!.response).toMatchObject({ status: 302, redirectURL: '/new' });
  expect(JSON.parse((await entryOf('/new'))!.response.content.text!)).toEqual({ moved: true });
});

it('copies no more than the cap, and filters no binary response at all', async () => {
  await networkSettings.setValue({ ...defaultNetworkSettings, maxBodyBytes: 1024 });
  await capturing();
  request('big', {
    responseHeaders: [{ name: 'Content-Type', value: 'text/csv' }],
    body: ['a'.repeat(1000), 'b'.repeat(1000), 'c'.repeat(1000)],
  });
  request('img', { type: 'image', responseHeaders: [{ name: 'Content-Type', value: 'image/png' }] });
  await service!.idle();
  const filter = web.filters.get('big')!;
  expect(filter.ended).toBe('closed');
  expect(filter.page).toHaveLength(3000);
  expect((await entryOf('/api/big'))!.response.content.comment).toBe('body not kept: 2000 bytes is over the capture limit');
  expect(web.filters.has('img')).toBe(false);
  // Over the cap by its Content-Length: no filter at all, the size kept.
  request('long', {
    responseHeaders: [
      { name: 'Content-Type', value: 'text/plain' },
      { name: 'Content-Length', value: '5000' },
    ],
  });
  await service!.idle();
  expect(web.filters.has('long')).toBe(false);
  expect((await entryOf('/api/long'))!.response.content.comment).toBe('body not kept: 5000 bytes is over the capture limit');
  expect((await entryOf('/api/img'))!.response.content.comment).toBe('binary body not captured');
});

it('stores a failed request with its error, and a body Firefox would not filter with the reason', async () => {
  await capturing();
  request('down', { end: 'onErrorOccurred' });
  web.refuseFilter = 'Invalid request ID';
  request('nofilter', { body: [] });
  await service!.idle();
  expect((await entryOf('/api/down'))!.comment).toBe('failed: NS_ERROR_CONNECTION_REFUSED');
  expect((await entryOf('/api/nofilter'))!.response.content.comment).toBe('body not captured: Invalid request ID');
});

it('leaves the requests of tabs it does not capture alone', async () => {
  await capturing();
  request('other', { tabId: 77, body: ['x'] });
  request('bg', { tabId: -1, body: ['x'] });
  await service!.idle();
  expect(web.filters.size).toBe(0);
  expect((await readHar(77)).log.entries).toEqual([]);
});

it('woken by a response, decides once the stored tab states are read, and captures it', async () => {
  await networkTabs.setValue({ [TAB]: { attached: true, detachReason: null, userDetached: false } });
  await setRecordingTab(TAB, { url: `${ORIGIN}/shop/`, mode: 'rolling', since: clock - 1_000 });
  service = registerNetworkService(
    webRequestCapture(() => web.api()),
    () => () => undefined,
  );
  const base = { requestId: 'w', tabId: TAB, frameId: 0, url: `${ORIGIN}/api/wake`, method: 'GET', type: 'xmlhttprequest' };
  web.fire('onBeforeRequest', { ...base, timeStamp: clock });
  const answer = web.fire('onHeadersReceived', {
    ...base,
    statusCode: 200,
    statusLine: 'HTTP/1.1 200 OK',
    responseHeaders: [{ name: 'Content-Type', value: 'text/plain' }],
    timeStamp: clock + 1,
  });
  expect(answer).toBeInstanceOf(Promise);
  expect(await answer).toEqual({});
  web.filters.get('w')!.receive([...new TextEncoder().encode('awake')]);
  web.filters.get('w')!.stop();
  web.fire('onCompleted', {
    ...base,
    statusCode: 200,
    statusLine: 'HTTP/1.1 200 OK',
    responseHeaders: [{ name: 'Content-Type', value: 'text/plain' }],
    timeStamp: clock + 2,
  });
  await service.idle();
  expect((await entryOf('/api/wake'))!.response.content.text).toBe('awake');
});
