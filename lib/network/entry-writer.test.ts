import { beforeEach, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { setRecordingTab } from '../recording/recording-tabs';
import { noExtraRules, REDACTED } from '../redact';
import { DATABASES } from '../storage/databases';
import { EntryWriter } from './entry-writer';
import type { TrackedRequest } from './log-state';
import { closeNetworkDb, readHar } from './store';

beforeEach(async () => {
  fakeBrowser.reset();
  await closeNetworkDb();
  indexedDB.deleteDatabase(DATABASES.network);
  vi.spyOn(fakeBrowser.runtime, 'getManifest').mockReturnValue({ manifest_version: 3, name: 'Repro', version: '0.1.0' });
});

const request = (i: number, start: number): TrackedRequest => ({
  requestId: `r${i}`,
  hop: 0,
  url: `https://a.test/api/${i}?token=t${i}`,
  method: 'GET',
  headers: {},
  cookies: [],
  noBody: false,
  wallTimeMs: start,
  timestamp: 1,
  end: 1.01,
  response: { status: 200, statusText: 'OK', headers: {}, mimeType: 'application/json', cookies: [], headersSize: -1 },
  dataLength: 0,
  encodedDataLength: 0,
});

it('stores a request as a redacted HAR entry under its page', async () => {
  const now = Date.now();
  await setRecordingTab(1, { url: 'https://a.test/', mode: 'rolling', since: now });
  const writer = new EntryWriter(async () => 25_000_000);
  await writer.writePage(1, { id: 'page_1', loaderId: 'L', url: 'https://a.test/', wallTimeMs: now - 10, timestamp: 0 });
  await writer.writeRequest(1, request(1, now), { kind: 'text', text: '{"password":"p"}', base64: false }, noExtraRules, 'page_1');
  const [entry] = (await readHar(1)).log.entries;
  expect(entry!.pageref).toBe('page_1');
  expect(JSON.parse(entry!.response.content.text!)).toEqual({ password: REDACTED });
});

it('prunes a tab to its byte cap, at most once in five seconds', async () => {
  let clock = Date.now();
  await setRecordingTab(1, { url: 'https://a.test/', mode: 'rolling', since: clock });
  const writer = new EntryWriter(
    async () => 1,
    () => clock,
  );
  const body = { kind: 'text' as const, text: 'x', base64: false };
  // The first write prunes at once (everything over the 1-byte cap goes, the entry just written too).
  await writer.writeRequest(1, request(1, clock), body, noExtraRules, undefined);
  expect((await readHar(1)).log.entries).toHaveLength(0);
  await writer.writeRequest(1, request(2, clock), body, noExtraRules, undefined);
  await writer.writeRequest(1, request(3, clock), body, noExtraRules, undefined);
  expect((await readHar(1)).log.entries).toHaveLength(2);
  clock += 5_000;
  await writer.writeRequest(1, request(4, clock), body, noExtraRules, undefined);
  expect((await readHar(1)).log.entries).toHaveLength(0);
});
