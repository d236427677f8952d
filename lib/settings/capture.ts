/** Capture settings: where the rolling buffer runs and how much it keeps. Not secret; kept in storage.local. */
import * as v from 'valibot';
import { storage } from 'wxt/utils/storage';

export const captureSettingsSchema = v.object({
  /** Record on every site the browser lets us (needs the broad optional host permission). */
  everywhere: v.boolean(),
  /** Origins (`https://example.com`) where the rolling buffer runs. */
  allowedOrigins: v.array(v.pipe(v.string(), v.maxLength(2048))),
  /** Site patterns that are never recorded; the deny list always wins. */
  denyPatterns: v.array(v.pipe(v.string(), v.maxLength(2048))),
  /** Global pause of the rolling buffer. */
  paused: v.boolean(),
  /** Length of the rolling window, in ms (30 s – 15 min). */
  windowMs: v.pipe(v.number(), v.minValue(30_000), v.maxValue(15 * 60_000)),
  /** Byte cap of one tab's buffer. */
  maxBytesPerTab: v.pipe(v.number(), v.minValue(1_000_000), v.maxValue(1_000_000_000)),
  /** Cap of a started repro recording, in ms. */
  reproCapMs: v.pipe(v.number(), v.minValue(60_000), v.maxValue(4 * 60 * 60_000)),
});

export type CaptureSettings = v.InferOutput<typeof captureSettingsSchema>;

export const defaultCaptureSettings: CaptureSettings = {
  everywhere: false,
  allowedOrigins: [],
  denyPatterns: [],
  paused: false,
  windowMs: 2 * 60_000,
  maxBytesPerTab: 50 * 1024 * 1024,
  reproCapMs: 30 * 60_000,
};

export const captureSettings = storage.defineItem<CaptureSettings>('local:settings.capture', {
  fallback: defaultCaptureSettings,
});

/** Reads the settings, filling fields missing from an older stored version with defaults. */
export async function getCaptureSettings(): Promise<CaptureSettings> {
  return { ...defaultCaptureSettings, ...(await captureSettings.getValue()) };
}
