import { describe, expect, it } from 'vitest';
import { EventType, IncrementalSource, NodeType } from '../../model/rrweb-events';
import { deleteRule, insertRule, splitRules } from './css-rules';
import { applyStyleChanges, Replica, type RawEvent, type SNode } from './replica';

const el = (id: number, tagName: string, childNodes: SNode[] = [], attributes: Record<string, unknown> = {}): SNode => ({
  id,
  type: NodeType.Element,
  tagName,
  attributes,
  childNodes,
});
const text = (id: number, textContent: string): SNode => ({ id, type: NodeType.Text, textContent });
const inc = (data: Record<string, unknown>, timestamp = 5): RawEvent => ({ type: EventType.IncrementalSnapshot, timestamp, data });
const mutation = (d: Record<string, unknown>) =>
  inc({ source: IncrementalSource.Mutation, adds: [], removes: [], texts: [], attributes: [], ...d });

/** A replica loaded with `body`'s children under html > head + body (ids 1–4). */
function loaded(body: SNode[], head: SNode[] = []): Replica {
  const replica = new Replica();
  replica.apply({ type: EventType.Meta, timestamp: 1, data: { href: 'https://site.test/', width: 1000, height: 700 } });
  const node: SNode = { id: 1, type: NodeType.Document, childNodes: [el(2, 'html', [el(3, 'head', head), el(4, 'body', body)])] };
  replica.apply({ type: EventType.FullSnapshot, timestamp: 1, data: { node, initialOffset: { left: 0, top: 0 } } });
  return replica;
}

function written(replica: Replica, at = 9): RawEvent[] {
  const events = replica.snapshot(at);
  if (!events) throw new Error(`unusable: ${replica.unusable}`);
  return events;
}
const treeOf = (events: RawEvent[]) => (events[1]!.data as { node: SNode }).node;
function find(node: SNode, id: number): SNode | undefined {
  if (node.id === id) return node;
  for (const c of node.childNodes ?? []) {
    const hit = find(c, id);
    if (hit) return hit;
  }
  return undefined;
}

describe('css rules', () => {
  it('splits a sheet into its top-level rules', () => {
    expect(
      splitRules('@import url("a;b.css");\n.a { color: red; }\n/* c } */ @media (min-width: 1px) { .b { content: "}"; } } .c{}'),
    ).toEqual(['@import url("a;b.css");', '.a { color: red; }', '@media (min-width: 1px) { .b { content: "}"; } }', '.c{}']);
  });
  it('inserts and deletes as the CSSOM does', () => {
    const rules = ['.a{}', '.b{}'];
    insertRule(rules, '.z{}', undefined);
    insertRule(rules, '.y{}', 99);
    deleteRule(rules, 1);
    deleteRule(rules, 42);
    expect(rules).toEqual(['.z{}', '.b{}', '.y{}']);
  });
  it('applies rrweb style-object changes to an inline style', () => {
    expect(applyStyleChanges('color: red; background: url("a;b")', { color: false, width: ['1px', 'important'], top: '2px' })).toBe(
      'background: url("a;b"); width: 1px !important; top: 2px;',
    );
  });
});

describe('replica', () => {
  it('starts a segment as the page would: Meta, FullSnapshot, at one time', () => {
    const replica = loaded([el(5, 'p', [text(6, 'hi')])]);
    replica.apply(mutation({ texts: [{ id: 6, value: 'bye' }], attributes: [{ id: 5, attributes: { class: 'x' } }] }));
    replica.apply(inc({ source: IncrementalSource.ViewportResize, width: 500, height: 400 }));
    const events = written(replica, 42);
    expect(events.map((e) => [e.type, e.timestamp])).toEqual([
      [EventType.Meta, 42],
      [EventType.FullSnapshot, 42],
    ]);
    expect(events[0]!.data).toEqual({ href: 'https://site.test/', width: 500, height: 400 });
    expect(find(treeOf(events), 5)).toMatchObject({ attributes: { class: 'x' }, childNodes: [{ textContent: 'bye' }] });
  });

  it('cannot write a snapshot before it has seen one', () => {
    const replica = new Replica();
    replica.apply(mutation({ texts: [{ id: 6, value: 'x' }] }));
    expect(replica.snapshot(1)).toBeNull();
    expect(replica.unusable).toMatch(/no full snapshot/);
  });

  it('writes its own copy: later events do not change a snapshot already written', () => {
    const replica = loaded([el(5, 'p', [text(6, 'a')])]);
    const first = written(replica);
    replica.apply(mutation({ texts: [{ id: 6, value: 'b' }] }));
    expect(find(treeOf(first), 6)!.textContent).toBe('a');
  });

  it('keeps a same-origin iframe document apart and attaches it after the snapshot, outer first', () => {
    const replica = loaded([el(5, 'iframe')]);
    const inner: SNode = { id: 10, type: NodeType.Document, childNodes: [el(11, 'html', [el(12, 'body', [el(13, 'iframe')])])] };
    replica.apply(mutation({ adds: [{ parentId: 5, nextId: null, node: inner }], isAttachIframe: true }));
    replica.apply(
      mutation({
        adds: [{ parentId: 13, nextId: null, node: { id: 20, type: NodeType.Document, childNodes: [el(21, 'html')] } }],
        isAttachIframe: true,
      }),
    );
    replica.apply(mutation({ adds: [{ parentId: 12, nextId: 13, node: text(14, 'in frame') }] }));
    const events = written(replica);
    expect(find(treeOf(events), 5)!.childNodes).toEqual([]);
    const attaches = events.slice(2).map((e) => (e.data.adds as { parentId: number; node: SNode }[])[0]!);
    expect(attaches.map((a) => a.parentId)).toEqual([5, 13]);
    expect(events.slice(2).every((e) => e.data.isAttachIframe === true)).toBe(true);
    expect(find(attaches[0]!.node, 12)!.childNodes!.map((c) => c.id)).toEqual([14, 13]);
    // Removing the iframe takes its documents with it.
    replica.apply(mutation({ removes: [{ parentId: 4, id: 5 }] }));
    expect(written(replica)).toHaveLength(2);
    expect(replica.size).toBe(4);
  });

  it('follows CSSOM edits of a <style> and writes them as rrweb writes a sheet', () => {
    const style = el(5, 'style', [text(6, '')], { _cssText: '.a { color: red; }.b { color: blue; }' });
    const replica = loaded([], [style]);
    replica.apply(
      inc({ source: IncrementalSource.StyleSheetRule, id: 5, adds: [{ rule: '.c { top: 0px; }', index: 1 }], removes: [{ index: 0 }] }),
    );
    const node = find(treeOf(written(replica)), 5)!;
    expect(node.attributes!._cssText).toBe('.c { top: 0px; }.b { color: blue; }');
    expect(node.childNodes![0]!.textContent).toBe('');
    // New text replaces the sheet, CSSOM edits included, as in the browser.
    replica.apply(mutation({ texts: [{ id: 6, value: '.d{}' }] }));
    expect(find(treeOf(written(replica)), 5)!.attributes!._cssText).toBe('.d{}');
  });

  it('keeps several text children of a <style> apart with rrweb split markers', () => {
    const style = el(5, 'style', [text(6, ''), text(7, '')], { _cssText: '.a{}/* rr_split */.b{}' });
    const replica = loaded([], [style]);
    replica.apply(mutation({ texts: [{ id: 7, value: '.z{}' }] }));
    expect(find(treeOf(written(replica)), 5)!.attributes!._cssText).toBe('.a{}/* rr_split */.z{}');
  });

  it('writes adopted and constructed sheets after the tree, sheets not adopted now included', () => {
    const replica = loaded([
      el(
        5,
        'div',
        [el(6, 'b', [], {})].map((c) => ({ ...c, isShadow: true })),
        {},
      ),
    ]);
    replica.apply(
      inc({
        source: IncrementalSource.AdoptedStyleSheet,
        id: 1,
        styleIds: [1],
        styles: [{ styleId: 1, rules: [{ rule: '.a{}', index: 0 }] }],
      }),
    );
    replica.apply(
      inc({
        source: IncrementalSource.AdoptedStyleSheet,
        id: 5,
        styleIds: [1, 2],
        styles: [{ styleId: 2, rules: [{ rule: '.b{}', index: 0 }] }],
      }),
    );
    replica.apply(inc({ source: IncrementalSource.StyleSheetRule, styleId: 2, adds: [{ rule: '.c{}', index: 1 }] }));
    replica.apply(
      inc({
        source: IncrementalSource.AdoptedStyleSheet,
        id: 1,
        styleIds: [],
        styles: [{ styleId: 3, rules: [{ rule: '.d{}', index: 0 }] }],
      }),
    );
    const adopted = written(replica)
      .slice(2)
      .map((e) => e.data);
    expect(adopted).toEqual([
      { source: IncrementalSource.AdoptedStyleSheet, id: 1, styleIds: [] },
      {
        source: IncrementalSource.AdoptedStyleSheet,
        id: 5,
        styleIds: [1, 2],
        styles: [
          { styleId: 1, rules: [{ rule: '.a{}', index: 0 }] },
          {
            styleId: 2,
            rules: [
              { rule: '.b{}', index: 0 },
              { rule: '.c{}', index: 1 },
            ],
          },
        ],
      },
      { source: IncrementalSource.AdoptedStyleSheet, id: 1, styleIds: [], styles: [{ styleId: 3, rules: [{ rule: '.d{}', index: 0 }] }] },
    ]);
  });

  it('restores input values (masked as recorded), scroll and media state', () => {
    const replica = loaded([el(5, 'input', [], { type: 'text' }), el(6, 'input', [], { type: 'checkbox' }), el(7, 'div'), el(8, 'video')]);
    replica.apply(inc({ source: IncrementalSource.Input, id: 5, text: '*****', isChecked: false }));
    replica.apply(inc({ source: IncrementalSource.Input, id: 6, text: 'on', isChecked: true }));
    replica.apply(inc({ source: IncrementalSource.Scroll, id: 7, x: 0, y: 120 }));
    replica.apply(inc({ source: IncrementalSource.Scroll, id: 1, x: 0, y: 300 }));
    replica.apply(inc({ source: IncrementalSource.MediaInteraction, type: 0, id: 8, currentTime: 3.5 }));
    const events = written(replica);
    const tree = treeOf(events);
    // Values come back as the replayer applies them: as Input events, not attributes.
    expect(find(tree, 5)!.attributes).toEqual({ type: 'text' });
    expect(events.filter((e) => e.data.source === IncrementalSource.Input).map((e) => e.data)).toEqual([
      { source: IncrementalSource.Input, id: 5, text: '*****', isChecked: false },
      { source: IncrementalSource.Input, id: 6, text: 'on', isChecked: true },
    ]);
    expect(find(tree, 7)!.attributes).toEqual({ rr_scrollTop: 120 });
    expect(find(tree, 8)!.attributes).toMatchObject({ rr_mediaState: 'played', rr_mediaCurrentTime: 3.5 });
    expect(events[1]!.data.initialOffset).toEqual({ left: 0, top: 300 });
    expect(events.slice(2).map((e) => e.data.source)).toEqual([IncrementalSource.Scroll, IncrementalSource.Input, IncrementalSource.Input]);
  });

  it('gives up on what it cannot follow until the page snapshots again, and lets go of its tree', () => {
    const replica = loaded([el(5, 'p')]);
    replica.apply(inc({ source: IncrementalSource.StyleDeclaration, id: 5, index: [0], set: { property: 'color', value: 'red' } }));
    expect(replica.snapshot(9)).toBeNull();
    expect(replica.unusable).toMatch(/declaration/);
    expect(replica.size).toBe(0);
    const again = loaded([el(5, 'p')]);
    again.apply(inc({ source: IncrementalSource.StyleSheetRule, id: 5, adds: [{ rule: '.a{}', index: [0, 1] }] }));
    expect(again.unusable).toMatch(/nested/);
  });

  it('stays within its node bound', () => {
    const replica = new Replica({ maxNodes: 10, maxCssChars: 100 });
    replica.apply({ type: EventType.Meta, timestamp: 1, data: { href: 'x', width: 1, height: 1 } });
    replica.apply({
      type: EventType.FullSnapshot,
      timestamp: 1,
      data: { node: { id: 1, type: NodeType.Document, childNodes: [el(2, 'html')] } },
    });
    replica.apply(mutation({ adds: Array.from({ length: 12 }, (_, i) => ({ parentId: 2, nextId: null, node: el(10 + i, 'i') })) }));
    expect(replica.unusable).toMatch(/more than 10 nodes/);
    expect(replica.size).toBe(0);
  });

  it('marks the host of a node added in a shadow root', () => {
    const replica = loaded([el(5, 'div')]);
    replica.apply(mutation({ adds: [{ parentId: 5, nextId: null, node: { ...el(6, 'b'), isShadow: true } }] }));
    expect(find(treeOf(written(replica)), 5)!.isShadowHost).toBe(true);
  });
});
