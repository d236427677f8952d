/**
 * Notices a mutation storm from the events rrweb emits, so the recorder can step back before it costs
 * the page its frame rate. Work is measured in DOM changes (added, removed, text and attribute
 * changes), which is what rrweb's cost grows with, over one-second buckets. Page-safe and pure.
 */

/** rrweb: EventType.IncrementalSnapshot and IncrementalSource.Mutation. */
const INCREMENTAL = 3;
const MUTATION = 0;

/** The number of DOM changes one rrweb event stands for (0 for anything but a mutation event). */
export function mutationWeight(event: unknown): number {
  const e = event as { type?: number; data?: { source?: number; adds?: unknown[]; removes?: unknown[]; texts?: unknown[]; attributes?: unknown[] } };
  if (e?.type !== INCREMENTAL || e.data?.source !== MUTATION) return 0;
  const d = e.data;
  return (d.adds?.length ?? 0) + (d.removes?.length ?? 0) + (d.texts?.length ?? 0) + (d.attributes?.length ?? 0);
}

export interface StormGuard {
  /** Counts an event; true when the page is changing faster than the recorder may follow. */
  overloaded(event: unknown, now: number): boolean;
  reset(): void;
}

/**
 * `maxChangesPerSecond` default: rrweb spends about 5–23 µs per change here, so 20 000 changes a second
 * is already a fifth to a half of the main thread.
 */
export function createStormGuard(maxChangesPerSecond = 20_000): StormGuard {
  let bucketStart = 0;
  let changes = 0;
  return {
    overloaded(event, now) {
      if (now - bucketStart >= 1000) {
        bucketStart = now;
        changes = 0;
      }
      changes += mutationWeight(event);
      return changes > maxChangesPerSecond;
    },
    reset() {
      bucketStart = 0;
      changes = 0;
    },
  };
}
