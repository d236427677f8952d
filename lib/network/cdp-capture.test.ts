import { beforeEach, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { setRecordingTab } from '../recording/recording-tabs';
import { DATABASES } from '../storage/databases';
import { CaptureConfig } from './capture-config';
import { cdpCapture, describeDetach, LATE_EXTRA_WAIT_MS } from './cdp-capture';
import { EntryWriter } from './entry-writer';
import scenario from './fixtures/scenario.json';
import { closeNetworkDb, readGaps, readHar } from './store';
import { TabSessions } from './tab-sessions';
import { TabStates } from './tab-states';
import { FakeCdp } from './testing';
import { WorkQueue } from './work-queue';

const TAB = 4;

function setup() {
  const cdp = new FakeCdp();
  const queue = new WorkQueue();
  const sessions = new TabSessions((p) => queue.track(p));
  const states = new TabStates();
  const source = cdpCapture(cdp)({ queue, sessions, states, writer: new EntryWriter(async () => 25_000_000), config: new CaptureConfig() });
  return { cdp, queue, sessions, states, source };
}

beforeEach(async () => {
  fakeBrowser.reset();
  await closeNetworkDb();
  indexedDB.deleteDatabase(DATABASES.network);
  vi.spyOn(fakeBrowser.runtime, 'getManifest').mockReturnValue({ manifest_version: 3, name: 'Repro', version: '0.1.0' });
  await setRecordingTab(TAB, { url: 'http://127.0.0.1:8000/network/index.html', mode: 'rolling', since: Date.now() });
});

it('attaches, enables the Network and Page domains and marks the tab attached and live', async () => {
  const { cdp, source, states } = setup();
  await source.attach(TAB);
  expect(cdp.commands.map((c) => c.method)).toEqual(['Network.enable', 'Page.enable', 'Page.getFrameTree']);
  expect(await states.get(TAB)).toMatchObject({ attached: true, fallback: false });
  expect(source.live(TAB)).toBe(true);
  await source.detach(TAB);
  expect(source.live(TAB)).toBe(false);
  expect(cdp.attached.has(TAB)).toBe(false);
  source.stop();
});

it('stores every finished request of the recorded events with its body', async () => {
  const { cdp, source, queue, sessions } = setup();
  await source.attach(TAB);
  cdp.emit(TAB, scenario.events);
  await queue.idle();
  await sessions.flush();
  const har = await readHar(TAB);
  const items = har.log.entries.find((e) => e.request.url.includes('page=1'))!;
  expect(JSON.parse(items.response.content.text!).items).toEqual([{ id: 1, name: 'Widget' }]);
  expect(har.log.entries.find((e) => e.request.url.endsWith('/refused'))!.response.content.comment).toMatch(/request failed/);
  source.stop();
});

/** The stored entry of request 16430.5 (`page=1`), whose `method` event came only after it finished, queued behind slower work. */
async function entryWithLate(method: string) {
  const { cdp, source, queue, sessions } = setup();
  await source.attach(TAB);
  const isLate = (e: { method: string; params: { requestId?: string } }) => e.method === method && e.params.requestId === '16430.5';
  cdp.emit(
    TAB,
    scenario.events.filter((e) => !isLate(e)),
  );
  // The tab's queue is busy past the wait for late headers when they arrive.
  void queue.enqueue(TAB, () => new Promise((resolve) => setTimeout(resolve, LATE_EXTRA_WAIT_MS + 200)));
  cdp.emit(TAB, scenario.events.filter(isLate));
  await queue.idle();
  await sessions.flush();
  const har = await readHar(TAB);
  source.stop();
  return har.log.entries.find((e) => e.request.url.includes('page=1'))!;
}

it("keeps a request's Cookie header that came after it finished, still queued behind slower work", async () => {
  const entry = await entryWithLate('Network.requestWillBeSentExtraInfo');
  expect(entry.request.headers.find((h) => h.name.toLowerCase() === 'cookie')?.value).toBe('[redacted]');
  expect(JSON.stringify(entry)).not.toContain('cookie-secret-123');
});

it("keeps a response's Set-Cookie header that came after it finished, still queued behind slower work", async () => {
  const entry = await entryWithLate('Network.responseReceivedExtraInfo');
  expect(entry.response.headers.find((h) => h.name.toLowerCase() === 'set-cookie')?.value).toBe('[redacted]');
});

it('turns a dismissed debugging bar into a gap and a listing without bodies', async () => {
  const { cdp, source, queue, states } = setup();
  await source.attach(TAB);
  cdp.userClosesBar(TAB);
  await queue.idle();
  expect(await states.get(TAB)).toMatchObject({ attached: false, userDetached: true, fallback: true, detachReason: 'canceled_by_user' });
  expect((await readGaps(TAB))[0]!.reason).toBe(describeDetach('canceled_by_user'));
  expect(states.isFallback(TAB)).toBe(true);
  source.stop();
});
