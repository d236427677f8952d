/**
 * Safe serialization of console arguments, run on the page's hot path: never throws, never follows a
 * cycle, and every result is bounded (depth, keys, items, string length and total characters), so a
 * `console.log(hugeObject)` stays cheap and a value mutated after the call keeps its logged shape.
 * Page-safe: no extension API.
 *
 * Previews are JSON-safe. Values JSON cannot hold become short bracketed markers (`[undefined]`,
 * `[function f]`, `[circular]`); rich objects become `{ "@type": ..., ... }` records.
 */

/** Longest string argument kept whole (characters). */
export const MAX_STRING = 10_000;

/** Limits of one preview. Defaults keep a call in the microseconds. */
export interface PreviewLimits {
  /** Deepest nesting followed; deeper objects become `[object Foo]` / `[array(n)]`. */
  depth: number;
  /** Own keys shown per object; the rest are counted under `…`. */
  keys: number;
  /** Items shown per array, Map or Set. */
  items: number;
  /** Longest string at the top level. */
  string: number;
  /** Longest string nested inside an object. */
  nestedString: number;
  /** Rough total characters of one preview (keys + strings); past it, values become `[…]`. */
  budget: number;
}

export const DEFAULT_LIMITS: PreviewLimits = { depth: 4, keys: 50, items: 50, string: MAX_STRING, nestedString: 1000, budget: 32_000 };

/** Marker appended to a truncated string; says how long the original was. */
export function truncate(text: string, max = MAX_STRING): string {
  return text.length > max ? `${text.slice(0, max)}… [truncated, ${text.length} chars]` : text;
}

interface Context {
  seen: WeakSet<object>;
  limits: PreviewLimits;
  left: number;
}

const objectToString = Object.prototype.toString;

function tagOf(obj: object): string {
  try {
    return objectToString.call(obj).slice(8, -1);
  } catch {
    return 'Object';
  }
}

function str(ctx: Context, text: string, max: number): string {
  const out = truncate(text, Math.min(max, Math.max(ctx.left, 20)));
  ctx.left -= out.length;
  return out;
}

function describeMessage(error: unknown): string {
  try {
    if (error && typeof error === 'object' && 'message' in error) return String((error as { message: unknown }).message);
    return String(error);
  } catch {
    return '?';
  }
}

/** `<button#save.primary>`: tag, id and up to three classes. Never attribute values, never input values. */
export function describeNode(node: Node): string {
  const type = node.nodeType;
  if (type === 1) {
    const el = node as Element;
    let out = `<${el.localName || el.nodeName.toLowerCase()}`;
    if (el.id) out += `#${el.id.slice(0, 60)}`;
    const cls = typeof el.className === 'string' ? el.className.trim() : '';
    if (cls) {
      const parts = cls.split(/\s+/);
      out += `.${parts.slice(0, 3).join('.')}`.slice(0, 80);
      if (parts.length > 3) out += '…';
    }
    return `${out}>`;
  }
  if (type === 3) return '#text';
  if (type === 8) return '#comment';
  if (type === 9) return '#document';
  if (type === 11) return (node as ShadowRoot).host ? '#shadow-root' : '#document-fragment';
  return node.nodeName;
}

function isNode(obj: object, tag: string): obj is Node {
  if (typeof Node !== 'undefined' && obj instanceof Node) return true;
  if (tag === 'Object' || tag === 'Array') return false;
  // A node from another frame is not `instanceof` this frame's Node.
  const maybe = obj as { nodeType?: unknown; nodeName?: unknown };
  return typeof maybe.nodeType === 'number' && typeof maybe.nodeName === 'string';
}

function serializeError(error: Error, ctx: Context, depth: number): Record<string, unknown> {
  const out: Record<string, unknown> = { '@type': 'Error' };
  const read = (key: 'name' | 'message' | 'stack') => {
    try {
      const value: unknown = error[key];
      if (value !== undefined) out[key] = typeof value === 'string' ? str(ctx, value, ctx.limits.string) : walk(value, ctx, depth + 1);
    } catch {
      out[key] = '[threw]';
    }
  };
  read('name');
  read('message');
  read('stack');
  try {
    if ('cause' in error) out.cause = depth < ctx.limits.depth ? walk(error.cause, ctx, depth + 1) : '[cause]';
  } catch {
    out.cause = '[threw]';
  }
  return out;
}

function walkEntries(iterable: Iterable<unknown>, size: number, ctx: Context, depth: number, pairs: boolean): unknown[] {
  const out: unknown[] = [];
  for (const item of iterable) {
    if (out.length >= ctx.limits.items || ctx.left <= 0) {
      out.push(`… ${size - out.length} more`);
      break;
    }
    if (pairs) {
      const [k, v] = item as [unknown, unknown];
      out.push([walk(k, ctx, depth + 1), walk(v, ctx, depth + 1)]);
    } else out.push(walk(item, ctx, depth + 1));
  }
  return out;
}

function walkObject(obj: object, ctx: Context, depth: number): unknown {
  if (ctx.seen.has(obj)) return '[circular]';
  // Plain objects and arrays, the common case, skip the type probing below.
  const isArray = Array.isArray(obj);
  const proto: unknown = isArray ? null : Object.getPrototypeOf(obj);
  const plain = isArray || proto === Object.prototype || proto === null;
  const tag = plain ? (isArray ? 'Array' : 'Object') : tagOf(obj);
  if (!plain) return walkSpecial(obj, tag, ctx, depth);
  return walkPlain(obj, isArray, tag, ctx, depth);
}

function walkSpecial(obj: object, tag: string, ctx: Context, depth: number): unknown {
  if (isNode(obj, tag)) return describeNode(obj);
  if (obj instanceof Error || tag === 'Error' || tag === 'DOMException') {
    ctx.seen.add(obj);
    return serializeError(obj as Error, ctx, depth);
  }
  switch (tag) {
    case 'Date': {
      const time = (obj as Date).getTime();
      return Number.isNaN(time) ? '[Invalid Date]' : new Date(time).toISOString();
    }
    case 'RegExp':
      return str(ctx, String(obj), ctx.limits.nestedString);
    case 'ArrayBuffer':
    case 'SharedArrayBuffer':
      return `[${tag}(${(obj as ArrayBuffer).byteLength} bytes)]`;
    case 'DataView':
      return `[DataView(${(obj as DataView).byteLength} bytes)]`;
    case 'Promise':
    case 'WeakMap':
    case 'WeakSet':
    case 'WeakRef':
      return `[${tag}]`;
    case 'Window':
    case 'global':
      return '[Window]';
  }
  if (ArrayBuffer.isView(obj)) return `[${tag}(${(obj as Uint8Array).length})]`;
  return walkPlain(obj, false, tag, ctx, depth);
}

function walkPlain(obj: object, isArray: boolean, tag: string, ctx: Context, depth: number): unknown {
  if (depth >= ctx.limits.depth || ctx.left <= 0) {
    if (isArray) return `[array(${(obj as unknown[]).length})]`;
    if (tag === 'Map' || tag === 'Set') return `[${tag}(${(obj as Set<unknown>).size})]`;
    return `[object ${tag}]`;
  }
  ctx.seen.add(obj);
  if (isArray) {
    const arr = obj as unknown[];
    const n = Math.min(arr.length, ctx.limits.items);
    const out: unknown[] = new Array<unknown>(n);
    for (let i = 0; i < n; i++) {
      if (ctx.left <= 0) {
        out.length = i;
        break;
      }
      out[i] = walkProperty(arr, i, ctx, depth);
    }
    if (out.length < arr.length) out.push(`… ${arr.length - out.length} more`);
    return out;
  }
  if (tag === 'Map') {
    const map = obj as Map<unknown, unknown>;
    return { '@type': 'Map', size: map.size, entries: walkEntries(map, map.size, ctx, depth, true) };
  }
  if (tag === 'Set') {
    const set = obj as Set<unknown>;
    return { '@type': 'Set', size: set.size, values: walkEntries(set, set.size, ctx, depth, false) };
  }
  const out: Record<string, unknown> = {};
  const keys = Object.keys(obj);
  const n = Math.min(keys.length, ctx.limits.keys);
  let i = 0;
  for (; i < n && ctx.left > 0; i++) {
    const key = keys[i]!;
    ctx.left -= key.length;
    out[key.length > 200 ? truncate(key, 200) : key] = walkProperty(obj as Record<string, unknown>, key, ctx, depth);
  }
  if (i < keys.length) out['…'] = `${keys.length - i} more keys`;
  return out;
}

/** Reads one property the way JSON.stringify would (getters run), but a throwing getter becomes a marker. */
function walkProperty(obj: object, key: string | number, ctx: Context, depth: number): unknown {
  let value: unknown;
  try {
    value = (obj as Record<string | number, unknown>)[key];
  } catch (error) {
    return `[threw: ${truncate(describeMessage(error), 200)}]`;
  }
  return walk(value, ctx, depth + 1);
}

function walk(value: unknown, ctx: Context, depth: number): unknown {
  switch (typeof value) {
    case 'string':
      return str(ctx, value, depth === 0 ? ctx.limits.string : ctx.limits.nestedString);
    case 'number':
      return Number.isFinite(value) ? (Object.is(value, -0) ? '-0' : value) : String(value);
    case 'boolean':
      return value;
    case 'undefined':
      return '[undefined]';
    case 'bigint':
      return `${value}n`;
    case 'symbol':
      try {
        return str(ctx, value.toString(), 200);
      } catch {
        return '[symbol]';
      }
    case 'function':
      try {
        const text = Function.prototype.toString.call(value);
        const kind = text.startsWith('class') ? 'class' : 'function';
        return `[${kind} ${truncate(String((value as { name?: unknown }).name || 'anonymous'), 100)}]`;
      } catch {
        return '[function]';
      }
    case 'object':
      break;
  }
  if (value === null) return null;
  try {
    return walkObject(value as object, ctx, depth);
  } catch {
    // Revoked proxies, traps that throw, hostile toString tags…
    return '[unserializable]';
  }
}

/**
 * A JSON-safe, bounded preview of any value. The first two parameters are kept for callers that
 * serialize nested values themselves; `limits` tightens or widens the defaults.
 */
export function serializeArg(value: unknown, depth = 0, seen = new WeakSet<object>(), limits: Partial<PreviewLimits> = {}): unknown {
  const merged = limits === undefined || Object.keys(limits).length === 0 ? DEFAULT_LIMITS : { ...DEFAULT_LIMITS, ...limits };
  return walk(value, { seen, limits: merged, left: merged.budget }, depth);
}

/**
 * Previews of every argument of one call, sharing one character budget so the whole entry is bounded.
 * Strings and numbers (the common case) cost no allocation beyond the array.
 */
export function serializeArgs(args: ArrayLike<unknown>, limits: PreviewLimits = DEFAULT_LIMITS): unknown[] {
  const ctx: Context = { seen: new WeakSet(), limits, left: limits.budget };
  const out = new Array<unknown>(args.length);
  for (let i = 0; i < args.length; i++) out[i] = ctx.left > 0 ? walk(args[i], ctx, 0) : '[…]';
  return out;
}

function previewText(preview: unknown): string {
  if (typeof preview === 'string') return preview;
  if (typeof preview !== 'object' || preview === null) return String(preview);
  const record = preview as { '@type'?: unknown; name?: unknown; message?: unknown };
  // An error reads as the console shows it, `TypeError: bad thing`; its stack goes to the entry's stack.
  if (record['@type'] === 'Error') return `${String(record.name ?? 'Error')}: ${String(record.message ?? '')}`;
  try {
    return JSON.stringify(preview);
  } catch {
    return '[unserializable]';
  }
}

const FORMAT = /%[sdifoOjc%]/g;

/**
 * One line of text from already-made previews, honouring the console's format directives in a leading
 * string (`%s %d %i %f %o %O %c`; `%c` styles are dropped).
 */
export function renderPreviews(previews: readonly unknown[], max = MAX_STRING): string {
  let i = 0;
  let text = '';
  const first = previews[0];
  if (typeof first === 'string' && first.includes('%')) {
    i = 1;
    text = first.replace(FORMAT, (directive) => {
      if (directive === '%%') return '%';
      if (i >= previews.length) return directive;
      const arg = previews[i++];
      if (directive === '%c') return '';
      if (directive === '%d' || directive === '%i')
        return typeof arg === 'number' ? String(Math.trunc(arg)) : String(Number.parseInt(String(arg), 10));
      if (directive === '%f') return String(typeof arg === 'number' ? arg : Number.parseFloat(String(arg)));
      return previewText(arg);
    });
  }
  for (; i < previews.length; i++) {
    text = text ? `${text} ${previewText(previews[i])}` : previewText(previews[i]);
    if (text.length > max) break;
  }
  return truncate(text, max);
}

/** The arguments of a console call as one line of text. */
export function renderArgs(args: unknown[]): string {
  return renderPreviews(serializeArgs(args));
}
