/**
 * A replica of one recorded page, kept as rrweb's own serialized node tree: the page's last full
 * snapshot with every later incremental event applied to it, so a full snapshot that starts a new
 * segment of the rolling window can be written here, in the extension, instead of by the page (whose
 * checkout is one long task on its main thread). Pure data, no DOM: it runs in the service worker.
 *
 * What it keeps is what rrweb's replayer would rebuild from the same events: the node tree (same-origin
 * iframe documents and shadow roots included), text, attributes, input values, scroll positions, media
 * state, CSSOM rule changes of `<style>`/`<link>` sheets, constructed sheets and who adopts them. What it
 * cannot follow (a nested-rule edit, a style declaration edit, a tree too large to hold) marks it
 * unusable until the page's next own snapshot: the caller then asks the page for one instead.
 */
import { EventType, IncrementalSource, NodeType } from '../../model/rrweb-events';
import { deleteRule, insertRule, splitRules } from './css-rules';

/** A serialized node as rrweb writes it (`serializedNodeWithId`), held as plain JSON. */
export interface SNode {
  id: number;
  type: number;
  tagName?: string;
  attributes?: Record<string, unknown>;
  childNodes?: SNode[];
  textContent?: string;
  isShadow?: boolean;
  isShadowHost?: boolean;
  rootId?: number;
  [key: string]: unknown;
}

/** One rrweb event as parsed from its JSON. */
export interface RawEvent {
  type: number;
  timestamp: number;
  data: Record<string, unknown>;
}

interface Meta {
  href: string;
  width: number;
  height: number;
}

/** Limits that keep the replica's memory bounded: past them it gives up until the next page snapshot. */
export interface ReplicaLimits {
  /** Nodes held (a 60k-element page holds about 120k with its text nodes). */
  maxNodes: number;
  /** Characters of CSS held as rule lists (constructed sheets and CSSOM-edited sheets). */
  maxCssChars: number;
}

export const DEFAULT_REPLICA_LIMITS: ReplicaLimits = { maxNodes: 400_000, maxCssChars: 8 << 20 };

const RR_SPLIT = '/* rr_split */';

/** Adds whose parent or next sibling has not arrived yet wait for it, as in rrweb's replayer. */
interface PendingAdd {
  parentId: number;
  nextId: number | null;
  previousId: number | null;
  node: SNode;
}

export class Replica {
  private meta: Meta | null = null;
  private root: SNode | null = null;
  private readonly nodes = new Map<number, SNode>();
  private readonly parentOf = new Map<number, number>();
  /** The document attached to each same-origin iframe element (not in the element's childNodes). */
  private readonly iframeDocs = new Map<number, SNode>();
  private readonly scrolls = new Map<number, { x: number; y: number }>();
  private readonly inputs = new Map<number, { text: string; isChecked: boolean }>();
  /** Rules of `<style>`/`<link>` sheets edited through the CSSOM, by node id. */
  private readonly styleRules = new Map<number, string[]>();
  /** Constructed sheets by rrweb style id, and which sheets each document or shadow host adopts. */
  private readonly sheets = new Map<number, string[]>();
  private readonly adopted = new Map<number, number[]>();
  private cssChars = 0;
  /** Why the replica cannot write a snapshot now (null: it can). */
  private broken: string | null = 'no full snapshot yet';
  /** Time of the last event applied. */
  lastTime = 0;

  constructor(private readonly limits: ReplicaLimits = DEFAULT_REPLICA_LIMITS) {}

  /** Null when a snapshot can be written; else why not. */
  get unusable(): string | null {
    return this.broken;
  }

  /** Nodes held. */
  get size(): number {
    return this.nodes.size;
  }

  /** Applies one recorded event, in recording order. */
  apply(event: RawEvent): void {
    this.lastTime = Math.max(this.lastTime, event.timestamp);
    const data = event.data ?? {};
    try {
      if (event.type === EventType.Meta) {
        this.meta = { href: String(data.href ?? ''), width: Number(data.width) || 0, height: Number(data.height) || 0 };
        return;
      }
      if (event.type === EventType.FullSnapshot) return this.loadFull(data);
      if (event.type !== EventType.IncrementalSnapshot || this.root === null) return;
      this.applyIncremental(data);
    } catch (error) {
      this.fail(`event not followed: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  /** Marks the replica unusable and lets go of its tree (memory), until the next full snapshot. */
  private fail(reason: string): void {
    if (this.broken !== null && this.root === null) return;
    this.broken = reason;
    this.clear();
  }

  private clear(): void {
    this.root = null;
    this.nodes.clear();
    this.parentOf.clear();
    this.iframeDocs.clear();
    this.scrolls.clear();
    this.inputs.clear();
    this.styleRules.clear();
    this.sheets.clear();
    this.adopted.clear();
    this.cssChars = 0;
  }

  private loadFull(data: Record<string, unknown>): void {
    this.clear();
    const node = data.node as SNode | undefined;
    if (!node || typeof node !== 'object') return this.fail('full snapshot without a tree');
    this.root = node;
    this.broken = null;
    this.index(node, null);
    const offset = data.initialOffset as { left?: number; top?: number } | undefined;
    if (offset && (offset.left || offset.top)) this.scrolls.set(node.id, { x: offset.left ?? 0, y: offset.top ?? 0 });
    this.checkSize();
  }

  /** Indexes a subtree (iteratively: a page can nest deeper than the call stack). */
  private index(node: SNode, parentId: number | null): void {
    const stack: [SNode, number | null][] = [[node, parentId]];
    while (stack.length) {
      const [n, p] = stack.pop()!;
      this.nodes.set(n.id, n);
      if (p !== null) this.parentOf.set(n.id, p);
      else this.parentOf.delete(n.id);
      if (n.type === NodeType.Element && n.tagName === 'style') this.spreadStyleText(n);
      for (const child of n.childNodes ?? []) stack.push([child, n.id]);
      const doc = this.iframeDocs.get(n.id);
      if (doc) stack.push([doc, n.id]);
    }
  }

  /**
   * rrweb writes a `<style>`'s CSS into its `_cssText` attribute (with `rr_split` markers between the
   * texts of several text children) and leaves the children empty: the text goes back to the children
   * here, so a later text change of one of them applies where the replayer applies it.
   */
  private spreadStyleText(style: SNode): void {
    const css = style.attributes?._cssText;
    const texts = (style.childNodes ?? []).filter((c) => c.type === NodeType.Text);
    if (typeof css !== 'string' || texts.length === 0) return;
    const parts = texts.length > 1 ? css.split(RR_SPLIT) : [css];
    if (parts.length !== texts.length) return;
    texts.forEach((t, i) => (t.textContent = parts[i]!));
    delete style.attributes!._cssText;
    style.cssFromChildren = true;
  }

  private unindex(node: SNode): void {
    const stack = [node];
    while (stack.length) {
      const n = stack.pop()!;
      this.nodes.delete(n.id);
      this.parentOf.delete(n.id);
      this.scrolls.delete(n.id);
      this.inputs.delete(n.id);
      this.adopted.delete(n.id);
      const rules = this.styleRules.get(n.id);
      if (rules) this.dropRules(n.id, rules);
      for (const child of n.childNodes ?? []) stack.push(child);
      const doc = this.iframeDocs.get(n.id);
      if (doc) {
        this.iframeDocs.delete(n.id);
        stack.push(doc);
      }
    }
  }

  private checkSize(): void {
    if (this.nodes.size > this.limits.maxNodes) this.fail(`more than ${this.limits.maxNodes} nodes`);
    else if (this.cssChars > this.limits.maxCssChars) this.fail('too much CSS held as rules');
  }

  private applyIncremental(data: Record<string, unknown>): void {
    switch (data.source) {
      case IncrementalSource.Mutation:
        return this.applyMutation(data);
      case IncrementalSource.Scroll: {
        const id = Number(data.id);
        if (this.nodes.has(id)) this.scrolls.set(id, { x: Number(data.x) || 0, y: Number(data.y) || 0 });
        return;
      }
      case IncrementalSource.ViewportResize:
        if (this.meta) this.meta = { ...this.meta, width: Number(data.width) || 0, height: Number(data.height) || 0 };
        return;
      case IncrementalSource.Input:
        return this.applyInput(data);
      case IncrementalSource.MediaInteraction:
        return this.applyMedia(data);
      case IncrementalSource.StyleSheetRule:
        return this.applyRules(data);
      case IncrementalSource.StyleDeclaration:
        return this.fail('a style declaration edit (not followed)');
      case IncrementalSource.AdoptedStyleSheet:
        return this.applyAdopted(data);
      default:
        // Mouse, touch, selection, canvas (off), fonts (off), custom elements (defined by the replayer
        // from the tree's `isCustom`): nothing that a later snapshot holds.
        return;
    }
  }

  private applyMutation(data: Record<string, unknown>): void {
    const removes = (data.removes as { parentId: number; id: number }[] | undefined) ?? [];
    const adds = (data.adds as PendingAdd[] | undefined) ?? [];
    const texts = (data.texts as { id: number; value: string | null }[] | undefined) ?? [];
    const attributes = (data.attributes as { id: number; attributes: Record<string, unknown> }[] | undefined) ?? [];
    // Children leave their parents' lists in one pass per parent: a list losing hundreds of rows in one
    // mutation (a live feed trimming its head) was spliced once per row, each time shifting the rest.
    const leaving = new Map<SNode, Set<SNode>>();
    for (const r of removes) this.remove(r.id, leaving);
    for (const [parent, gone] of leaving) parent.childNodes = parent.childNodes!.filter((child) => !gone.has(child));
    this.addAll(adds);
    // The replayer applies only the last text of a node in one mutation.
    const lastText = new Map<number, string | null>();
    for (const t of texts) lastText.set(t.id, t.value);
    for (const [id, value] of lastText) {
      const node = this.nodes.get(id);
      if (!node) continue;
      node.textContent = value ?? '';
      const parent = this.nodes.get(this.parentOf.get(id) ?? -1);
      if (parent?.tagName === 'style') this.styleTextChanged(parent);
    }
    for (const a of attributes) {
      const node = this.nodes.get(a.id);
      if (node?.type === NodeType.Element) this.setAttributes(node, a.attributes ?? {});
    }
    this.checkSize();
  }

  /** Takes a node and its subtree out; with `leaving`, its parent's list is left to the caller to filter. */
  private remove(id: number, leaving?: Map<SNode, Set<SNode>>): void {
    const node = this.nodes.get(id);
    if (!node) return;
    const parentId = this.parentOf.get(id);
    const parent = parentId === undefined ? undefined : this.nodes.get(parentId);
    if (parent) {
      if (this.iframeDocs.get(parent.id) === node) this.iframeDocs.delete(parent.id);
      else if (parent.childNodes && leaving) {
        const gone = leaving.get(parent);
        if (gone) gone.add(node);
        else leaving.set(parent, new Set([node]));
      } else if (parent.childNodes) {
        const at = parent.childNodes.indexOf(node);
        if (at >= 0) parent.childNodes.splice(at, 1);
      }
      if (parent.tagName === 'style' && node.type === NodeType.Text) this.styleTextChanged(parent);
    }
    this.unindex(node);
  }

  private addAll(adds: PendingAdd[]): void {
    let queue = adds;
    // As the replayer does: an add whose parent or next sibling is not there yet waits for it.
    while (queue.length) {
      const waiting: PendingAdd[] = [];
      for (const add of queue) if (!this.add(add)) waiting.push(add);
      if (waiting.length === queue.length) return; // The replayer drops these too.
      queue = waiting;
    }
  }

  /** Inserts one added node; false when it must wait. */
  private add(add: PendingAdd): boolean {
    const parent = this.nodes.get(add.parentId);
    if (!parent) return false;
    const nextId = add.nextId ?? null;
    if (nextId !== null && nextId !== -1 && !this.nodes.has(nextId)) return false;
    const node = add.node;
    if (!node || typeof node.id !== 'number') return true;
    const existing = this.nodes.get(node.id);
    if (existing) this.remove(node.id);
    if (parent.type === NodeType.Element && parent.tagName === 'iframe' && node.type === NodeType.Document) {
      // A same-origin iframe's document: rrweb attaches it with a mutation of its own.
      const old = this.iframeDocs.get(parent.id);
      if (old) this.unindex(old);
      this.iframeDocs.set(parent.id, node);
      this.index(node, parent.id);
      return true;
    }
    const children = (parent.childNodes ??= []);
    const previous = add.previousId ? this.nodes.get(add.previousId) : undefined;
    const next = nextId !== null ? this.nodes.get(nextId) : undefined;
    let at = children.length;
    if (previous && this.parentOf.get(previous.id) === parent.id) at = children.indexOf(previous) + 1;
    else if (next && this.parentOf.get(next.id) === parent.id) at = children.indexOf(next);
    if (at < 0) at = children.length;
    if (parent.type === NodeType.Document && node.type === NodeType.Element && node.tagName === 'html') {
      // A document has one root element: the replayer removes the old one first.
      for (const old of children.filter((c) => c.type === NodeType.Element)) this.remove(old.id);
      at = Math.min(at, children.length);
    }
    if (parent.tagName === 'textarea' && node.type === NodeType.Text) {
      for (const old of children.filter((c) => c.type === NodeType.Text)) this.remove(old.id);
      at = Math.min(at, children.length);
    }
    children.splice(at, 0, node);
    // The replayer attaches a shadow root for it; a snapshot of the tree must say the host has one.
    if (node.isShadow && parent.type === NodeType.Element) parent.isShadowHost = true;
    this.index(node, parent.id);
    if (parent.tagName === 'style' && node.type === NodeType.Text) this.styleTextChanged(parent);
    return true;
  }

  /** A style's text changed: the browser parses it again, so CSSOM edits made before are gone. */
  private styleTextChanged(style: SNode): void {
    style.cssFromChildren = true;
    if (style.attributes && '_cssText' in style.attributes) delete style.attributes._cssText;
    const rules = this.styleRules.get(style.id);
    if (rules) this.dropRules(style.id, rules);
  }

  private dropRules(id: number, rules: string[]): void {
    this.cssChars -= rules.reduce((n, r) => n + r.length, 0);
    this.styleRules.delete(id);
  }

  private setAttributes(node: SNode, changes: Record<string, unknown>): void {
    const attributes = (node.attributes ??= {});
    for (const [name, value] of Object.entries(changes)) {
      if (value === null) delete attributes[name];
      else if (typeof value === 'string') {
        if (name === '_cssText' && (node.tagName === 'style' || node.tagName === 'link')) {
          // A stylesheet that loaded, or was written again: its rules are this text now.
          const rules = this.styleRules.get(node.id);
          if (rules) this.dropRules(node.id, rules);
          delete node.cssFromChildren;
        }
        if (name === 'value' && node.tagName === 'textarea') {
          for (const old of (node.childNodes ?? []).filter((c) => c.type === NodeType.Text)) this.remove(old.id);
        }
        attributes[name] = value;
      } else if (name === 'style' && value && typeof value === 'object') {
        attributes.style = applyStyleChanges(
          typeof attributes.style === 'string' ? attributes.style : '',
          value as Record<string, unknown>,
        );
      }
    }
  }

  private applyInput(data: Record<string, unknown>): void {
    const id = Number(data.id);
    const node = this.nodes.get(id);
    if (!node) return;
    this.inputs.set(id, { text: String(data.text ?? ''), isChecked: Boolean(data.isChecked) });
  }

  private applyMedia(data: Record<string, unknown>): void {
    const node = this.nodes.get(Number(data.id));
    if (!node?.attributes) return;
    const a = node.attributes;
    if (data.type === 0) a.rr_mediaState = 'played';
    else if (data.type === 1) a.rr_mediaState = 'paused';
    if (typeof data.currentTime === 'number') a.rr_mediaCurrentTime = data.currentTime;
    if (typeof data.volume === 'number') a.rr_mediaVolume = data.volume;
    if (typeof data.muted === 'boolean') a.rr_mediaMuted = data.muted;
    if (typeof data.loop === 'boolean') a.rr_mediaLoop = data.loop;
    if (typeof data.playbackRate === 'number') a.rr_mediaPlaybackRate = data.playbackRate;
  }

  /** The rule list of a `<style>`/`<link>` node or a constructed sheet, made from its text on first edit. */
  private rulesOf(data: Record<string, unknown>): string[] | null {
    if (typeof data.styleId === 'number') {
      let rules = this.sheets.get(data.styleId);
      if (!rules) this.sheets.set(data.styleId, (rules = []));
      return rules;
    }
    const node = this.nodes.get(Number(data.id));
    if (!node) return null;
    let rules = this.styleRules.get(node.id);
    if (!rules) {
      rules = splitRules(this.cssOf(node));
      this.cssChars += rules.reduce((n, r) => n + r.length, 0);
      this.styleRules.set(node.id, rules);
    }
    return rules;
  }

  /** The CSS a `<style>`/`<link>` node holds as text. */
  private cssOf(node: SNode): string {
    if (node.cssFromChildren)
      return (node.childNodes ?? [])
        .filter((c) => c.type === NodeType.Text)
        .map((c) => c.textContent ?? '')
        .join('');
    const css = node.attributes?._cssText;
    return typeof css === 'string' ? css : '';
  }

  private applyRules(data: Record<string, unknown>): void {
    const adds = (data.adds as { rule: string; index?: number | number[] }[] | undefined) ?? [];
    const removes = (data.removes as { index: number | number[] }[] | undefined) ?? [];
    if ([...adds, ...removes].some((r) => Array.isArray(r.index))) return this.fail('a nested rule edit (not followed)');
    const rules = this.rulesOf(data);
    if (!rules) return;
    const before = rules.reduce((n, r) => n + r.length, 0);
    for (const add of adds) if (typeof add.rule === 'string') insertRule(rules, add.rule, add.index as number | undefined);
    for (const remove of removes) deleteRule(rules, remove.index as number);
    for (const text of [data.replace, data.replaceSync]) {
      if (typeof text === 'string') rules.splice(0, rules.length, ...splitRules(text));
    }
    this.cssChars += rules.reduce((n, r) => n + r.length, 0) - before;
    this.checkSize();
  }

  private applyAdopted(data: Record<string, unknown>): void {
    const styles = (data.styles as { styleId: number; rules: { rule: string; index?: number }[] }[] | undefined) ?? [];
    for (const style of styles) {
      const rules: string[] = [];
      for (const r of style.rules ?? []) insertRule(rules, r.rule, r.index ?? rules.length);
      const old = this.sheets.get(style.styleId);
      this.cssChars += rules.reduce((n, r) => n + r.length, 0) - (old ?? []).reduce((n, r) => n + r.length, 0);
      this.sheets.set(style.styleId, rules);
    }
    const host = Number(data.id);
    if (this.nodes.has(host))
      this.adopted.set(
        host,
        ((data.styleIds as number[] | undefined) ?? []).filter((n) => typeof n === 'number'),
      );
    this.checkSize();
  }

  /**
   * The events that start a segment at `timestamp` as the page's own checkout would: Meta, FullSnapshot,
   * then what a node tree cannot hold (iframe documents, adopted sheets, scroll positions, input values),
   * all at the same time. Null when the replica cannot (see `unusable`).
   */
  snapshot(timestamp: number): RawEvent[] | null {
    if (this.broken !== null || !this.root || !this.meta) return null;
    const root = this.root;
    const events: RawEvent[] = [
      { type: EventType.Meta, timestamp, data: { ...this.meta } },
      {
        type: EventType.FullSnapshot,
        timestamp,
        data: {
          node: this.write(root),
          initialOffset: { left: this.scrolls.get(root.id)?.x ?? 0, top: this.scrolls.get(root.id)?.y ?? 0 },
        },
      },
    ];
    const mutation = (adds: unknown[]) => ({
      source: IncrementalSource.Mutation,
      adds,
      removes: [],
      texts: [],
      attributes: [],
      isAttachIframe: true,
    });
    // Outer documents before inner ones, each attached as rrweb attaches it.
    for (const iframeId of this.inTreeOrder([...this.iframeDocs.keys()])) {
      const doc = this.iframeDocs.get(iframeId)!;
      events.push({
        type: EventType.IncrementalSnapshot,
        timestamp,
        data: mutation([{ parentId: iframeId, nextId: null, node: this.write(doc) }]),
      });
    }
    const hosts = this.inTreeOrder([...this.adopted.keys()]);
    const defined = new Set<number>();
    for (const host of hosts) {
      const styleIds = this.adopted.get(host)!;
      const styles = styleIds
        .filter((id) => !defined.has(id) && this.sheets.has(id))
        .map((styleId) => {
          defined.add(styleId);
          return { styleId, rules: this.sheets.get(styleId)!.map((rule, index) => ({ rule, index })) };
        });
      events.push({
        type: EventType.IncrementalSnapshot,
        timestamp,
        data: { source: IncrementalSource.AdoptedStyleSheet, id: host, styleIds, ...(styles.length ? { styles } : {}) },
      });
    }
    // Sheets made but adopted by no one now may be adopted later by id alone: the replayer must know them.
    const rest = [...this.sheets.keys()].filter((id) => !defined.has(id));
    if (rest.length) {
      const styles = rest.map((styleId) => ({ styleId, rules: this.sheets.get(styleId)!.map((rule, index) => ({ rule, index })) }));
      events.push({
        type: EventType.IncrementalSnapshot,
        timestamp,
        data: { source: IncrementalSource.AdoptedStyleSheet, id: root.id, styleIds: this.adopted.get(root.id) ?? [], styles },
      });
    }
    for (const id of this.inTreeOrder([...this.scrolls.keys()])) {
      if (id === root.id) continue;
      const s = this.scrolls.get(id)!;
      events.push({ type: EventType.IncrementalSnapshot, timestamp, data: { source: IncrementalSource.Scroll, id, x: s.x, y: s.y } });
    }
    for (const [id, input] of this.inputs) {
      if (this.nodes.has(id))
        events.push({
          type: EventType.IncrementalSnapshot,
          timestamp,
          data: { source: IncrementalSource.Input, id, text: input.text, isChecked: input.isChecked },
        });
    }
    return events;
  }

  /** `ids` sorted by their node's position in the whole tree (iframe documents after their element). */
  private inTreeOrder(ids: number[]): number[] {
    if (ids.length < 2) return ids.filter((id) => this.nodes.has(id));
    const wanted = new Set(ids);
    const order: number[] = [];
    const stack: SNode[] = this.root ? [this.root] : [];
    while (stack.length && order.length < wanted.size) {
      const n = stack.pop()!;
      if (wanted.has(n.id)) order.push(n.id);
      const doc = this.iframeDocs.get(n.id);
      if (doc) stack.push(doc);
      const children = n.childNodes ?? [];
      for (let i = children.length - 1; i >= 0; i--) stack.push(children[i]!);
    }
    return order;
  }

  /**
   * A copy of a subtree as rrweb's serializer would write it now: style sheets as `_cssText` (the edited
   * rule list, or the children's texts joined with rrweb's split marker), element scroll as `rr_scroll*`.
   * Input values are not written as attributes (the replayer sets a typed value as a property, and a
   * textarea's value attribute would become a text child): Input events after the snapshot restore them.
   * Iterative, like the indexing.
   */
  private write(node: SNode): SNode {
    const out = this.copy(node);
    const stack: [SNode, SNode][] = [[node, out]];
    while (stack.length) {
      const [src, dst] = stack.pop()!;
      if (!src.childNodes) continue;
      dst.childNodes = src.childNodes.map((child) => {
        const copy = this.copy(child);
        stack.push([child, copy]);
        return copy;
      });
      if (src.tagName === 'style' || src.tagName === 'link') this.writeSheet(src, dst);
    }
    return out;
  }

  private copy(node: SNode): SNode {
    const { childNodes: _children, cssFromChildren: _css, ...rest } = node;
    const copy: SNode = { ...rest };
    if (node.attributes) {
      const attributes = { ...node.attributes };
      const scroll = this.scrolls.get(node.id);
      if (scroll && node.type === NodeType.Element) {
        if (scroll.x) attributes.rr_scrollLeft = scroll.x;
        else delete attributes.rr_scrollLeft;
        if (scroll.y) attributes.rr_scrollTop = scroll.y;
        else delete attributes.rr_scrollTop;
      }
      copy.attributes = attributes;
    }
    return copy;
  }

  /** Writes a sheet's CSS into `_cssText` as rrweb's serializer does, emptying the text children. */
  private writeSheet(src: SNode, dst: SNode): void {
    const rules = this.styleRules.get(src.id);
    const texts = (dst.childNodes ?? []).filter((c) => c.type === NodeType.Text);
    let css: string | null = null;
    if (rules) css = rules.join('');
    else if (src.cssFromChildren)
      css = texts.length > 1 ? texts.map((t) => t.textContent ?? '').join(RR_SPLIT) : (texts[0]?.textContent ?? '');
    if (css === null) return;
    dst.attributes = { ...(dst.attributes ?? {}), _cssText: css };
    for (const t of texts) t.textContent = '';
  }
}

/** An inline style attribute after rrweb's style-object change (`{prop: value | [value, priority] | false}`). */
export function applyStyleChanges(style: string, changes: Record<string, unknown>): string {
  const declarations = new Map<string, string>();
  for (const part of splitDeclarations(style)) {
    const colon = part.indexOf(':');
    if (colon > 0) declarations.set(part.slice(0, colon).trim().toLowerCase(), part.slice(colon + 1).trim());
  }
  for (const [property, value] of Object.entries(changes)) {
    const name = property.trim().toLowerCase();
    declarations.delete(name);
    if (value === false) continue;
    if (Array.isArray(value)) declarations.set(name, `${String(value[0])}${value[1] ? ` !${String(value[1])}` : ''}`);
    else if (typeof value === 'string' && value !== '') declarations.set(name, value);
  }
  return [...declarations].map(([name, value]) => `${name}: ${value};`).join(' ');
}

/** `a: b; c: url("x;y")` split at the semicolons outside strings and parentheses. */
function splitDeclarations(style: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let quote: string | null = null;
  let from = 0;
  for (let i = 0; i < style.length; i++) {
    const c = style[i]!;
    if (quote) {
      if (c === '\\') i++;
      else if (c === quote) quote = null;
    } else if (c === '"' || c === "'") quote = c;
    else if (c === '(') depth++;
    else if (c === ')') depth = Math.max(0, depth - 1);
    else if (c === ';' && depth === 0) {
      parts.push(style.slice(from, i));
      from = i + 1;
    }
  }
  parts.push(style.slice(from));
  return parts.filter((p) => p.trim());
}
