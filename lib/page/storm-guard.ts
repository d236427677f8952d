/**
 * Notices a mutation storm from the events rrweb emits, so the recorder can step back before it costs
 * the page its frame rate. Work is measured over one-second buckets in DOM changes (added, removed, text
 * and attribute changes), which is what rrweb's cost grows with, and in time spent writing held-back
 * changes out: while rrweb holds changes back, nodes that come and go in between are never written,
 * so a page replacing thousands of nodes a frame can emit few changes and still cost the recorder most
 * of its time. That page is also caught by the nodes it adds and removes, counted as rrweb takes the
 * changes in (before anything is held back): a count, unlike a time, reads the same on a slow machine
 * and a fast one. Page-safe and pure.
 */

/** rrweb: EventType.IncrementalSnapshot and IncrementalSource.Mutation. */
const INCREMENTAL = 3;
const MUTATION = 0;

/** The number of DOM changes one rrweb event stands for (0 for anything but a mutation event). */
export function mutationWeight(event: unknown): number {
  const e = event as {
    type?: number;
    data?: { source?: number; adds?: unknown[]; removes?: unknown[]; texts?: unknown[]; attributes?: unknown[] };
  };
  if (e?.type !== INCREMENTAL || e.data?.source !== MUTATION) return 0;
  const d = e.data;
  return (d.adds?.length ?? 0) + (d.removes?.length ?? 0) + (d.texts?.length ?? 0) + (d.attributes?.length ?? 0);
}

export interface StormGuard {
  /** Counts an event; true when the page is changing faster than the recorder may follow. */
  overloaded(event: unknown, now: number): boolean;
  /**
   * Counts time spent writing held-back changes out; true when it passes its bound in two seconds
   * running (one slow second is a garbage collection or a busy moment, not a storm).
   */
  spent(ms: number, now: number): boolean;
  /** Counts nodes the page added or removed; true when they pass their bound in one second. */
  nodes(count: number, now: number): boolean;
  reset(): void;
}

/**
 * `maxChangesPerSecond` default: rrweb spends about 5–23 µs per change here, so 20 000 changes a second
 * is already a fifth to a half of the main thread. `maxBusyMsPerSecond`: a tenth of the main thread
 * spent writing changes out, two seconds running; the benchmark's busy single-page app (thousands of
 * changes a second) takes about 30 ms, a page replacing 2,000 nodes a frame several times the bound. A
 * single second over it is not enough: on a page of 10k elements one garbage collection during a
 * write-out (tens of milliseconds there) put the busy app over it about twice a minute. `maxNodesPerSecond`: the
 * busy app adds and removes about 2,400 nodes a second (each with its children, which are not counted);
 * a page re-rendering 330 of them every frame at 60 fps passes the bound. The storm fixture renders
 * 2,000 nodes five times a frame (20,000 counted a frame): replacing them once a frame, it passed the
 * bound only above 5 fps, which a loaded two-core machine did not always reach.
 */
export function createStormGuard(maxChangesPerSecond = 20_000, maxBusyMsPerSecond = 100, maxNodesPerSecond = 20_000): StormGuard {
  let bucketStart = 0;
  let changes = 0;
  let busyMs = 0;
  let nodes = 0;
  /** Whether the second just before this one spent more than its bound writing changes out. */
  let previousOver = false;
  const bucket = (now: number) => {
    if (now - bucketStart < 1000) return;
    // Buckets follow each other about a second apart; a later one means a calm second came between.
    previousOver = now - bucketStart < 2000 && busyMs > maxBusyMsPerSecond;
    bucketStart = now;
    changes = 0;
    busyMs = 0;
    nodes = 0;
  };
  return {
    overloaded(event, now) {
      bucket(now);
      changes += mutationWeight(event);
      return changes > maxChangesPerSecond;
    },
    spent(ms, now) {
      bucket(now);
      busyMs += ms;
      return previousOver && busyMs > maxBusyMsPerSecond;
    },
    nodes(count, now) {
      bucket(now);
      nodes += count;
      return nodes > maxNodesPerSecond;
    },
    reset() {
      bucketStart = 0;
      changes = 0;
      busyMs = 0;
      nodes = 0;
      previousOver = false;
    },
  };
}
