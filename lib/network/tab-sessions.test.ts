import { beforeEach, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { emptyLogState } from './log-state';
import { inflightStates } from './session';
import { TabSessions } from './tab-sessions';
import { WorkQueue } from './work-queue';

beforeEach(() => fakeBrowser.reset());

const request = (requestId: string) => ({
  requestId,
  hop: 0,
  url: 'https://a.test/',
  method: 'GET',
  headers: {},
  cookies: [],
  noBody: false,
  wallTimeMs: 1,
  timestamp: 1,
  dataLength: 0,
  encodedDataLength: 0,
});

it('saves the in-flight logs shortly after a change, and a new worker picks them up', async () => {
  const queue = new WorkQueue();
  const sessions = new TabSessions((p) => queue.track(p), 5);
  const log = await sessions.get(3);
  log.requests.r1 = request('r1');
  sessions.changed();
  sessions.changed();
  await new Promise((r) => setTimeout(r, 20));
  await queue.idle();
  expect(Object.keys((await inflightStates.getValue())['3']!.requests)).toEqual(['r1']);

  const restarted = new TabSessions((p) => p);
  expect(restarted.has(3)).toBe(false);
  expect(Object.keys((await restarted.get(3)).requests)).toEqual(['r1']);
  expect(restarted.has(3)).toBe(true);
});

it('drops a tab from the next save, and flush() saves at once', async () => {
  const sessions = new TabSessions((p) => p, 60_000);
  (await sessions.get(1)).requests.a = request('a');
  (await sessions.get(2)).requests.b = request('b');
  sessions.changed();
  await sessions.flush();
  sessions.drop(1);
  await sessions.flush();
  expect(Object.keys(await inflightStates.getValue())).toEqual(['2']);
});

it('forgets every request in flight, and cancels the save that would write them back', async () => {
  await inflightStates.setValue({ '4': emptyLogState() });
  const sessions = new TabSessions((p) => p, 60_000);
  (await sessions.get(4)).requests.x = request('x');
  sessions.changed();
  sessions.forgetInFlight();
  await sessions.flush();
  expect(sessions.peek(4)!.requests).toEqual({});
  // The scheduled save was cancelled, and a later one writes the emptied log.
  sessions.changed();
  await sessions.flush();
  expect(JSON.stringify(await inflightStates.getValue())).not.toContain('"x"');
});
