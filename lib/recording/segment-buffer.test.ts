import { describe, expect, it } from 'vitest';
import {
  bufferTotals,
  emptyBuffer,
  evictSegments,
  placeEvents,
  segmentsForRange,
  windowStart,
  type BufferState,
  type IncomingEvent,
} from './segment-buffer';
import { EventType } from '../model/rrweb-events';

const { FullSnapshot: FULL_SNAPSHOT, Meta: META, IncrementalSnapshot: INCREMENTAL } = EventType;
const page = (pageId = 'p1', url = 'https://site.test/') => ({ pageId, url, title: pageId });
const checkout = (t: number, bytes = 100): IncomingEvent[] => [
  { t, type: META, bytes: 10 },
  { t, type: FULL_SNAPSHOT, bytes },
];
const inc = (t: number, bytes = 10): IncomingEvent => ({ t, type: INCREMENTAL, bytes });

/** Feeds events and evicts as the worker does on every batch. */
function feed(state: BufferState, events: IncomingEvent[], now: number, windowMs = 60_000, maxBytes = 1e9, pageId = 'p1') {
  const placed = placeEvents(state, page(pageId), events, now);
  return { ...evictSegments(placed.state, { now, windowMs, maxBytes }), placement: placed };
}

describe('placeEvents', () => {
  it('opens a segment at each Meta event and puts later events in it', () => {
    const r = placeEvents(emptyBuffer(), page(), [...checkout(1000), inc(1100), ...checkout(2000), inc(2100)], 5000);
    expect(r.state.segments.map((s) => [s.start, s.end, s.count, s.hasFull])).toEqual([
      [1000, 1100, 3, true],
      [2000, 2100, 3, true],
    ]);
    expect(r.placed).toEqual([1, 1, 1, 2, 2, 2]);
    expect(r.dropped).toBe(0);
  });

  it('drops events of a page that has no open segment (they could not be replayed)', () => {
    const r = placeEvents(emptyBuffer(), page(), [inc(100), inc(200)], 1000);
    expect(r.placed).toEqual([null, null]);
    expect(r.dropped).toBe(2);
    expect(r.state.segments).toEqual([]);
  });

  it('keeps the pages of a navigation apart, in order', () => {
    let s = placeEvents(emptyBuffer(), page('a'), [...checkout(1000), inc(1500)], 2000).state;
    s = placeEvents(s, page('b', 'https://site.test/next'), [...checkout(2000), inc(2500)], 3000).state;
    // A late event of the first page still lands in the first page's segment.
    const late = placeEvents(s, page('a'), [inc(1900)], 3000);
    expect(late.placed).toEqual([1]);
    expect(late.state.segments.map((x) => [x.pageId, x.url])).toEqual([
      ['a', 'https://site.test/'],
      ['b', 'https://site.test/next'],
    ]);
  });

  it('clamps timestamps claimed in the future to now, and segment starts to time order', () => {
    let s = placeEvents(emptyBuffer(), page(), checkout(10_000_000), 5000).state;
    expect(s.segments[0]!.start).toBe(5000);
    s = placeEvents(s, page('b'), checkout(1000), 6000).state;
    expect(s.segments[1]!.start).toBe(5000);
  });
});

describe('evictSegments', () => {
  it('drops a whole segment only once the next one alone covers the window', () => {
    let s = emptyBuffer();
    s = feed(s, [...checkout(0), inc(10_000)], 10_000).state;
    s = feed(s, [...checkout(30_000), inc(40_000)], 40_000).state;
    // At 80 s the window starts at 20 s; the second segment starts at 30 s, so the first must stay.
    let r = evictSegments(s, { now: 80_000, windowMs: 60_000, maxBytes: 1e9 });
    expect(r.evicted).toEqual([]);
    expect(windowStart(r.state)).toBe(0);
    // At 90 s the second segment covers [30 s, 90 s]: the first goes.
    r = evictSegments(s, { now: 90_000, windowMs: 60_000, maxBytes: 1e9 });
    expect(r.evicted.map((x) => x.start)).toEqual([0]);
    expect(windowStart(r.state)).toBe(30_000);
  });

  it('always covers at least the window before now, and starts with a full snapshot', () => {
    let s = emptyBuffer();
    const windowMs = 120_000;
    for (let t = 0; t <= 20 * 60_000; t += 5_000) {
      const events = t % 60_000 === 0 ? [...checkout(t), inc(t + 1)] : [inc(t)];
      s = feed(s, events, t + 1, windowMs).state;
      const first = s.segments[0]!;
      expect(first.hasFull).toBe(true);
      expect(first.start).toBeLessThanOrEqual(Math.max(0, t + 1 - windowMs));
      // Bounded: never more than one checkout interval beyond the window.
      expect(t + 1 - first.start).toBeLessThanOrEqual(windowMs + 60_000 + 5_000);
    }
    expect(s.segments.length).toBeLessThanOrEqual(4);
  });

  it('on an idle page, the periodic checkouts alone keep the window replayable', () => {
    // No incremental events at all: only the recorder's own timer checks out every 30 s.
    let s = emptyBuffer();
    for (let t = 0; t <= 10 * 60_000; t += 30_000) s = feed(s, checkout(t), t, 60_000).state;
    expect(s.segments.map((x) => x.start)).toEqual([540_000, 570_000, 600_000]);
    expect(s.segments[0]!.start).toBeLessThanOrEqual(600_000 - 60_000);
  });

  it('drops front segments over the byte cap, but never the newest', () => {
    let s = emptyBuffer();
    s = feed(s, checkout(0, 400), 0, 1e9, 1000).state;
    s = feed(s, checkout(1, 400), 1, 1e9, 1000).state;
    expect(s.segments).toHaveLength(2);
    s = feed(s, checkout(2, 400), 2, 1e9, 1000).state;
    expect(s.segments.map((x) => x.start)).toEqual([1, 2]);
    expect(bufferTotals(s).bytes).toBeLessThanOrEqual(1000);
    // A single segment over the cap stays: it is what replays the page now.
    s = feed(s, checkout(3, 5000), 3, 1e9, 1000).state;
    expect(s.segments.map((x) => x.start)).toEqual([3]);
  });

  it('never makes a segment without its full snapshot the first one', () => {
    let s = emptyBuffer();
    s = feed(s, checkout(0), 0).state;
    // A Meta whose FullSnapshot is not in the same batch opens nothing (the recorder sends them together).
    s = placeEvents(s, page(), [{ t: 100_000, type: META, bytes: 10 }], 100_000).state;
    expect(s.segments).toHaveLength(1);
    s = placeEvents(s, page(), [{ t: 100_000, type: FULL_SNAPSHOT, bytes: 10 }], 200_000).state;
    const r = evictSegments(s, { now: 200_000, windowMs: 60_000, maxBytes: 1 });
    expect(r.evicted).toEqual([]);
    expect(r.state.segments.every((x) => x.hasFull)).toBe(true);
  });

  it('keeps everything since a repro started, whatever its age', () => {
    let s = emptyBuffer();
    for (let t = 0; t <= 600_000; t += 60_000) s = placeEvents(s, page(), checkout(t), t).state;
    const r = evictSegments(s, { now: 600_000, windowMs: 60_000, maxBytes: 1e9, keepSince: 130_000 });
    // The checkout at or before the start of the repro stays, and everything after it.
    expect(r.state.segments.map((x) => x.start)).toEqual([120_000, 180_000, 240_000, 300_000, 360_000, 420_000, 480_000, 540_000, 600_000]);
    // Without a repro the same buffer keeps only the window.
    expect(evictSegments(s, { now: 600_000, windowMs: 60_000, maxBytes: 1e9 }).state.segments.map((x) => x.start)).toEqual([
      540_000, 600_000,
    ]);
  });

  it('forgets the open segment of a page whose segments were evicted', () => {
    let s = emptyBuffer();
    s = feed(s, checkout(0), 0, 10, 1e9, 'a').state;
    s = feed(s, checkout(100), 200, 10, 1e9, 'b').state;
    expect(s.open).toEqual({ b: 2 });
    expect(placeEvents(s, page('a'), [inc(250)], 250).dropped).toBe(1);
  });
});

describe('segmentsForRange', () => {
  it('starts at the last checkout at or before the repro started and stops at its end', () => {
    let s = emptyBuffer();
    for (const t of [0, 30_000, 60_000, 90_000]) s = placeEvents(s, page(), checkout(t), t).state;
    expect(segmentsForRange(s, 45_000, 70_000).map((x) => x.start)).toEqual([30_000, 60_000]);
    expect(segmentsForRange(s, 45_000, null).map((x) => x.start)).toEqual([30_000, 60_000, 90_000]);
  });
});

describe('a segment that is never checked out', () => {
  it('stops growing at its cap, drops what follows as a gap, and closes the gap at the next snapshot', () => {
    let state = emptyBuffer();
    const first = placeEvents(state, page(), [...checkout(1000, 100), inc(1100, 50), inc(1200, 50)], 5000, 200);
    expect(first.placed).toEqual([1, 1, 1, null]);
    expect(first.full).toBe(true);
    expect(first.state.segments[0]!.bytes).toBeLessThanOrEqual(200);
    state = first.state;
    const more = placeEvents(state, page(), [inc(1300, 1), inc(1400, 1)], 5000, 200);
    expect(more.placed).toEqual([null, null]);
    expect(more.full).toBe(true);
    const resumed = placeEvents(more.state, page(), [...checkout(2000), inc(2100)], 5000, 200);
    expect(resumed.gaps).toEqual([{ from: 1200, to: 2000 }]);
    expect(resumed.full).toBe(false);
    expect(resumed.placed).toEqual([2, 2, 2]);
  });

  it('refuses a Meta event that no full snapshot follows', () => {
    const r = placeEvents(emptyBuffer(), page(), [...checkout(1000), { t: 1100, type: META, bytes: 10 }, inc(1200)], 5000);
    expect(r.state.segments).toHaveLength(1);
    expect(r.placed).toEqual([1, 1, null, 1]);
    expect(r.dropped).toBe(1);
  });
});
