/** Network capture settings: on or off, per-site exceptions, body and buffer caps. Kept in storage.local. */
import * as v from 'valibot';
import { storage } from 'wxt/utils/storage';

export const networkSettingsSchema = v.object({
  /** Network capture for every recorded tab (the per-site list below turns it off for some). */
  enabled: v.boolean(),
  /** Origins (`https://example.com`) where network capture stays off even while the tab records. */
  disabledOrigins: v.array(v.pipe(v.string(), v.maxLength(2048))),
  /** Largest response or request body kept, in bytes; bigger ones keep only their size. */
  maxBodyBytes: v.pipe(v.number(), v.minValue(1024), v.maxValue(20 * 1024 * 1024)),
  /** Byte cap of one tab's stored entries; the oldest go first. */
  maxBytesPerTab: v.pipe(v.number(), v.minValue(1_000_000), v.maxValue(500_000_000)),
  /** The popup has explained the browser's "started debugging this browser" bar. */
  debuggerBarExplained: v.boolean(),
});

export type NetworkSettings = v.InferOutput<typeof networkSettingsSchema>;

export const defaultNetworkSettings: NetworkSettings = {
  enabled: true,
  disabledOrigins: [],
  maxBodyBytes: 1024 * 1024,
  maxBytesPerTab: 25 * 1024 * 1024,
  debuggerBarExplained: false,
};

export const networkSettings = storage.defineItem<NetworkSettings>('local:settings.network', {
  fallback: defaultNetworkSettings,
});

/** Reads the settings, filling fields missing from an older stored version with defaults. */
export async function getNetworkSettings(): Promise<NetworkSettings> {
  return { ...defaultNetworkSettings, ...(await networkSettings.getValue()) };
}

/** Whether network capture runs for a page at `url`. */
export function networkOnFor(url: string | undefined, settings: NetworkSettings): boolean {
  if (!settings.enabled) return false;
  try {
    return !settings.disabledOrigins.includes(new URL(url ?? '').origin);
  } catch {
    return false;
  }
}

/** Turns network capture on or off for one origin. */
export async function setNetworkForOrigin(origin: string, enabled: boolean): Promise<NetworkSettings> {
  const current = await getNetworkSettings();
  const others = current.disabledOrigins.filter((o) => o !== origin);
  const next = { ...current, disabledOrigins: enabled ? others : [...others, origin] };
  await networkSettings.setValue(next);
  return next;
}
