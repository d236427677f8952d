import { describe, expect, it } from 'vitest';
import type { RecordedEvent } from './data';
import { normalizeEvents } from './data';
import { dropEmptyFrameAttaches } from './frame-attach';

const meta = (t: number): RecordedEvent => ({ type: 4, timestamp: t, data: { href: 'https://app.test/', width: 800, height: 600 } });
const full = (t: number): RecordedEvent => ({
  type: 2,
  timestamp: t,
  data: { node: { type: 0, id: 1, childNodes: [] }, initialOffset: { top: 0, left: 0 } },
});
const html = (id: number) => ({ type: 2, tagName: 'html', attributes: {}, childNodes: [], id, rootId: 82 });
const attach = (t: number, docId: number, children: unknown[], frameId = 41): RecordedEvent => ({
  type: 3,
  timestamp: t,
  data: {
    source: 0,
    adds: [{ parentId: frameId, nextId: null, node: { type: 0, id: docId, childNodes: children } }],
    removes: [],
    texts: [],
    attributes: [],
    isAttachIframe: true,
  },
});
const text = (t: number): RecordedEvent => ({
  type: 3,
  timestamp: t,
  data: { source: 0, adds: [], removes: [], texts: [{ id: 5, value: 'x' }], attributes: [] },
});

describe('dropEmptyFrameAttaches', () => {
  it('drops a frame document attached empty when the same document is attached again, whole, in its segment', () => {
    const events = [meta(0), full(1), attach(45, 82, []), attach(63, 82, [html(84)]), text(70)];
    expect(dropEmptyFrameAttaches(events)).toEqual([meta(0), full(1), attach(63, 82, [html(84)]), text(70)]);
    // As the viewer reads a report.
    expect(normalizeEvents(events)).toEqual([meta(0), full(1), attach(63, 82, [html(84)]), text(70)]);
  });

  it('keeps an empty document that stays empty, other frames, and attaches on either side of a full snapshot', () => {
    const alone = [meta(0), full(1), attach(45, 82, []), text(70)];
    expect(dropEmptyFrameAttaches(alone)).toBe(alone);
    const otherDocument = [meta(0), full(1), attach(45, 82, []), attach(63, 90, [html(91)], 42)];
    expect(dropEmptyFrameAttaches(otherDocument)).toBe(otherDocument);
    // A new full snapshot rebuilds everything: the empty attach before it is what that stretch showed.
    const acrossSnapshots = [meta(0), full(1), attach(45, 82, []), meta(100), full(101), attach(102, 82, [html(84)])];
    expect(dropEmptyFrameAttaches(acrossSnapshots)).toBe(acrossSnapshots);
    // Attached whole twice: the Replayer keeps the first, which holds the content.
    const wholeTwice = [meta(0), full(1), attach(45, 82, [html(84)]), attach(63, 82, [html(84)])];
    expect(dropEmptyFrameAttaches(wholeTwice)).toBe(wholeTwice);
  });

  it('keeps the other documents an attach event carries, and copes with events of any shape', () => {
    const both: RecordedEvent = attach(45, 82, []);
    (both.data as { adds: unknown[] }).adds.push({ parentId: 50, nextId: null, node: { type: 0, id: 60, childNodes: [html(61)] } });
    const odd = [
      { type: 3, timestamp: 2, data: null },
      { type: 3, timestamp: 3, data: { source: 0, isAttachIframe: true, adds: 'nope' } },
      { type: 3, timestamp: 4, data: { source: 0, isAttachIframe: true, adds: [null, { node: null }, { node: { type: 0 } }] } },
    ] as RecordedEvent[];
    const out = dropEmptyFrameAttaches([meta(0), full(1), ...odd, both, attach(63, 82, [html(84)])]);
    expect(out.slice(2, 5)).toEqual(odd);
    expect((out[5]!.data as { adds: { node: { id: number } }[] }).adds.map((a) => a.node.id)).toEqual([60]);
    expect(out[6]).toEqual(attach(63, 82, [html(84)]));
    // The report's own events are not changed in place.
    expect((both.data as { adds: unknown[] }).adds).toHaveLength(2);
  });
});
