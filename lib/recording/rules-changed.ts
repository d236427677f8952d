/**
 * When the tester last changed the redaction rules: recorded events are redacted as they are stored,
 * with the rules of that moment, so a report reads its recording again with the rules of now only when
 * they changed since its oldest event could have been stored.
 */
import { storage } from 'wxt/utils/storage';
import { getCaptureSettings } from '../settings/capture';
import { redactionSettings } from '../settings/redaction';
import { STOPPED_REPRO_KEPT_MS } from './capture-db';

/** Epoch ms of the last change of the redaction settings this browser session (0: none). */
export const redactionChangedAt = storage.defineItem<number>('session:redaction.changedAt', { fallback: 0 });

/** Notes every change of the redaction settings, whoever makes it (options page, settings import). */
export function watchRedactionChanges(): () => void {
  return redactionSettings.watch(() => void redactionChangedAt.setValue(Date.now()));
}

/** True when a recording kept now may hold events stored under older rules than the tester's current ones. */
export async function rulesChangedSinceRecording(now = Date.now()): Promise<boolean> {
  const changedAt = await redactionChangedAt.getValue();
  if (!changedAt) return false;
  const settings = await getCaptureSettings();
  // The oldest event kept: a rolling window's, or a repro's, up to its cap and the time a stopped one stays.
  return now - changedAt < Math.max(settings.windowMs, settings.reproCapMs) + STOPPED_REPRO_KEPT_MS;
}
