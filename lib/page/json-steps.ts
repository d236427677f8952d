/**
 * Writes a large rrweb event (a full snapshot: about 135 bytes of JSON per element, 4 MB for a 60k-node
 * page) as JSON in steps, so the writing can be spread over the page's idle periods instead of one
 * `JSON.stringify` of 100 ms or more. Subtrees of up to `WHOLE_NODES` nodes are written by one call of
 * `stringify`; a larger node is written key by key, its children one by one, with a pause (`yield`)
 * whenever `STEP_CHARS` of text were written since the last. The text parses to the same value as
 * `stringify(event)`. Page-safe and pure.
 */

/** Nodes in a subtree written by one `stringify` call: a few hundred microseconds of work. */
export const WHOLE_NODES = 200;
/** Characters written between pauses: about a millisecond of `JSON.stringify`. */
export const STEP_CHARS = 32 * 1024;

type Json = Record<string, unknown>;

const isNode = (value: unknown): value is Json & { childNodes?: unknown[] } =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** Nodes in each subtree of `root` bigger than one node, by object. */
function subtreeSizes(root: unknown): Map<object, number> {
  const sizes = new Map<object, number>();
  const count = (node: unknown): number => {
    if (!isNode(node) || !Array.isArray(node.childNodes) || node.childNodes.length === 0) return 1;
    let n = 1;
    for (const child of node.childNodes) n += count(child);
    sizes.set(node, n);
    return n;
  };
  count(root);
  return sizes;
}

/** `stringify(event)`, written in steps; for anything but a full snapshot, in one. */
export function* jsonSteps(event: unknown, stringify: (value: unknown) => string): Generator<void, string> {
  const root = isNode(event) && isNode(event.data) ? event.data.node : undefined;
  if (!isNode(root)) return stringify(event);
  const sizes = subtreeSizes(root);
  if ((sizes.get(root) ?? 1) <= WHOLE_NODES) return stringify(event);
  const parts: string[] = [];
  let sinceStep = 0;
  const put = (text: string) => {
    parts.push(text);
    sinceStep += text.length;
  };
  function* value(v: unknown): Generator<void, void> {
    if (!isNode(v) || (sizes.get(v) ?? 1) <= WHOLE_NODES) {
      put(stringify(v));
      if (sinceStep >= STEP_CHARS) {
        sinceStep = 0;
        yield;
      }
      return;
    }
    // An object written key by key: JSON leaves out undefined values, functions and symbols, so does this.
    put('{');
    let first = true;
    for (const key of Object.keys(v)) {
      const item = v[key];
      if (item === undefined || typeof item === 'function' || typeof item === 'symbol') continue;
      put(`${first ? '' : ','}${stringify(key)}:`);
      first = false;
      if (key === 'childNodes' && Array.isArray(item)) {
        put('[');
        for (let i = 0; i < item.length; i++) {
          if (i) put(',');
          yield* value(item[i]);
        }
        put(']');
      } else put(stringify(item) ?? 'null');
    }
    put('}');
  }
  // The event and its data key by key, the node in steps.
  const { data, ...rest } = event as Json & { data: Json };
  const { node, ...dataRest } = data;
  const head = stringify(rest);
  const dataHead = stringify(dataRest);
  put(`${head.slice(0, -1)}${head.length > 2 ? ',' : ''}"data":${dataHead.slice(0, -1)}${dataHead.length > 2 ? ',' : ''}"node":`);
  yield* value(node);
  put('}}');
  return parts.join('');
}
