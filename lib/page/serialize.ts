/** Safe serialization of console arguments: never throws, never follows a cycle, bounded in size. Page-safe. */

export const MAX_STRING = 10_000;

function truncate(text: string, max = MAX_STRING): string {
  return text.length > max ? `${text.slice(0, max)}… [truncated ${text.length - max} chars]` : text;
}

/** A JSON-safe preview of any value. */
export function serializeArg(value: unknown, depth = 0, seen = new WeakSet<object>()): unknown {
  switch (typeof value) {
    case 'string':
      return truncate(value);
    case 'number':
    case 'boolean':
      return Number.isFinite(value) || typeof value === 'boolean' ? value : String(value);
    case 'undefined':
      return '[undefined]';
    case 'bigint':
      return `${value}n`;
    case 'symbol':
      return value.toString();
    case 'function':
      return `[function ${value.name || 'anonymous'}]`;
  }
  if (value === null) return null;
  const obj = value as object;
  if (seen.has(obj)) return '[circular]';
  if (obj instanceof Error) return { name: obj.name, message: truncate(obj.message), stack: obj.stack && truncate(obj.stack) };
  if (typeof Node !== 'undefined' && obj instanceof Node) return `[${obj.nodeName.toLowerCase()}]`;
  if (depth >= 4) return Array.isArray(obj) ? `[array(${obj.length})]` : '[object]';
  seen.add(obj);
  if (Array.isArray(obj)) return obj.slice(0, 100).map((v) => serializeArg(v, depth + 1, seen));
  const out: Record<string, unknown> = {};
  let n = 0;
  for (const key of Object.keys(obj)) {
    if (n++ >= 100) break;
    try {
      out[key] = serializeArg((obj as Record<string, unknown>)[key], depth + 1, seen);
    } catch {
      out[key] = '[unreadable]';
    }
  }
  return out;
}

/** The arguments of a console call as one line of text. */
export function renderArgs(args: unknown[]): string {
  return truncate(
    args
      .map((a) => {
        if (typeof a === 'string') return a;
        try {
          return JSON.stringify(serializeArg(a));
        } catch {
          return String(a);
        }
      })
      .join(' '),
  );
}
