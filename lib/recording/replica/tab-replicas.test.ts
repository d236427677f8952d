import { describe, expect, it } from 'vitest';
import { EventType, IncrementalSource, NodeType } from '../../model/rrweb-events';
import type { PortEvent } from '../../page/protocol';
import { createTabReplicas, type OpenSegmentReader } from './tab-replicas';

const port = (event: { type: number; timestamp: number; data: unknown }): PortEvent => ({
  t: event.timestamp,
  type: event.type,
  json: JSON.stringify(event),
});
const tree = {
  id: 1,
  type: NodeType.Document,
  childNodes: [
    { id: 2, type: NodeType.Element, tagName: 'html', attributes: {}, childNodes: [{ id: 3, type: NodeType.Text, textContent: 'a' }] },
  ],
};
const start = (t: number) => [
  port({ type: EventType.Meta, timestamp: t, data: { href: 'https://site.test/', width: 800, height: 600 } }),
  port({ type: EventType.FullSnapshot, timestamp: t, data: { node: tree, initialOffset: { left: 0, top: 0 } } }),
];
const text = (t: number, value: string) =>
  port({
    type: EventType.IncrementalSnapshot,
    timestamp: t,
    data: { source: IncrementalSource.Mutation, adds: [], removes: [], attributes: [], texts: [{ id: 3, value }] },
  });
const none: OpenSegmentReader = async () => null;
const options = { intervalMs: 10_000 };

describe('tab replicas', () => {
  it('starts a segment once the open one is as old as the interval, with the page as it is then', async () => {
    const replicas = createTabReplicas(none);
    expect(await replicas.next(1, 'p', [...start(1000), text(2000, 'b')], 99_000, options)).toEqual({ events: [], askPage: false });
    const due = await replicas.next(1, 'p', [text(11_500, 'c')], 99_000, options);
    expect(due.events.map((e) => [e.type, e.t])).toEqual([
      [EventType.Meta, 11_500],
      [EventType.FullSnapshot, 11_500],
    ]);
    expect(JSON.parse(due.events[1]!.json).data.node.childNodes[0].childNodes[0].textContent).toBe('c');
    // The next one is due an interval after the one just written.
    expect((await replicas.next(1, 'p', [text(15_000, 'd')], 99_000, options)).events).toEqual([]);
    expect((await replicas.next(1, 'p', [text(21_600, 'e')], 99_000, options)).events).toHaveLength(2);
  });

  it('applies the events as the check parsed them when it is given them, not their text again', async () => {
    const replicas = createTabReplicas(none);
    const batch = [...start(1000), text(2000, 'b')];
    const data = batch.map((e) => JSON.parse(e.json) as { data: { texts?: { value: string }[] } });
    data[2]!.data.texts![0]!.value = 'as parsed';
    await replicas.next(1, 'p', batch, 99_000, { ...options, data });
    const due = await replicas.next(1, 'p', [text(11_500, 'c')], 99_000, { ...options, data: [undefined] });
    expect(JSON.parse(due.events[1]!.json).data.node.childNodes[0].childNodes[0].textContent).toBe('c');
    const replicas2 = createTabReplicas(none);
    await replicas2.next(1, 'p', batch, 99_000, { ...options, data });
    const mouse = port({
      type: EventType.IncrementalSnapshot,
      timestamp: 11_500,
      data: { source: IncrementalSource.MouseMove, positions: [] },
    });
    const held = await replicas2.next(1, 'p', [mouse], 99_000, options);
    expect(JSON.parse(held.events[1]!.json).data.node.childNodes[0].childNodes[0].textContent).toBe('as parsed');
  });

  it('rebuilds a replica after the worker restarted, from the segment as stored', async () => {
    const stored = [...start(1000), text(2000, 'from the store')].map((e) => e.json);
    const replicas = createTabReplicas(async (tabId, pageId) => (tabId === 1 && pageId === 'p' ? { start: 1000, events: stored } : null));
    const due = await replicas.next(
      1,
      'p',
      [port({ type: EventType.IncrementalSnapshot, timestamp: 12_000, data: { source: IncrementalSource.MouseMove, positions: [] } })],
      99_000,
      options,
    );
    expect(JSON.parse(due.events[1]!.json).data.node.childNodes[0].childNodes[0].textContent).toBe('from the store');
  });

  it('asks the page for a snapshot when it cannot write one, once an interval', async () => {
    const replicas = createTabReplicas(none);
    const declaration = (t: number) =>
      port({ type: EventType.IncrementalSnapshot, timestamp: t, data: { source: IncrementalSource.StyleDeclaration, id: 2, index: [0] } });
    await replicas.next(1, 'p', [...start(1000), declaration(1500)], 99_000, options);
    expect(await replicas.next(1, 'p', [text(12_000, 'x')], 12_000, options)).toEqual({ events: [], askPage: true });
    expect((await replicas.next(1, 'p', [text(13_000, 'x')], 13_000, options)).askPage).toBe(false);
    // The page's own snapshot makes it whole again.
    expect((await replicas.next(1, 'p', start(14_000), 14_000, options)).askPage).toBe(false);
    expect((await replicas.next(1, 'p', [text(25_000, 'y')], 25_000, options)).events).toHaveLength(2);
  });

  it('keeps one page per tab and forgets a closed tab', async () => {
    const replicas = createTabReplicas(none);
    await replicas.next(1, 'p', start(1000), 99_000, options);
    await replicas.next(1, 'q', start(2000), 99_000, options);
    expect(replicas.nodes).toBe(3);
    replicas.drop(1);
    expect(replicas.nodes).toBe(0);
  });
});
