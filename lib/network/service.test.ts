import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { deleteAllData } from '../privacy/delete-all';
import { deliver, senders } from '../messaging/testing';
import { setRecordingTab } from '../recording/recording-tabs';
import { networkSettings, defaultNetworkSettings } from '../settings/network';
import { redactionSettings } from '../settings/redaction';
import { DATABASES } from '../storage/databases';
import scenario from './fixtures/scenario.json';
import { FakeCdp, firstWallTime } from './testing';
import { harErrors } from './har-validate';
import { cdpCapture } from './cdp-capture';
import { registerNetworkService, type NetworkService } from './service';
import { closeNetworkDb, readGaps, readHar } from './store';
import type { NetworkStatus } from './status';
import { REDACTED } from '../redact';
import type { WebRequestRecord } from './web-request-fallback';

/** A stand-in for `webRequest`: the test hands it finished requests. */
class FakeWebRequests {
  active: ((tabId: number) => boolean) | null = null;
  deliver: ((record: WebRequestRecord) => void) | null = null;
  listen = (active: (tabId: number) => boolean, onRecord: (record: WebRequestRecord) => void) => {
    this.active = active;
    this.deliver = onRecord;
    return () => undefined;
  };
  /** Delivers a request the way the listener would: only for tabs in fallback. */
  finish(record: WebRequestRecord) {
    if (this.active?.(record.tabId)) this.deliver?.(record);
  }
}

const TAB = 7;
const URL_ = 'http://127.0.0.1:8000/network/index.html';
let cdp: FakeCdp;
let web: FakeWebRequests;
let service: NetworkService | null = null;

async function until(check: () => boolean | Promise<boolean>): Promise<void> {
  for (let i = 0; i < 200; i++) {
    if (await check()) return;
    await service?.idle();
    await new Promise((r) => setTimeout(r, 5));
  }
  throw new Error('condition not reached');
}

beforeEach(async () => {
  fakeBrowser.reset();
  await closeNetworkDb();
  indexedDB.deleteDatabase(DATABASES.network);
  cdp = new FakeCdp();
  web = new FakeWebRequests();
  vi.spyOn(fakeBrowser.runtime, 'getManifest').mockReturnValue({ manifest_version: 3, name: 'Repro', version: '0.1.0' });
});
afterEach(() => {
  service?.stop();
  service = null;
});

async function startRecording(): Promise<void> {
  service = registerNetworkService(cdpCapture(cdp), web.listen);
  await setRecordingTab(TAB, { url: URL_, mode: 'rolling', since: Date.now() });
  await until(() => cdp.attached.has(TAB));
}

describe('network capture of a recording tab', () => {
  it('attaches with large buffers and stores redacted entries as requests finish', async () => {
    await startRecording();
    const enable = cdp.commands.find((c) => c.method === 'Network.enable');
    expect(enable?.params).toMatchObject({ maxTotalBufferSize: 200 * 1024 * 1024, maxResourceBufferSize: 50 * 1024 * 1024 });

    cdp.emit(TAB, scenario.events);
    await service!.idle();
    const har = await readHar(TAB);
    expect(harErrors(har)).toEqual([]);
    const urls = har.log.entries.map((e) => new URL(e.request.url).pathname);
    expect(urls).toEqual(
      expect.arrayContaining([
        '/network/index.html',
        '/api/items',
        '/api/login',
        '/api/fail',
        '/api/redirect',
        '/refused',
        '/cacheable.json',
      ]),
    );
    expect(har.log.pages).toHaveLength(1);
    const items = har.log.entries.find((e) => e.request.url.includes('page=1'))!;
    expect(JSON.parse(items.response.content.text!).access_token).toBe(REDACTED);
    // The page's own script holds the secrets as source text; everything it sent or received must not.
    const traffic = har.log.entries.filter((e) => !e.request.url.endsWith('/app.js'));
    expect(JSON.stringify(traffic)).not.toMatch(/secret-\d/);
    // Bodies were fetched eagerly, when each request finished.
    expect(cdp.commands.filter((c) => c.method === 'Network.getResponseBody').length).toBeGreaterThan(3);
  });

  it('stores what finished, bodies and all, before answering a flush, so a report read then has it', async () => {
    await startRecording();
    cdp.emit(TAB, scenario.events);
    // No waiting on the service here: the reporter only has the message.
    expect(await deliver('network:flush', { tabId: TAB }, senders.popup())).toEqual({ settled: true });
    const har = await readHar(TAB);
    const failed = har.log.entries.find((e) => e.request.url.endsWith('/api/fail'))!;
    expect(failed.response.status).toBe(500);
    expect(failed.response.content.text).toBeTruthy();
    expect(failed.response.content.comment ?? '').not.toMatch(/still open/);
  });

  it('loses no finished request and no in-flight request across a worker restart', async () => {
    await startRecording();
    const half = scenario.events.findIndex(
      (e) => e.method === 'Network.requestWillBeSent' && JSON.stringify(e.params).includes('/api/fail'),
    );
    // The first half, plus the start of /api/fail, before the worker dies.
    cdp.emit(TAB, scenario.events.slice(0, half + 1));
    await service!.idle();
    service!.stop();

    // A new worker: fresh memory, same storage; the debugger session is still ours.
    service = registerNetworkService(cdpCapture(cdp), web.listen);
    await service.reconcile();
    cdp.emit(TAB, scenario.events.slice(half + 1));
    await service.idle();
    const har = await readHar(TAB);
    const paths = har.log.entries.map((e) => new URL(e.request.url).pathname);
    expect(paths).toContain('/api/items');
    expect(paths).toContain('/api/fail');
    expect(har.log.entries.find((e) => e.request.url.endsWith('/api/fail'))!.response.status).toBe(500);
    expect(paths.filter((p) => p === '/network/index.html')).toHaveLength(1);
  });

  it('marks a gap when the tester closes the debugging bar and resumes on the next page load', async () => {
    await startRecording();
    cdp.userClosesBar(TAB);
    await until(async () => (await readGaps(TAB)).length === 1);
    const status = (await deliver('network:status', { tabId: TAB }, senders.popup())) as NetworkStatus;
    expect(status.attached).toBe(false);
    expect(status.gap?.reason).toMatch(/debugging bar was closed/);
    expect(cdp.attached.has(TAB)).toBe(false);

    // Meanwhile requests are listed from webRequest, without bodies.
    const request = {
      requestId: 'w1',
      tabId: TAB,
      url: 'http://127.0.0.1:8000/api/items?token=abc',
      method: 'GET',
      type: 'xmlhttprequest',
      start: Date.now(),
    };
    web.finish({
      ...request,
      end: Date.now() + 5,
      statusCode: 200,
      statusLine: 'HTTP/1.1 200 OK',
      requestHeaders: [{ name: 'Authorization', value: 'Bearer abcdefgh12345678' }],
    });
    await until(async () => (await readHar(TAB)).log.entries.length === 1);
    const [listed] = (await readHar(TAB)).log.entries;
    expect(listed!.request.url).toBe(`http://127.0.0.1:8000/api/items?token=${encodeURIComponent(REDACTED)}`);
    expect(listed!.request.headers).toEqual([{ name: 'Authorization', value: REDACTED }]);
    expect(listed!.response.content.comment).toMatch(/body not captured/);
    expect(((await deliver('network:status', { tabId: TAB }, senders.popup())) as NetworkStatus).fallback).toBe(true);

    await fakeBrowser.tabs.onUpdated.trigger(TAB, { status: 'loading' }, { id: TAB } as never);
    await until(() => cdp.attached.has(TAB));
    await until(async () => (await readGaps(TAB))[0]!.to !== null);
    // Attached again: webRequest stops listing (the debugger has the full picture).
    web.finish({ ...request, requestId: 'w2' });
    await service!.idle();
    expect((await readHar(TAB)).log.entries).toHaveLength(1);
  });

  it('records a gap, without throwing, when another debugger holds the tab', async () => {
    cdp.refuseAttach = 'Another debugger is already attached to the tab with id: 7.';
    service = registerNetworkService(cdpCapture(cdp), web.listen);
    await setRecordingTab(TAB, { url: URL_, mode: 'rolling', since: Date.now() });
    await until(async () => (await readGaps(TAB)).length === 1);
    expect((await readGaps(TAB))[0]!.reason).toMatch(/could not start/);
  });

  it('detaches when the site is switched off, and when recording stops', async () => {
    await startRecording();
    await deliver('network:set-site', { origin: 'http://127.0.0.1:8000', enabled: false }, senders.popup());
    await until(() => !cdp.attached.has(TAB));
    expect((await networkSettings.getValue()).disabledOrigins).toEqual(['http://127.0.0.1:8000']);
    const status = (await deliver('network:status', { tabId: TAB }, senders.popup())) as NetworkStatus;
    expect(status.siteEnabled).toBe(false);

    await networkSettings.setValue(defaultNetworkSettings);
    await until(() => cdp.attached.has(TAB));
    await setRecordingTab(TAB, null);
    await until(() => !cdp.attached.has(TAB));
  });

  it('lists requests from webRequest where the browser has no devtools protocol', async () => {
    service = registerNetworkService(null, web.listen);
    await setRecordingTab(TAB, { url: URL_, mode: 'rolling', since: Date.now() });
    await until(() => web.active?.(TAB) === true);
    web.finish({
      requestId: 'f1',
      tabId: TAB,
      url: 'http://127.0.0.1:8000/x',
      method: 'POST',
      type: 'fetch',
      start: Date.now(),
      end: Date.now(),
      error: 'net::ERR_FAILED',
    });
    await until(async () => (await readHar(TAB)).log.entries.length === 1);
    expect((await readHar(TAB)).log.entries[0]!.comment).toBe('failed: net::ERR_FAILED');
  });

  it('refuses the per-site switch from a content script', async () => {
    service = registerNetworkService(cdpCapture(cdp), web.listen);
    expect(await deliver('network:set-site', { origin: 'http://127.0.0.1:8000', enabled: false }, senders.contentScript())).toBeUndefined();
  });

  it('applies user rules: extra fields, and URLs whose bodies are never kept', async () => {
    await redactionSettings.setValue({ headers: [], fields: ['user'], patterns: [], noBodyUrls: ['/api/fail'] });
    await startRecording();
    cdp.emit(TAB, scenario.events);
    await service!.idle();
    const har = await readHar(TAB);
    const login = har.log.entries.find((e) => e.request.url.endsWith('/api/login'))!;
    expect(JSON.parse(login.request.postData!.text!).user).toBe(REDACTED);
    const fail = har.log.entries.find((e) => e.request.url.endsWith('/api/fail'))!;
    expect(fail.response.content.text).toBeUndefined();
  });

  it('fetches a request body the protocol did not inline, redacts it, and caps it', async () => {
    await startRecording();
    const post = (requestId: string) => [
      {
        method: 'Network.requestWillBeSent',
        params: {
          requestId,
          loaderId: 'L',
          documentURL: URL_,
          request: {
            url: `http://127.0.0.1:8000/upload/${requestId}`,
            method: 'POST',
            headers: { 'Content-Type': 'application/json' },
            hasPostData: true,
          },
          timestamp: 1,
          wallTime: firstWallTime,
          initiator: { type: 'script' },
          type: 'Fetch',
        },
      },
      { method: 'Network.loadingFinished', params: { requestId, timestamp: 1.1, encodedDataLength: 0 } },
    ];
    cdp.emit(TAB, [...post('small-post'), ...post('big-post')]);
    await service!.idle();
    const entries = (await readHar(TAB)).log.entries;
    const small = entries.find((e) => e.request.url.endsWith('small-post'))!;
    expect(JSON.parse(small.request.postData!.text!)).toEqual({ card: REDACTED, qty: 2 });
    const big = entries.find((e) => e.request.url.endsWith('big-post'))!;
    expect(big.request.postData!.comment).toMatch(/2097152 bytes is over the capture limit/);
  });

  it('Delete all data takes the requests still in flight too, so no later save writes them back', async () => {
    await startRecording();
    const half = scenario.events.findIndex(
      (e) => e.method === 'Network.requestWillBeSent' && JSON.stringify(e.params).includes('/api/fail'),
    );
    cdp.emit(TAB, scenario.events.slice(0, half + 1));
    await service!.idle();
    await until(async () => JSON.stringify(await fakeBrowser.storage.session.get(null)).includes('/api/fail'));
    await deleteAllData({ settings: false, credentials: false });
    // A later event of another request schedules a save of the in-memory state.
    cdp.emit(TAB, [{ method: 'Network.dataReceived', params: { requestId: 'none', dataLength: 1, encodedDataLength: 1 } }]);
    await service!.idle();
    await new Promise((r) => setTimeout(r, 300));
    expect(JSON.stringify(await fakeBrowser.storage.session.get(null))).not.toContain('/api/fail');
  });

  it('forgets a closed tab', async () => {
    await startRecording();
    cdp.emit(TAB, scenario.events);
    await service!.idle();
    await fakeBrowser.tabs.onRemoved.trigger(TAB, { windowId: 1, isWindowClosing: false });
    await until(async () => (await readHar(TAB)).log.entries.length === 0);
  });
});
