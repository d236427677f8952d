/**
 * The worker's replicas, one per recording tab (its top frame's current page), and the decision each
 * batch brings: when the page's open segment is older than the checkout interval, the replica writes
 * the events that start the next segment, so the page never snapshots itself for the rolling window.
 *
 * MV3 stops the worker whenever it likes; the replicas are a cache. A replica missing on a batch that
 * continues a segment is rebuilt from that segment as stored (it starts with a full snapshot, the page's
 * or one written here): the store is the one source of truth, nothing is written per batch to keep it,
 * and the rebuild is rare (a recording tab sends a batch at least every few seconds, which keeps the
 * worker awake).
 */
import { EventType } from '../../model/rrweb-events';
import type { PortEvent } from '../../page/protocol';
import { Replica, type RawEvent } from './replica';

export interface SegmentStartOptions {
  /** A new segment starts once the open one is this old. */
  intervalMs: number;
  /** The events as the worker's check parsed them, in the same order: not parsed a second time. */
  data?: readonly unknown[];
}

export interface SegmentStartResult {
  /** Events to store after the batch's own: Meta, FullSnapshot and restores (empty when none is due). */
  events: PortEvent[];
  /** The replica cannot start a segment: the page should take a snapshot of its own. */
  askPage: boolean;
}

/** Reads the stored events (JSON) of the segment now open for the page, oldest first; null when none. */
export type OpenSegmentReader = (tabId: number, pageId: string) => Promise<{ start: number; events: string[] } | null>;

interface Held {
  pageId: string;
  replica: Replica;
  /** Start of the page's open segment (its Meta), or null before its first snapshot. */
  segmentStart: number | null;
  /** When the page was last asked for a snapshot (asked once an interval at most). */
  askedAt: number;
}

function parse(json: string): RawEvent | null {
  try {
    const event = JSON.parse(json) as RawEvent;
    return event && typeof event === 'object' && typeof event.type === 'number' ? event : null;
  } catch {
    return null;
  }
}

export interface TabReplicas {
  /**
   * Applies a batch of the page's events (checked and redacted, in order) and says what starts the next
   * segment. `now` is the worker's clock, the bound of the stamps it writes.
   */
  next(tabId: number, pageId: string, events: readonly PortEvent[], now: number, options: SegmentStartOptions): Promise<SegmentStartResult>;
  /** Forgets a tab (closed, cleared). */
  drop(tabId: number): void;
  /** Nodes held over all tabs (for diagnostics and tests). */
  readonly nodes: number;
}

/** The worker's replicas, with `readOpen` to rebuild one after a restart. */
export function createTabReplicas(readOpen: OpenSegmentReader): TabReplicas {
  const held = new Map<number, Held>();

  async function holderFor(tabId: number, pageId: string, first: PortEvent | undefined): Promise<Held> {
    const current = held.get(tabId);
    if (current?.pageId === pageId) return current;
    const fresh: Held = { pageId, replica: new Replica(), segmentStart: null, askedAt: -Infinity };
    held.set(tabId, fresh);
    // A batch that opens the page's recording needs nothing older; one that continues it does.
    if (first?.type === EventType.Meta) return fresh;
    const open = await readOpen(tabId, pageId).catch(() => null);
    if (open) {
      fresh.segmentStart = open.start;
      for (const json of open.events) {
        const event = parse(json);
        if (event) fresh.replica.apply(event);
      }
    }
    return fresh;
  }

  return {
    async next(tabId, pageId, events, now, options) {
      const h = await holderFor(tabId, pageId, events[0]);
      let latest = -Infinity;
      for (const [i, e] of events.entries()) {
        if (e.type === EventType.Meta) h.segmentStart = e.t;
        const event = (options.data?.[i] as RawEvent | undefined) ?? parse(e.json);
        if (event) h.replica.apply(event);
        latest = Math.max(latest, e.t);
      }
      if (h.segmentStart === null || !events.length || latest - h.segmentStart < options.intervalMs) return { events: [], askPage: false };
      const at = Math.min(Math.max(latest, h.replica.lastTime), now);
      const written = h.replica.snapshot(at);
      if (!written) {
        const askPage = now - h.askedAt >= options.intervalMs;
        if (askPage) h.askedAt = now;
        return { events: [], askPage };
      }
      h.segmentStart = at;
      return { events: written.map((event) => ({ t: at, type: event.type, json: JSON.stringify(event) })), askPage: false };
    },
    drop(tabId) {
      held.delete(tabId);
    },
    get nodes() {
      let n = 0;
      for (const h of held.values()) n += h.replica.size;
      return n;
    },
  };
}
