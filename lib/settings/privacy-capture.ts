/**
 * What the recorder may see: masking options and extra selectors. The defaults are the private ones;
 * passwords and payment fields stay out whatever is set here (see `lib/page/rrweb-options.ts`).
 */
import * as v from 'valibot';
import { storage } from 'wxt/utils/storage';
import { DEFAULT_RECORDER_CONFIG, type RecorderConfig } from '../page/rrweb-options';

const selectors = v.pipe(v.array(v.pipe(v.string(), v.maxLength(1000))), v.maxLength(100));

export const privacyCaptureSchema = v.object({
  /** Record the values typed into ordinary (non-sensitive) inputs. */
  unmaskInputs: v.boolean(),
  /** Mask all text of recorded pages. */
  maskAllText: v.boolean(),
  /** CSS selectors of elements not recorded at all. */
  blockSelectors: selectors,
  /** CSS selectors of elements whose text is masked. */
  maskSelectors: selectors,
});

export type PrivacyCaptureSettings = v.InferOutput<typeof privacyCaptureSchema>;

export const defaultPrivacyCapture: PrivacyCaptureSettings = {
  unmaskInputs: DEFAULT_RECORDER_CONFIG.unmaskInputs,
  maskAllText: DEFAULT_RECORDER_CONFIG.maskAllText,
  blockSelectors: [],
  maskSelectors: [],
};

export const privacyCapture = storage.defineItem<PrivacyCaptureSettings>('local:settings.privacyCapture', {
  fallback: defaultPrivacyCapture,
});

export async function getPrivacyCapture(): Promise<PrivacyCaptureSettings> {
  const stored = { ...defaultPrivacyCapture, ...(await privacyCapture.getValue()) };
  const parsed = v.safeParse(privacyCaptureSchema, stored);
  return parsed.success ? parsed.output : defaultPrivacyCapture;
}

/**
 * Interval between the segments of a rolling window (each starts with a full snapshot, written by the
 * worker's replica): half the window, between 15 s and 60 s. The kept window then spans at most the
 * window plus one interval, and always starts with a full snapshot.
 */
export function checkoutInterval(windowMs: number): number {
  return Math.min(60_000, Math.max(15_000, Math.round(windowMs / 2)));
}

/** The config the page-world recorder gets. */
export function recorderConfig(privacy: PrivacyCaptureSettings): RecorderConfig {
  return {
    unmaskInputs: privacy.unmaskInputs,
    maskAllText: privacy.maskAllText,
    blockSelectors: privacy.blockSelectors.map((s) => s.trim()).filter(Boolean),
    maskSelectors: privacy.maskSelectors.map((s) => s.trim()).filter(Boolean),
  };
}
