/**
 * Every settings item Repro keeps in `storage.local` under `settings.<area>`, with its schema, for the
 * team settings file (export/import). Each area adds its item with one line below. Credentials never
 * live here: they have their own store, which export never reads.
 */
import type * as v from 'valibot';
import { captureSettingsSchema, defaultCaptureSettings } from './capture';
import { defaultNetworkSettings, networkSettingsSchema } from './network';
import { defaultPrivacyCapture, privacyCaptureSchema } from './privacy-capture';
import { defaultRedactionSettings, redactionSettingsSchema } from './redaction';
import { defaultRetentionSettings, retentionSettingsSchema } from './retention';

export interface SettingsArea {
  /** Validates a stored or imported value (after defaults are filled in). */
  schema: v.GenericSchema;
  defaults: Record<string, unknown>;
  /** Human wording of a field's rule, used in import errors ("must be …"). */
  rules?: Record<string, string>;
}

/** Storage key of an area's item: `settings.capture` for `capture`. */
export const settingsKey = (area: string): string => `settings.${area}`;

export const settingsAreas: Record<string, SettingsArea> = {
  capture: {
    schema: captureSettingsSchema,
    defaults: defaultCaptureSettings,
    rules: {
      windowMs: 'between 30 s and 15 min (30000–900000 ms)',
      maxBytesPerTab: 'between 1 MB and 1 GB (in bytes)',
      reproCapMs: 'between 1 min and 4 h (60000–14400000 ms)',
    },
  },
  network: { schema: networkSettingsSchema, defaults: defaultNetworkSettings },
  // What the recorder may show (masking, block and mask selectors): validated like every other area.
  privacyCapture: { schema: privacyCaptureSchema, defaults: defaultPrivacyCapture },
  redaction: { schema: redactionSettingsSchema, defaults: defaultRedactionSettings },
  retention: {
    schema: retentionSettingsSchema,
    defaults: defaultRetentionSettings,
    rules: { days: 'a whole number of days from 1 to 365' },
  },
};
