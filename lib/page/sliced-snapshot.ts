/**
 * The page's first full snapshot, taken in slices that yield to the page instead of one long task.
 * rrweb's own walk runs as steps (`reproSerializeSteps`, see `patches/README.md`); a MutationObserver
 * keeps every change that lands between slices. At the end, in one task, the nodes those changes touched
 * are serialized again (with their ancestors' child lists, reusing every untouched child's serialization),
 * the snapshot is emitted and rrweb's observers start: the tree is the document as it stands in that task,
 * with the ids rrweb's mirror gave its nodes, so no change is lost or recorded twice. Values no mutation
 * reports (form fields, scroll offsets, media state, stylesheets edited through the CSSOM, sizes of
 * blocked elements, custom element definitions) are read again in that task for every element they can
 * change. Too many changes meanwhile and rrweb's synchronous snapshot is taken instead. Scroll offsets
 * are read only of elements that may have been scrolled (`scroll-history.ts`): in a slice, the first read
 * lays the page out again after the changes since the last slice. Page-safe.
 */

import { UNKNOWN_SCROLL_HISTORY, type ScrollHistory } from './scroll-history';

/** A node as rrweb-snapshot serializes it (only what the reconciliation reads). */
export interface SerializedNode {
  id: number;
  type: number;
  tagName?: string;
  attributes?: Record<string, unknown>;
  childNodes?: SerializedNode[];
}

/** What the stepped walk asks as it goes (see `reproSerializeSteps` in the rrweb patch). */
export interface StepHooks {
  /** True when this slice has used its time: the walk pauses before the next child. */
  due(): boolean;
  /** A child's serialization that is still good (null: the child is left out), or undefined to serialize it. */
  reuse(child: Node, parent: Node): SerializedNode | null | undefined;
  /** Every node the walk serializes (left-out ones too, with id -2). */
  seen(node: Node, serialized: SerializedNode): void;
  /** Wraps an iframe or stylesheet load listener so it runs only once the snapshot is out. */
  defer(node: Node, listener: () => void): () => void;
  /** True when the element was never scrolled: its scroll offsets are not read. Absent: every element's are. */
  unscrolled?(element: Element): boolean;
}

/** What the patched `record()` hands over when given `reproSnapshotInSlices`. */
export interface SnapshotApi {
  /**
   * rrweb's serialization of `node` and its subtree, as steps. Whether its text is masked is read from
   * its ancestors, as rrweb does for the document.
   */
  steps(node: Node, hooks: StepHooks): Generator<void, SerializedNode | null>;
  /** The latest serialization of `node` in rrweb's id map (undefined: never serialized, or forgotten). */
  meta(node: Node): SerializedNode | undefined;
  /** Drops a node that is not in the snapshot from rrweb's id map. */
  forget(node: Node): void;
  /** rrweb's block and mask classes and selectors, as text (null: one is a pattern this cannot read). */
  privacyText: string | null;
  /** Emits Meta and FullSnapshot for `root` and starts rrweb's observers, in this task; `nodes` are the frames, stylesheet links and shadow hosts in it. */
  finish(root: SerializedNode, nodes: Node[]): void;
  /** Takes rrweb's own synchronous snapshot instead and starts the observers. */
  fallback(): void;
}

export interface SliceScheduling {
  now(): number;
  /** Runs `fn` in a later task, letting the page's own tasks, input and rendering go first. */
  next(fn: () => void): void;
  /** Runs the first slice: after the page's next frame by default (`afterFrame`). */
  first?(fn: () => void): void;
  /** Milliseconds of work per slice. */
  budgetMs: number;
  /** Changes between slices above which the snapshot is taken synchronously instead. */
  maxChanges: number;
}

/**
 * Slices of 10 ms leave a 60 Hz page its frames and keep every task far below the 50 ms at which the
 * browser calls a task long. Past 20k changes, reconciling them would itself be a long task.
 */
export const SLICE_BUDGET_MS = 10;
export const MAX_CHANGES_WHILE_SLICING = 20_000;

type Yielder = { yield?: () => Promise<void> };
// Taken when the page-world script loads (document_start), before any page script can replace them.
const schedulerYield = (globalThis as { scheduler?: Yielder }).scheduler?.yield?.bind((globalThis as { scheduler?: Yielder }).scheduler);
const Channel = globalThis.MessageChannel;
const Observer = globalThis.MutationObserver;
const ElementProto: { attachShadow?: (init: ShadowRootInit) => ShadowRoot } | undefined = globalThis.Element?.prototype;
const clock = globalThis.performance?.now.bind(globalThis.performance) ?? Date.now;

const microtask = globalThis.queueMicrotask?.bind(globalThis);

/**
 * `scheduler.yield` where the browser has it (its continuation goes before other queued tasks); else a
 * message task, which setTimeout's 4 ms clamp does not slow. After `scheduler.yield` the slice runs in a
 * callback the browser calls (`queueMicrotask`), not in the promise's own reaction: Chromium counts the
 * one as script, in the page's performance metrics and in DevTools, and leaves the other out as task
 * time nothing is named for, which hid the snapshot's cost from anyone measuring the page.
 */
function nextTask(fn: () => void): void {
  if (schedulerYield) {
    const run = microtask ? () => microtask(fn) : fn;
    schedulerYield().then(run, run);
    return;
  }
  if (Channel) {
    const channel = new Channel();
    channel.port1.onmessage = () => {
      channel.port1.close();
      fn();
    };
    channel.port2.postMessage(null);
    return;
  }
  setTimeout(fn, 0);
}

const frame = globalThis.requestAnimationFrame?.bind(globalThis);
/**
 * A page not rendered since it was parsed has no layout yet: the walk's first read of a scroll offset
 * would lay the whole page out inside the recorder's task. The browser's own frame does it instead.
 */
const FRAME_WAIT_MS = 100;

/** Runs `fn` in a task after the page's next frame, or after `FRAME_WAIT_MS` when none comes (a hidden tab). */
export function afterFrame(fn: () => void): void {
  let ran = false;
  const once = () => {
    if (ran) return;
    ran = true;
    fn();
  };
  frame?.(() => nextTask(once));
  setTimeout(once, FRAME_WAIT_MS);
}

export const defaultScheduling: SliceScheduling = {
  now: clock,
  next: nextTask,
  first: afterFrame,
  budgetMs: SLICE_BUDGET_MS,
  maxChanges: MAX_CHANGES_WHILE_SLICING,
};

/** Elements whose serialization reads state no mutation reports: they are read again when the snapshot is emitted. */
const VOLATILE_TAGS = new Set(['input', 'textarea', 'select', 'option', 'audio', 'video', 'style', 'link', 'iframe', 'dialog', 'canvas']);
/** Elements whose children rrweb serializes by the parent's state (a stylesheet's text, a textarea's value). */
const CHILDREN_BY_PARENT = new Set(['STYLE', 'TEXTAREA']);
const OBSERVED: MutationObserverInit = { childList: true, subtree: true, attributes: true, characterData: true, attributeOldValue: true };
const ELEMENT = 2;

function isVolatile(meta: SerializedNode): boolean {
  if (meta.type !== ELEMENT || !meta.tagName) return false;
  const a = meta.attributes ?? {};
  return VOLATILE_TAGS.has(meta.tagName) || meta.tagName.includes('-') || 'rr_width' in a || 'rr_scrollLeft' in a || 'rr_scrollTop' in a;
}

function isShadowRoot(node: Node): node is ShadowRoot {
  return node.nodeType === Node.DOCUMENT_FRAGMENT_NODE && Boolean((node as ShadowRoot).host);
}

/** A node's parent in rrweb's tree: a shadow root's children hang under its host. */
function parentInTree(node: Node): Node | null {
  const parent = node.parentNode;
  return parent && isShadowRoot(parent) ? parent.host : parent;
}

/**
 * Whether an attribute change can change which elements the block and mask selectors match, and so how
 * the element's whole subtree is serialized. Read conservatively from the selectors' text: a name (or
 * a class) they never mention cannot matter, unless a pseudo-class (`:has`, `:nth-child`) could.
 */
export function affectsPrivacy(record: Pick<MutationRecord, 'attributeName' | 'oldValue' | 'target'>, privacyText: string | null): boolean {
  if (privacyText === null) return true;
  const text = privacyText.toLowerCase();
  if (/:(?!not\()/.test(text)) return true;
  const name = (record.attributeName ?? '').toLowerCase();
  if (name === 'class') {
    const before = new Set((record.oldValue ?? '').split(/\s+/).filter(Boolean));
    const after = new Set(((record.target as Element).getAttribute?.('class') ?? '').split(/\s+/).filter(Boolean));
    // A class counts where the text has it as a word of its own (rrweb's classes) or after a dot (a selector's).
    const named = (token: string) => new RegExp(`(^|[\\s.])${escapeRegExp(token.toLowerCase())}($|[^\\w-])`).test(text);
    for (const token of [...before, ...after]) if (before.has(token) !== after.has(token) && named(token)) return true;
    return false;
  }
  if (name === 'id') return text.includes('#');
  return new RegExp(`\\[\\s*${escapeRegExp(name)}\\s*[\\]~|^$*=]`).test(text);
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * Takes the first full snapshot through `api` in slices; returns a function that abandons it (the
 * recorder stopped before it was done).
 */
export function takeSnapshotInSlices(
  api: SnapshotApi,
  scheduling: SliceScheduling = defaultScheduling,
  scrolls: ScrollHistory = UNKNOWN_SCROLL_HISTORY,
): () => void {
  const doc = document;
  /** Every node the walk serialized, in order (some twice): their serializations are in rrweb's id map. */
  const served: Node[] = [];
  /** Nodes serialized again to nothing while reconciling (left out now): their old serialization no longer counts. */
  const dropped = new Set<Node>();
  /** A node's serialization as it stands, or undefined when it is not (or no longer) in the snapshot. */
  const current = (node: Node): SerializedNode | undefined => (dropped.has(node) ? undefined : api.meta(node));
  const volatile = new Set<Node>();
  /** Elements rrweb tracks once the snapshot is out (frames, stylesheet links, shadow hosts). */
  const tracked = new Set<Node>();
  /** Elements given a shadow root while slicing: no mutation reports that. */
  const attached = new Set<Node>();
  /** The latest load listener of each iframe or stylesheet link; older ones no longer run. */
  const listeners = new Map<Node, () => void>();
  /** Nodes whose load listener fired before the snapshot was out. */
  const loadedEarly = new Map<Node, () => void>();
  const records: MutationRecord[] = [];
  const scrolled = new Set<EventTarget>();
  const scrollRoots: (Document | ShadowRoot)[] = [doc];
  let overflow = false;
  let emitted = false;
  let live = true;
  let sliceStart = 0;
  let reconciling = false;
  let reuse: StepHooks['reuse'] = () => undefined;

  const observer = new Observer((list) => {
    if (records.length + list.length > scheduling.maxChanges) overflow = true;
    else for (const r of list) records.push(r);
  });
  const onScroll = (event: Event) => {
    if (event.target) scrolled.add(event.target);
  };
  const watch = (root: Document | ShadowRoot) => {
    observer.observe(root, OBSERVED);
    root.addEventListener('scroll', onScroll, { capture: true, passive: true });
  };
  const attachShadow = ElementProto?.attachShadow;
  // Reported by wrapping attachShadow while slicing (rrweb's own wrapper starts with its observers).
  const reportingAttachShadow = function (this: Element, init: ShadowRootInit): ShadowRoot {
    const root = attachShadow!.call(this, init);
    if (live && !emitted) {
      attached.add(this);
      watchRoot(root);
    }
    return root;
  };
  const watchRoot = (root: ShadowRoot) => {
    if (scrollRoots.includes(root)) return;
    scrollRoots.push(root);
    watch(root);
  };
  const unwatch = () => {
    observer.disconnect();
    for (const root of scrollRoots) root.removeEventListener('scroll', onScroll, { capture: true });
    // Left in place if the page wrapped it again meanwhile: it then only passes calls on.
    if (ElementProto && ElementProto.attachShadow === reportingAttachShadow) ElementProto.attachShadow = attachShadow!;
  };
  watch(doc);
  if (ElementProto && attachShadow) ElementProto.attachShadow = reportingAttachShadow;

  const hooks: StepHooks = {
    due: () => !reconciling && scheduling.now() - sliceStart > scheduling.budgetMs,
    reuse: (child, parent) => reuse(child, parent),
    seen(node, meta) {
      served.push(node);
      if (reconciling) {
        if ((node as Element).shadowRoot || meta.tagName === 'iframe' || meta.tagName === 'link') tracked.add(node);
        return;
      }
      if (isVolatile(meta)) volatile.add(node);
      const shadow = (node as Element).shadowRoot;
      if (shadow) watchRoot(shadow);
      if (shadow || meta.tagName === 'iframe' || meta.tagName === 'link') tracked.add(node);
    },
    defer(node, listener) {
      listeners.set(node, listener);
      return () => {
        if (!live || listeners.get(node) !== listener) return;
        if (emitted) listener();
        else loadedEarly.set(node, listener);
      };
    },
  };
  // Scroll offsets are read only of elements that may have been scrolled (see `scroll-history.ts`).
  if (scrolls !== UNKNOWN_SCROLL_HISTORY) hooks.unscrolled = (element) => !scrolls.mayBeScrolled(element);

  let walk: Generator<void, SerializedNode | null> | null = null;

  function giveUp(): void {
    live = false;
    unwatch();
    api.fallback();
  }

  function slice(): void {
    if (!live) return;
    sliceStart = scheduling.now();
    let step: IteratorResult<void, SerializedNode | null>;
    try {
      if (!walk) {
        // What changed before the walk starts is in it already.
        observer.takeRecords();
        records.length = 0;
        walk = api.steps(doc, hooks);
      }
      step = walk.next();
    } catch {
      giveUp();
      return;
    }
    if (overflow) return giveUp();
    if (!step.done) return scheduling.next(slice);
    for (const r of observer.takeRecords()) records.push(r);
    unwatch();
    if (overflow || records.length > scheduling.maxChanges || !step.value) return giveUp();
    let root: SerializedNode | null;
    try {
      root = reconcile(step.value);
    } catch {
      root = null;
    }
    if (!root) return giveUp();
    finish(root);
  }

  /** Serializes again what changed since it was serialized, bottom-up, and returns the document's new tree. */
  function reconcile(root: SerializedNode): SerializedNode | null {
    const dirty = new Set<Node>();
    /** Nodes serialized afresh with their whole subtree (added or moved, or their privacy may have changed). */
    const fresh = new Set<Node>();
    const notReused = new Set<Node>();
    for (const r of records) {
      const target = isShadowRoot(r.target) ? r.target.host : r.target;
      if (r.type === 'childList') {
        dirty.add(target);
        r.addedNodes.forEach((n) => notReused.add(n));
      } else if (r.type === 'attributes') {
        dirty.add(target);
        if (affectsPrivacy(r, api.privacyText)) fresh.add(target);
      } else {
        const parent = target.parentNode;
        if (parent && CHILDREN_BY_PARENT.has((parent as Element).tagName)) {
          dirty.add(parent);
          notReused.add(target);
        } else dirty.add(target);
      }
    }
    for (const n of volatile) dirty.add(n);
    for (const n of attached) dirty.add(n);
    for (const t of scrolled) if ((t as Node).nodeType === Node.ELEMENT_NODE) dirty.add(t as Node);
    if (!dirty.size) return root;

    // Each dirty node still in the tree, with its ancestors (whose child lists must point at its new serialization).
    const depth = new Map<Node, number>();
    for (const node of dirty) {
      if (depth.has(node) || (notReused.has(node) && !api.meta(node))) continue;
      const chain: Node[] = [node];
      let up = node === doc ? null : parentInTree(node);
      while (up && up !== doc) {
        const meta = current(up);
        if (!meta || meta.id === -2) break;
        chain.push(up);
        up = parentInTree(up);
      }
      if (node !== doc) {
        // Not under the document any more, or under a node left out (blocked, a script): not in the snapshot.
        if (up !== doc) continue;
        chain.push(doc);
      }
      chain.forEach((n, i) => depth.set(n, Math.max(depth.get(n) ?? 0, chain.length - 1 - i)));
    }
    const order = [...depth.keys()].sort((a, b) => depth.get(b)! - depth.get(a)!);
    reconciling = true;
    reuse = (child, parent) => {
      if (fresh.has(parent) || notReused.has(child)) {
        fresh.add(child);
        return undefined;
      }
      if (CHILDREN_BY_PARENT.has((parent as Element).tagName)) return undefined;
      if (dropped.has(child)) return null;
      const meta = api.meta(child);
      if (!meta) fresh.add(child);
      return meta;
    };
    for (const node of order) {
      if (notReused.has(node)) fresh.add(node);
      const walkNode = api.steps(node, hooks);
      let step = walkNode.next();
      while (!step.done) step = walkNode.next();
      if (step.value) dropped.delete(node);
      else dropped.add(node);
    }
    reconciling = false;
    return current(doc) ?? null;
  }

  function finish(root: SerializedNode): void {
    // The snapshot's ids, marked in an array indexed by id (rrweb counts them up from 1).
    const ids: number[] = [];
    const stack = [root];
    let top = 0;
    while (stack.length) {
      const meta = stack.pop()!;
      ids.push(meta.id);
      if (meta.id > top) top = meta.id;
      if (meta.childNodes) for (const c of meta.childNodes) stack.push(c);
    }
    const inTree = new Uint8Array(top + 1);
    for (const id of ids) if (id > 0) inTree[id] = 1;
    const isInTree = (node: Node): boolean => {
      const meta = current(node);
      return meta !== undefined && meta.id > 0 && inTree[meta.id] === 1;
    };
    for (const node of served) {
      if (isInTree(node)) continue;
      const meta = api.meta(node);
      if (meta && meta.id !== -2) api.forget(node);
    }
    emitted = true;
    // The frames, stylesheet links and shadow hosts in the snapshot, in the order the walk first met them.
    api.finish(root, [...tracked].filter(isInTree));
    // Listeners that fired while slicing run now, as rrweb runs those of loaded frames: in a later task.
    for (const [node, listener] of loadedEarly) {
      if (listeners.get(node) === listener && isInTree(node)) setTimeout(() => live && listener(), 0);
    }
    loadedEarly.clear();
  }

  (scheduling.first ?? ((fn: () => void) => fn()))(slice);
  return () => {
    if (!live) return;
    live = false;
    unwatch();
  };
}
