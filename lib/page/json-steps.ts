/**
 * Writes a large rrweb event (a full snapshot: about 135 bytes of JSON per element, 4 MB for a 60k-node
 * page) as JSON in steps, so the writing can be spread over the page's idle periods instead of one
 * `JSON.stringify` of 100 ms or more. Subtrees of up to `WHOLE_NODES` nodes are written by one call of
 * `stringify`; a larger node is written key by key, its children one by one (a run of small children
 * together, up to `WHOLE_NODES` nodes in all), with a pause (`yield`) whenever `STEP_CHARS` of text were
 * written since the last. The text parses to the same value as `stringify(event)`. Page-safe and pure.
 */

/** Nodes in a subtree written by one `stringify` call: a few hundred microseconds of work. */
export const WHOLE_NODES = 200;
/** Characters written between pauses: about a millisecond of `JSON.stringify`. */
export const STEP_CHARS = 32 * 1024;

type Json = Record<string, unknown>;

const isNode = (value: unknown): value is Json & { childNodes?: unknown[] } =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * Nodes in the subtree of `node`, counted no further than `limit` + 1: enough to tell a subtree one
 * `stringify` call may write from a larger one, at a cost bounded by `limit` whatever its size.
 */
function nodesUpTo(node: unknown, limit: number): number {
  let counted = 0;
  const stack: unknown[] = [node];
  while (stack.length) {
    const v = stack.pop();
    counted++;
    if (!isNode(v) || !Array.isArray(v.childNodes)) continue;
    // Each child waiting is a node at least.
    if (counted + stack.length + v.childNodes.length > limit) return limit + 1;
    for (const child of v.childNodes) stack.push(child);
  }
  return counted;
}

/** `stringify(event)`, written in steps; for anything but a full snapshot, in one. */
export function* jsonSteps(event: unknown, stringify: (value: unknown) => string): Generator<void, string> {
  const root = isNode(event) && isNode(event.data) ? event.data.node : undefined;
  if (!isNode(root)) return stringify(event);
  const nodesIn = (v: unknown) => nodesUpTo(v, WHOLE_NODES);
  if (nodesIn(root) <= WHOLE_NODES) return stringify(event);
  const parts: string[] = [];
  let sinceStep = 0;
  const put = (text: string) => {
    parts.push(text);
    sinceStep += text.length;
  };
  /** Writes `v`, a node of more than `WHOLE_NODES` nodes (its caller has counted), key by key. */
  function* bigNode(v: Json): Generator<void, void> {
    // JSON leaves out undefined values, functions and symbols, so does this.
    put('{');
    let first = true;
    for (const key of Object.keys(v)) {
      const item = v[key];
      if (item === undefined || typeof item === 'function' || typeof item === 'symbol') continue;
      put(`${first ? '' : ','}${stringify(key)}:`);
      first = false;
      if (key === 'childNodes' && Array.isArray(item)) {
        put('[');
        let i = 0;
        /** The count of `item[i]` when the run before it already made it (-1: not yet counted). */
        let counted = -1;
        while (i < item.length) {
          if (i) put(',');
          let nodes = counted >= 0 ? counted : nodesIn(item[i]);
          counted = -1;
          if (nodes > WHOLE_NODES) {
            yield* bigNode(item[i] as Json);
            i++;
            continue;
          }
          // A run of small children, up to `WHOLE_NODES` nodes in all, written by one call (a list of
          // 20k rows would otherwise take 20k calls, each costing more than its few nodes of text).
          let end = i + 1;
          for (; end < item.length; end++) {
            const next = nodesIn(item[end]);
            if (nodes + next > WHOLE_NODES) {
              counted = next;
              break;
            }
            nodes += next;
          }
          const run = stringify(item.slice(i, end));
          put(run.slice(1, -1));
          i = end;
          if (sinceStep >= STEP_CHARS) {
            sinceStep = 0;
            yield;
          }
        }
        put(']');
      } else put(stringify(item) ?? 'null');
    }
    put('}');
  }
  // The event and its data key by key, the node in steps.
  const { data, ...rest } = event as Json & { data: Json };
  const { node: _node, ...dataRest } = data;
  const head = stringify(rest);
  const dataHead = stringify(dataRest);
  put(`${head.slice(0, -1)}${head.length > 2 ? ',' : ''}"data":${dataHead.slice(0, -1)}${dataHead.length > 2 ? ',' : ''}"node":`);
  yield* bigNode(root);
  put('}}');
  return parts.join('');
}
