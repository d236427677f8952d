import { beforeEach, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { getRetentionSettings } from '../settings/retention';

import { answerSends } from '../messaging/testing';
import { DataControl } from './data-control.svelte';

const send = vi.fn();

beforeEach(() => {
  fakeBrowser.reset();
  send.mockReset();
  answerSends(send);
});

it('saves a valid retention and refuses an invalid one with a clear message', async () => {
  const data = new DataControl();
  await data.setRetentionDays(14);
  expect((await getRetentionSettings()).days).toBe(14);
  await data.setRetentionDays(0);
  expect(data.errors).toEqual(['Keep reports for a whole number of days from 1 to 365.']);
  expect((await getRetentionSettings()).days).toBe(14);
});

it('reports what delete all kept, and a database still in use', async () => {
  const data = new DataControl();
  send.mockResolvedValueOnce({ databases: ['repro-capture'], blocked: [], local: [], session: [], caches: [] });
  await data.deleteAll({ settings: false, credentials: true });
  expect(send).toHaveBeenCalledWith('privacy:delete-all', { settings: false, credentials: true });
  expect(data.notice).toBe('All Repro data deleted (settings kept).');
  send.mockResolvedValueOnce({ databases: [], blocked: ['repro-reports'], local: [], session: [], caches: [] });
  await data.deleteAll({ settings: true, credentials: true });
  expect(data.notice).toMatch(/except repro-reports: another Repro page still has it open/);
});

it('lists every import error, and says when the worker cannot be reached', async () => {
  const data = new DataControl();
  send.mockResolvedValueOnce({ ok: false, errors: ['capture.windowMs must be between 30 s and 15 min.'] });
  await data.importSettings('{}');
  expect(data.errors).toEqual(['capture.windowMs must be between 30 s and 15 min.']);
  send.mockRejectedValueOnce(new Error('Receiving end does not exist.'));
  expect(await data.exportSettings()).toBeNull();
  expect(data.errors).toEqual(['Could not reach the Repro worker: Receiving end does not exist.']);
  expect(data.busy).toBe(false);
});
