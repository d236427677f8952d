/** Retention settings: how long drafts and the sent-report history are kept. Not secret; kept in storage.local. */
import * as v from 'valibot';
import { storage } from 'wxt/utils/storage';

export const MIN_RETENTION_DAYS = 1;
export const MAX_RETENTION_DAYS = 365;
export const DEFAULT_RETENTION_DAYS = 7;

export const retentionSettingsSchema = v.object({
  /** Drafts and sent reports untouched for this many days are deleted. */
  days: v.pipe(v.number(), v.integer(), v.minValue(MIN_RETENTION_DAYS), v.maxValue(MAX_RETENTION_DAYS)),
});

export type RetentionSettings = v.InferOutput<typeof retentionSettingsSchema>;

export const defaultRetentionSettings: RetentionSettings = { days: DEFAULT_RETENTION_DAYS };

export const retentionSettings = storage.defineItem<RetentionSettings>('local:settings.retention', {
  fallback: defaultRetentionSettings,
});

/** Reads the settings, filling fields missing from an older stored version with defaults. */
export async function getRetentionSettings(): Promise<RetentionSettings> {
  return { ...defaultRetentionSettings, ...(await retentionSettings.getValue()) };
}
