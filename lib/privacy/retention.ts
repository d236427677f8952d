/**
 * Retention: drafts and the sent-report history (delivered drafts) expire after the number of days
 * set in the retention settings. A periodic alarm sweeps them, because a service worker cannot keep a
 * timer alive. Rolling buffers are not swept here: their owners bound them and they die with the tab.
 */
import { browser } from 'wxt/browser';
import { deleteDraft, listDrafts } from '../report/drafts';
import { getRetentionSettings } from '../settings/retention';

export const RETENTION_ALARM = 'repro-retention-sweep';
/** How often the sweep runs; an hour is fine-grained enough for a retention counted in days. */
export const SWEEP_PERIOD_MINUTES = 60;
const DAY_MS = 24 * 60 * 60 * 1000;

/** Deletes every draft last touched more than `days` days before `now`; returns the deleted ids. */
export async function sweepExpiredDrafts(days: number, now = Date.now()): Promise<string[]> {
  const cutoff = now - days * DAY_MS;
  const expired = (await listDrafts()).filter((draft) => draft.updatedAt < cutoff).map((draft) => draft.id);
  for (const id of expired) await deleteDraft(id);
  return expired;
}

/** Runs the sweep with the tester's retention setting. */
export async function sweepNow(): Promise<string[]> {
  return sweepExpiredDrafts((await getRetentionSettings()).days);
}

/** Schedules the periodic sweep (idempotent) and runs it when the alarm fires. */
export async function scheduleRetentionSweep(): Promise<void> {
  browser.alarms.onAlarm.addListener((alarm) => {
    if (alarm.name === RETENTION_ALARM) void sweepNow().catch((error) => console.warn('Repro: retention sweep failed', error));
  });
  if (!(await browser.alarms.get(RETENTION_ALARM))) {
    await browser.alarms.create(RETENTION_ALARM, { delayInMinutes: 1, periodInMinutes: SWEEP_PERIOD_MINUTES });
  }
}
