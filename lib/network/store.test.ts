import type { Entry } from 'har-format';
import { beforeEach, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { setRecordingTab } from '../recording/recording-tabs';
import { DATABASES } from '../storage/databases';
import { addEntry, clearAllTabs, clearTab, closeGap, closeNetworkDb, openGap, pruneTab, putPage, readGaps, readHar } from './store';

const entry = (start: number, url: string, extra = 0): Entry => ({
  startedDateTime: new Date(start).toISOString(),
  time: 1,
  request: { method: 'GET', url, httpVersion: 'HTTP/1.1', cookies: [], headers: [], queryString: [], headersSize: -1, bodySize: 0 },
  response: {
    status: 200,
    statusText: 'OK',
    httpVersion: 'HTTP/1.1',
    cookies: [],
    headers: [],
    content: { size: extra, mimeType: 'text/plain', text: 'x'.repeat(extra) },
    redirectURL: '',
    headersSize: -1,
    bodySize: -1,
  },
  cache: {},
  timings: { send: 0, wait: 0, receive: 1 },
});
const page = (start: number, id: string) => ({ id, title: id, startedDateTime: new Date(start).toISOString(), pageTimings: {} });

const now = Date.now();

beforeEach(async () => {
  fakeBrowser.reset();
  await closeNetworkDb();
  indexedDB.deleteDatabase(DATABASES.network);
  vi.spyOn(fakeBrowser.runtime, 'getManifest').mockReturnValue({ manifest_version: 3, name: 'Repro', version: '0.1.0' });
});

it('reads the rolling window sorted by start, with the page each entry belongs to', async () => {
  await setRecordingTab(1, { url: 'https://a.test/', mode: 'rolling', since: now - 3_600_000 });
  await putPage(1, page(now - 10 * 60_000, 'page_1'));
  await putPage(1, page(now - 5_000, 'page_2'));
  await addEntry(1, entry(now - 1_000, 'https://a.test/late'));
  await addEntry(1, entry(now - 60_000, 'https://a.test/early'));
  await addEntry(1, entry(now - 5 * 60_000, 'https://a.test/outside-window'));
  await addEntry(2, entry(now - 1_000, 'https://b.test/other-tab'));
  const har = await readHar(1);
  expect(har.log.creator).toEqual({ name: 'Repro', version: '0.1.0' });
  expect(har.log.entries.map((e) => [e.request.url, e.pageref])).toEqual([
    ['https://a.test/early', 'page_1'],
    ['https://a.test/late', 'page_2'],
  ]);
  expect(har.log.pages!.map((p) => p.id)).toEqual(['page_1', 'page_2']);
});

it('keeps the whole repro in repro mode', async () => {
  await setRecordingTab(1, { url: 'https://a.test/', mode: 'repro', since: now - 20 * 60_000 });
  await addEntry(1, entry(now - 10 * 60_000, 'https://a.test/in-repro'));
  await addEntry(1, entry(now - 30 * 60_000, 'https://a.test/before-repro'));
  expect((await readHar(1)).log.entries.map((e) => e.request.url)).toEqual(['https://a.test/in-repro']);
});

it('prunes by window and then by bytes, oldest first', async () => {
  await addEntry(1, entry(now - 100_000, 'https://a.test/old'));
  await addEntry(1, entry(now - 3_000, 'https://a.test/big-1', 5_000));
  await addEntry(1, entry(now - 2_000, 'https://a.test/big-2', 5_000));
  await addEntry(1, entry(now - 1_000, 'https://a.test/big-3', 5_000));
  await pruneTab(1, now - 50_000, 12_000);
  expect((await readHar(1)).log.entries.map((e) => e.request.url)).toEqual(['https://a.test/big-2', 'https://a.test/big-3']);
});

it('opens one gap at a time, closes it, and forgets a closed tab', async () => {
  await openGap(1, 'bar closed', 10);
  await openGap(1, 'again', 20);
  expect(await readGaps(1)).toEqual([{ kind: 'network', from: 10, to: null, reason: 'bar closed' }]);
  await closeGap(1, 30);
  expect((await readGaps(1))[0]!.to).toBe(30);
  await addEntry(1, entry(now, 'https://a.test/x'));
  await clearTab(1);
  expect(await readGaps(1)).toEqual([]);
  expect((await readHar(1)).log.entries).toEqual([]);
});

it('forgets every tab at browser start', async () => {
  await setRecordingTab(2, { url: 'https://b.test/', mode: 'rolling', since: now - 1000 });
  await addEntry(1, entry(now, 'https://a.test/x'));
  await addEntry(2, entry(now, 'https://b.test/y'));
  await openGap(2, 'bar closed', now);
  await clearAllTabs();
  expect((await readHar(1)).log.entries).toEqual([]);
  expect((await readHar(2)).log.entries).toEqual([]);
  expect(await readGaps(2)).toEqual([]);
});

it('includes responses the page never read (still open in the worker), with headers and no body', async () => {
  const { inflightStates } = await import('./session');
  const { emptyLogState } = await import('./log-state');
  await setRecordingTab(1, { url: 'https://a.test/', mode: 'rolling', since: now - 60_000 });
  await addEntry(1, entry(now - 3_000, 'https://a.test/finished'));
  const state = emptyLogState('frame');
  state.requests.r1 = {
    requestId: 'r1',
    hop: 0,
    url: 'https://a.test/login',
    method: 'POST',
    headers: {},
    cookies: [],
    noBody: false,
    wallTimeMs: now - 2_000,
    timestamp: 10,
    dataLength: 0,
    encodedDataLength: 0,
    response: {
      status: 401,
      statusText: 'Unauthorized',
      headers: { 'content-type': 'application/json' },
      mimeType: 'application/json',
      cookies: [],
      headersSize: -1,
    },
  } as never;
  // Sent but not answered yet: not a response the report can show.
  state.requests.r2 = { ...(state.requests.r1 as object), requestId: 'r2', url: 'https://a.test/pending', response: undefined } as never;
  await inflightStates.setValue({ 1: state });
  const har = await readHar(1);
  expect(har.log.entries.map((e) => [e.request.url, e.response.status])).toEqual([
    ['https://a.test/finished', 200],
    ['https://a.test/login', 401],
  ]);
  expect(har.log.entries[1]!.response.content.comment).toMatch(/response still open/);
});
