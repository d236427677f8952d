/**
 * The rolling buffer's bookkeeping, pure: which checkout segment each arriving rrweb event belongs to,
 * and which whole segments to drop from the front so the kept window stays within its time and byte
 * bounds while always starting with a full snapshot. Storage lives elsewhere (capture-db).
 *
 * A segment opens at an rrweb Meta event (rrweb emits Meta then FullSnapshot at every start and
 * checkout, and so does the worker's replica when it starts a segment) and holds every later event of
 * the same page until the page's next Meta. A Meta that no FullSnapshot follows in the same batch opens
 * nothing: such a segment could never start the window, and would stop eviction behind it. The open
 * segment has a byte cap: past it the page's events are dropped (a recording gap) until a new segment
 * starts, so a page that never lets a snapshot be taken cannot grow its tab's store without bound.
 */

import { EventType } from '../model/rrweb-events';

export interface SegmentMeta {
  id: number;
  /** The document the segment was recorded in (one per page load). */
  pageId: string;
  url: string;
  title: string;
  /** Epoch ms of its first and last event. */
  start: number;
  end: number;
  bytes: number;
  count: number;
  /** True once its FullSnapshot arrived: only such a segment can become the first of the window. */
  hasFull: boolean;
}

export interface BufferState {
  segments: SegmentMeta[];
  nextId: number;
  /** The segment currently receiving each page's events. */
  open: Record<string, number>;
  /** Per page, since when its events are dropped because its open segment is full (until the next one starts). */
  overflow?: Record<string, number>;
}

export interface IncomingEvent {
  /** rrweb timestamp (epoch ms), as the page claims it. */
  t: number;
  type: number;
  bytes: number;
}

export interface PageRef {
  pageId: string;
  url: string;
  title: string;
}

export function emptyBuffer(): BufferState {
  return { segments: [], nextId: 1, open: {} };
}

export interface Placement {
  state: BufferState;
  /** Segment id of each event, or null when it was dropped (no open segment to belong to). */
  placed: (number | null)[];
  dropped: number;
  /** Stretches of dropped events that a new segment closed in this batch. */
  gaps: { from: number; to: number }[];
  /** Events are being dropped for the cap: the page should start a new segment. */
  full: boolean;
}

/** Why events were dropped while a segment was full, as the report shows it. */
export const SEGMENT_FULL_REASON =
  'The page recorded more than the recording may keep between two full snapshots; recording resumed with the next snapshot.';

/**
 * Places events of one page into segments. Timestamps are clamped to `now` (a page cannot push its
 * events into the future to dodge eviction) and to be non-decreasing within a segment. Events that
 * would take the open segment past `maxSegmentBytes` are dropped until the page's next segment.
 */
export function placeEvents(
  state: BufferState,
  page: PageRef,
  events: IncomingEvent[],
  now: number,
  maxSegmentBytes = Infinity,
): Placement {
  const segments = state.segments.map((s) => ({ ...s }));
  const open = { ...state.open };
  const overflow = { ...state.overflow };
  let nextId = state.nextId;
  const placed: (number | null)[] = [];
  const gaps: { from: number; to: number }[] = [];
  let dropped = 0;
  const byId = new Map(segments.map((s) => [s.id, s]));
  for (const [i, event] of events.entries()) {
    let t = Math.min(event.t, now);
    if (event.type === EventType.Meta && events[i + 1]?.type !== EventType.FullSnapshot) {
      placed.push(null);
      dropped++;
      continue;
    }
    if (event.type === EventType.Meta) {
      // Segment starts never go backwards: eviction relies on the list being in time order.
      const last = segments.at(-1);
      t = Math.min(Math.max(t, last?.start ?? -Infinity), now);
      const segment: SegmentMeta = {
        id: nextId++,
        pageId: page.pageId,
        url: page.url,
        title: page.title,
        start: t,
        end: t,
        bytes: 0,
        count: 0,
        hasFull: false,
      };
      segments.push(segment);
      byId.set(segment.id, segment);
      open[page.pageId] = segment.id;
      const since = overflow[page.pageId];
      if (since !== undefined) {
        gaps.push({ from: since, to: t });
        delete overflow[page.pageId];
      }
    }
    const segment = byId.get(open[page.pageId] ?? -1);
    if (!segment) {
      placed.push(null);
      // DomContentLoaded / Load markers before the first snapshot are expected; anything else is a loss.
      if (event.type > 1) dropped++;
      continue;
    }
    if (overflow[page.pageId] !== undefined || (segment.bytes + event.bytes > maxSegmentBytes && event.type !== EventType.FullSnapshot)) {
      overflow[page.pageId] ??= t;
      placed.push(null);
      dropped++;
      continue;
    }
    segment.end = Math.max(segment.end, t);
    segment.bytes += event.bytes;
    segment.count++;
    if (event.type === EventType.FullSnapshot) segment.hasFull = true;
    placed.push(segment.id);
  }
  const full = overflow[page.pageId] !== undefined;
  return { state: { segments, nextId, open, ...(Object.keys(overflow).length ? { overflow } : {}) }, placed, dropped, gaps, full };
}

/** Stretches of a tab's pages whose events are being dropped now (their open segment is full). */
export function openOverflows(state: BufferState): { pageId: string; from: number }[] {
  return Object.entries(state.overflow ?? {}).map(([pageId, from]) => ({ pageId, from }));
}

export interface EvictionPolicy {
  now: number;
  /** Keep at least this much time before `now` (when recorded). */
  windowMs: number;
  maxBytes: number;
  /** While a repro runs (or was just stopped), nothing recorded since this time is dropped for age. */
  keepSince?: number;
}

/**
 * Drops whole segments from the front while the next one alone still covers the window (it starts at
 * or before `now - windowMs`), or while the buffer is over its byte cap. The newest segment is never
 * dropped, and a segment is only dropped when the one after it starts with a full snapshot, so the
 * kept window always begins with one.
 */
export function evictSegments(state: BufferState, policy: EvictionPolicy): { state: BufferState; evicted: SegmentMeta[] } {
  const segments = [...state.segments];
  const evicted: SegmentMeta[] = [];
  let total = segments.reduce((sum, s) => sum + s.bytes, 0);
  while (segments.length > 1) {
    const [first, second] = segments as [SegmentMeta, SegmentMeta];
    if (!second.hasFull) break;
    // The first segment is what replays the start of a repro unless the next one already starts by then.
    const protectedByRepro = policy.keepSince !== undefined && second.start > policy.keepSince;
    const tooOld = !protectedByRepro && second.start <= policy.now - policy.windowMs;
    const tooBig = total > policy.maxBytes;
    if (!tooOld && !tooBig) break;
    segments.shift();
    evicted.push(first);
    total -= first.bytes;
  }
  const kept = new Set(segments.map((s) => s.id));
  const open = Object.fromEntries(Object.entries(state.open).filter(([, id]) => kept.has(id)));
  const pages = new Set(Object.keys(open));
  const overflow = Object.fromEntries(Object.entries(state.overflow ?? {}).filter(([page]) => pages.has(page)));
  const { overflow: _old, ...rest } = state;
  return { state: { ...rest, segments, open, ...(Object.keys(overflow).length ? { overflow } : {}) }, evicted };
}

/** Start of the kept window (its first segment), or null when nothing is kept. */
export function windowStart(state: BufferState): number | null {
  return state.segments[0]?.start ?? null;
}

/** Bytes and events kept. */
export function bufferTotals(state: BufferState): { bytes: number; events: number } {
  return state.segments.reduce((acc, s) => ({ bytes: acc.bytes + s.bytes, events: acc.events + s.count }), { bytes: 0, events: 0 });
}

/** The segments a repro that started at `since` (and ended at `until`) spans: from the checkout at or before its start. */
export function segmentsForRange(state: BufferState, since: number, until: number | null): SegmentMeta[] {
  const segs = state.segments.filter((s) => until === null || s.start <= until);
  let first = 0;
  for (let i = 0; i < segs.length; i++) if (segs[i]!.start <= since && segs[i]!.hasFull) first = i;
  return segs.slice(first);
}
