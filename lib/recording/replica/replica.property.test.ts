/**
 * Random DOM edits, recorded as rrweb records them (a full snapshot, then one mutation event per batch
 * of edits: removes of the top-most nodes that left or moved, adds of the top-most nodes that arrived or
 * moved, in any order, with the same ids; texts; attributes), applied to the replica: the snapshot it
 * writes must be the snapshot the page would take now.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { EventType, IncrementalSource, NodeType } from '../../model/rrweb-events';
import { Replica, type SNode } from './replica';

const TAGS = ['div', 'span', 'p', 'ul', 'li', 'section'];
const ATTRS = ['class', 'title', 'data-x', 'aria-label'];

/** Assigns rrweb-like ids to live nodes, once each. */
class Ids {
  private readonly ids = new WeakMap<Node, number>();
  private next = 1;
  of(node: Node): number {
    let id = this.ids.get(node);
    if (id === undefined) this.ids.set(node, (id = this.next++));
    return id;
  }
}

/** A live node serialized as rrweb's snapshot writes it (light children, then shadow children). */
function serialize(node: Node, ids: Ids, isShadow = false): SNode {
  const id = ids.of(node);
  const shadowFlag = isShadow ? { isShadow: true } : {};
  if (node.nodeType === 9) return { id, type: NodeType.Document, childNodes: [...node.childNodes].map((c) => serialize(c, ids)) };
  if (node.nodeType === 3) return { id, type: NodeType.Text, textContent: (node as Text).data, ...shadowFlag };
  const el = node as Element;
  const attributes: Record<string, string> = {};
  for (const a of el.attributes) attributes[a.name] = a.value;
  const children = [...el.childNodes].map((c) => serialize(c, ids));
  const shadow = el.shadowRoot ? [...el.shadowRoot.childNodes].map((c) => serialize(c, ids, true)) : [];
  return {
    id,
    type: NodeType.Element,
    tagName: el.tagName.toLowerCase(),
    attributes,
    childNodes: [...children, ...shadow],
    ...(el.shadowRoot ? { isShadowHost: true } : {}),
    ...shadowFlag,
  };
}

interface Place {
  parent: number;
  /** In its parent's shadow root. */
  shadow: boolean;
  next: number | null;
  text?: string;
  attributes?: Record<string, string>;
  node: Node;
}

/** Where each recorded node sits now: parent id (a shadow root counts as its host) and next sibling. */
function places(doc: Document, ids: Ids): Map<number, Place> {
  const out = new Map<number, Place>();
  const visit = (parent: Node, parentId: number, children: NodeListOf<ChildNode> | ChildNode[], shadow = false) => {
    const list = [...children];
    list.forEach((child, i) => {
      const id = ids.of(child);
      const next = list[i + 1];
      const place: Place = { parent: parentId, shadow, next: next ? ids.of(next) : null, node: child };
      if (child.nodeType === 3) place.text = (child as Text).data;
      if (child.nodeType === 1) {
        const el = child as Element;
        place.attributes = Object.fromEntries([...el.attributes].map((a) => [a.name, a.value]));
        visit(child, id, el.childNodes);
        if (el.shadowRoot) visit(el.shadowRoot, id, el.shadowRoot.childNodes, true);
      }
      out.set(id, place);
    });
    void parent;
  };
  visit(doc, ids.of(doc), doc.childNodes);
  return out;
}

/**
 * The mutation event rrweb would write for the change from `before` to `after`. A node the batch
 * inserted (`inserted`) counts as moved even when it is back beside the same next sibling: rrweb writes
 * every insertion its observer saw, and two moves can reorder nodes whose next siblings all stay the same.
 */
function mutationFor(
  before: Map<number, Place>,
  after: Map<number, Place>,
  inserted: Set<Node>,
  ids: Ids,
  order: number[],
): Record<string, unknown> {
  const moved = (id: number) => {
    const a = after.get(id);
    const b = before.get(id);
    return !a || !b || inserted.has(a.node) || a.parent !== b.parent || a.shadow !== b.shadow || a.next !== b.next;
  };
  const removes = [...before]
    .filter(([id, b]) => moved(id) && !(before.has(b.parent) && moved(b.parent)))
    .map(([id, b]) => ({ parentId: b.parent, id }));
  const addList = [...after].filter(([id, a]) => moved(id) && !(after.has(a.parent) && moved(a.parent)));
  const adds = addList.map(([, a]) => {
    return { parentId: a.parent, nextId: a.next, node: serialize(a.node, ids, a.shadow) };
  });
  // rrweb's order is one the replayer can take in a single pass or with its queue: any order must do.
  const shuffled = adds
    .map((add, i) => ({ add, key: order[i % Math.max(order.length, 1)] ?? i }))
    .sort((x, y) => x.key - y.key)
    .map((x) => x.add);
  const texts = [...after]
    .filter(([id, a]) => a.text !== undefined && !moved(id) && before.get(id)?.text !== a.text)
    .map(([id, a]) => ({ id, value: a.text! }));
  const attributes = [...after]
    .filter(([id, a]) => a.attributes && !moved(id))
    .map(([id, a]) => {
      const was = before.get(id)!.attributes ?? {};
      const changes: Record<string, string | null> = {};
      for (const [k, v] of Object.entries(a.attributes!)) if (was[k] !== v) changes[k] = v;
      for (const k of Object.keys(was)) if (!(k in a.attributes!)) changes[k] = null;
      return { id, attributes: changes };
    })
    .filter((c) => Object.keys(c.attributes).length > 0);
  return { source: IncrementalSource.Mutation, removes, adds: shuffled, texts, attributes };
}

type Edit =
  | { kind: 'append'; target: number; tag: number; text: string; where: number }
  | { kind: 'remove'; target: number }
  | { kind: 'move'; target: number; to: number; where: number }
  | { kind: 'attr'; target: number; name: number; value: string | null }
  | { kind: 'text'; target: number; value: string }
  | { kind: 'shadow'; target: number; text: string };

const edit: fc.Arbitrary<Edit> = fc.oneof(
  fc.record({
    kind: fc.constant('append' as const),
    target: fc.nat(),
    tag: fc.nat(TAGS.length - 1),
    text: fc.string({ maxLength: 6 }),
    where: fc.nat(),
  }),
  fc.record({ kind: fc.constant('remove' as const), target: fc.nat() }),
  fc.record({ kind: fc.constant('move' as const), target: fc.nat(), to: fc.nat(), where: fc.nat() }),
  fc.record({
    kind: fc.constant('attr' as const),
    target: fc.nat(),
    name: fc.nat(ATTRS.length - 1),
    value: fc.option(fc.string({ maxLength: 8 }), { nil: null }),
  }),
  fc.record({ kind: fc.constant('text' as const), target: fc.nat(), value: fc.string({ maxLength: 8 }) }),
  fc.record({ kind: fc.constant('shadow' as const), target: fc.nat(), text: fc.string({ maxLength: 6 }) }),
);

/** Elements an edit can touch: inside body, light and shadow trees. */
function elementsOf(doc: Document): Element[] {
  const out: Element[] = [];
  const walk = (root: Element | ShadowRoot) => {
    for (const el of root.children) {
      out.push(el);
      walk(el);
      if (el.shadowRoot) walk(el.shadowRoot);
    }
  };
  walk(doc.body);
  return out;
}

/** Whether `node` is `other` or holds it, shadow roots included. */
function holds(node: Node, other: Node): boolean {
  for (let n: Node | null = other; n; n = n.parentNode ?? (n as ShadowRoot).host ?? null) if (n === node) return true;
  return false;
}

/** Makes the edit; the nodes it inserts go into `inserted`. */
function perform(doc: Document, e: Edit, inserted: Set<Node>): void {
  const els = elementsOf(doc);
  const containers = [doc.body, ...els];
  const pick = <T>(list: T[], n: number): T | undefined => (list.length ? list[n % list.length] : undefined);
  switch (e.kind) {
    case 'append': {
      const parent = pick(containers, e.target)!;
      const el = doc.createElement(TAGS[e.tag]!);
      el.appendChild(doc.createTextNode(e.text));
      const root = parent.shadowRoot && e.where % 3 === 0 ? parent.shadowRoot : parent;
      root.insertBefore(el, pick([...root.childNodes, null], e.where) ?? null);
      inserted.add(el);
      return;
    }
    case 'remove':
      pick(els, e.target)?.remove();
      return;
    case 'move': {
      const node = pick(els, e.target);
      const to = pick(containers, e.to);
      if (!node || !to || holds(node, to)) return;
      to.insertBefore(node, pick([...to.childNodes, null], e.where) ?? null);
      inserted.add(node);
      return;
    }
    case 'attr': {
      const el = pick(els, e.target);
      if (!el) return;
      if (e.value === null) el.removeAttribute(ATTRS[e.name]!);
      else el.setAttribute(ATTRS[e.name]!, e.value);
      return;
    }
    case 'text': {
      const texts: Text[] = [];
      for (const el of [doc.body, ...els]) for (const c of el.childNodes) if (c.nodeType === 3) texts.push(c as Text);
      const t = pick(texts, e.target);
      if (t) t.data = e.value;
      return;
    }
    case 'shadow': {
      const el = pick(
        els.filter((x) => !x.shadowRoot && x.tagName !== 'LI'),
        e.target,
      );
      if (!el) return;
      el.attachShadow({ mode: 'open' }).appendChild(doc.createElement('b')).appendChild(doc.createTextNode(e.text));
      return;
    }
  }
}

/**
 * Shadow and light children compared as the rebuild uses them (each list in order, never mixed). An
 * empty shadow root is left out: rrweb records no event for `attachShadow`, only what goes into it, so
 * no recording can tell a host whose shadow children all went from one that never had any.
 */
function normal(node: SNode): unknown {
  const children = node.childNodes ?? [];
  const { childNodes: _c, isShadowHost: _h, ...rest } = node;
  const shadow = children.filter((c) => c.isShadow);
  return {
    ...rest,
    ...(shadow.length ? { isShadowHost: true } : {}),
    light: children.filter((c) => !c.isShadow).map(normal),
    shadow: shadow.map(normal),
  };
}

describe('replica under random mutation sequences', () => {
  it('writes the snapshot the page would take now', () => {
    fc.assert(
      fc.property(
        fc.array(fc.array(edit, { minLength: 1, maxLength: 6 }), { minLength: 1, maxLength: 12 }),
        fc.array(fc.nat(1000), { maxLength: 8 }),
        (batches, order) => {
          const doc = document.implementation.createHTMLDocument('t');
          doc.body.innerHTML = '<div id="a">one<span class="s">two</span></div><ul><li>x</li><li>y</li></ul><p title="t">z</p>';
          const ids = new Ids();
          const replica = new Replica();
          replica.apply({ type: EventType.Meta, timestamp: 1, data: { href: 'http://x/', width: 800, height: 600 } });
          replica.apply({
            type: EventType.FullSnapshot,
            timestamp: 1,
            data: { node: serialize(doc, ids), initialOffset: { left: 0, top: 0 } },
          });
          let t = 2;
          for (const batch of batches) {
            const before = places(doc, ids);
            const inserted = new Set<Node>();
            for (const e of batch) perform(doc, e, inserted);
            const after = places(doc, ids);
            const data = mutationFor(before, after, inserted, ids, order);
            replica.apply({ type: EventType.IncrementalSnapshot, timestamp: t++, data });
          }
          const written = replica.snapshot(t);
          expect(replica.unusable).toBeNull();
          expect(written?.[1]?.type).toBe(EventType.FullSnapshot);
          const node = (written![1]!.data as { node: SNode }).node;
          expect(normal(node)).toEqual(normal(serialize(doc, ids)));
        },
      ),
      { numRuns: 150 },
    );
  }, 60_000);
});
