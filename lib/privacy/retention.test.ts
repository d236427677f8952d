import { IDBFactory } from 'fake-indexeddb';
import { afterEach, beforeEach, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { closeDraftsDb, listDrafts, saveDraft, type Draft } from '../report/drafts';
import { retentionSettings } from '../settings/retention';
import { RETENTION_ALARM, scheduleRetentionSweep, sweepExpiredDrafts } from './retention';

const DAY = 24 * 60 * 60 * 1000;
const START = Date.parse('2026-03-01T09:00:00Z');

function draft(id: string, delivered = false): Draft {
  return {
    id,
    tabId: 1,
    pageUrl: 'https://shop.test/',
    createdAt: Date.now(),
    updatedAt: Date.now(),
    form: { title: id, description: '', steps: [], expected: '', actual: '', severity: 'minor', labels: [] },
    include: { replay: true, console: true, network: true, screenshot: true },
    deliveries: delivered ? [{ tracker: 'github', connectionId: 'c', status: 'complete', url: 'u', at: Date.now() }] : [],
  };
}

beforeEach(async () => {
  fakeBrowser.reset();
  await closeDraftsDb();
  globalThis.indexedDB = new IDBFactory();
  // Only the clock is faked: fake-indexeddb schedules its own work on real timers.
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(START);
});

afterEach(() => vi.useRealTimers());

it('deletes drafts and sent reports older than the retention, keeps the rest', async () => {
  await saveDraft(draft('sent-long-ago', true));
  vi.setSystemTime(START + 2 * DAY);
  await saveDraft(draft('draft-recent'));
  vi.setSystemTime(START + 7 * DAY + 1);

  expect(await sweepExpiredDrafts(7)).toEqual(['sent-long-ago']);
  expect((await listDrafts()).map((d) => d.id)).toEqual(['draft-recent']);

  vi.setSystemTime(START + 9 * DAY + 1);
  expect(await sweepExpiredDrafts(7)).toEqual(['draft-recent']);
  expect(await listDrafts()).toEqual([]);
});

it('keeps a draft exactly at the limit', async () => {
  await saveDraft(draft('edge'));
  vi.setSystemTime(START + 7 * DAY);
  expect(await sweepExpiredDrafts(7)).toEqual([]);
});

it('schedules one periodic alarm that sweeps with the tester’s setting', async () => {
  await retentionSettings.setValue({ days: 2 });
  await saveDraft(draft('old'));
  await scheduleRetentionSweep();
  await scheduleRetentionSweep();
  const alarms = await fakeBrowser.alarms.getAll();
  expect(alarms.map((a) => [a.name, a.periodInMinutes])).toEqual([[RETENTION_ALARM, 60]]);

  vi.setSystemTime(START + 2 * DAY + 1);
  await fakeBrowser.alarms.onAlarm.trigger({
    name: RETENTION_ALARM,
    scheduledTime: Date.now(),
    periodInMinutes: 60,
    persistAcrossSessions: true,
  });
  await vi.waitFor(async () => expect(await listDrafts()).toEqual([]));
});
