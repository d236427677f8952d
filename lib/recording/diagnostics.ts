/**
 * Counters of what went wrong quietly while recording: errors the recorder kept from pages, page
 * messages that pretended to be the recorder, data dropped. Session storage: they survive a worker
 * restart, and the options page shows them.
 */
import { storage } from 'wxt/utils/storage';
import { refused } from '../messaging/runtime';

export interface CaptureDiagnostics {
  /** Errors inside the recorder, caught in the page so the page never saw them. */
  pageErrors: number;
  /**
   * Page messages that pretended to be the recorder (on `window`, or hand-over events that were not its
   * own: `lib/page/handover.ts`), and console lines that failed the worker's checks (ignored).
   */
  forged: number;
  /** Events dropped (not replayable, too large, or lost while the worker restarted), and steps and gaps a page sent faster than their rate. */
  dropped: number;
  /** Batches the worker could not store. */
  storeErrors: number;
  /** Runtime messages refused for their sender or shape (since the worker started). */
  refusedMessages: number;
}

const zero = { pageErrors: 0, forged: 0, dropped: 0, storeErrors: 0 };

export const diagnosticsItem = storage.defineItem<Omit<CaptureDiagnostics, 'refusedMessages'>>('session:capture.diagnostics', {
  fallback: zero,
});

/** Adds `delta` to the stored counters (no write when it is all zeros). */
export async function addDiagnostics(delta: Partial<Omit<CaptureDiagnostics, 'refusedMessages'>>): Promise<void> {
  if (!Object.values(delta).some((n) => n)) return;
  const current = { ...zero, ...(await diagnosticsItem.getValue()) };
  for (const key of Object.keys(zero) as (keyof typeof zero)[]) current[key] += delta[key] ?? 0;
  await diagnosticsItem.setValue(current);
}

export async function readDiagnostics(): Promise<CaptureDiagnostics> {
  return { ...zero, ...(await diagnosticsItem.getValue()), refusedMessages: refused.sender + refused.shape };
}
