/**
 * JSON written as a Blob of many small strings: a 100 MB recording never becomes one string (V8 caps
 * strings near 512 MB, and one huge string doubles peak memory), and each part can be freed early.
 */

const CHUNK_CHARS = 1 << 20;

/**
 * An item already held as JSON text (a recorded event as the capture store keeps it): written as is,
 * never parsed and stringified again on its way into the zip. A plain object, so it survives
 * `postMessage` to the zip worker. Only text the extension itself serialized may be wrapped.
 */
export interface RawJson {
  readonly rawJson: string;
}

export function isRawJson(value: unknown): value is RawJson {
  return typeof value === 'object' && value !== null && typeof (value as RawJson).rawJson === 'string';
}

/**
 * The top-level `timestamp` of an rrweb event held as JSON text, without parsing it: rrweb writes it
 * last (`{"type":3,"data":{…},"timestamp":1700000000000}`); anything else is parsed.
 */
export function rawEventTime(json: string): number | null {
  const tail = /"timestamp":(\d+(?:\.\d+)?)\}$/.exec(json.slice(-64));
  if (tail) return Number(tail[1]);
  try {
    const t = (JSON.parse(json) as { timestamp?: unknown } | null)?.timestamp;
    return typeof t === 'number' && Number.isFinite(t) ? t : null;
  } catch {
    return null;
  }
}

/** The JSON text of one item: a raw item's own text, else `JSON.stringify`. */
export function jsonOf(item: unknown): string {
  return isRawJson(item) ? item.rawJson : (JSON.stringify(item) ?? 'null');
}

/** `items` as JSON array text, in parts of about `chunkChars` characters. */
export function jsonArrayParts(items: readonly unknown[], chunkChars = CHUNK_CHARS): string[] {
  const parts: string[] = [];
  let chunk = '[';
  for (let i = 0; i < items.length; i++) {
    chunk += (i ? ',' : '') + jsonOf(items[i]);
    if (chunk.length >= chunkChars) {
      parts.push(chunk);
      chunk = '';
    }
  }
  parts.push(`${chunk}]`);
  return parts;
}

/** A JSON array as a Blob, built in parts. */
export function jsonArrayBlob(items: readonly unknown[], chunkChars = CHUNK_CHARS): Blob {
  return new Blob(jsonArrayParts(items, chunkChars), { type: 'application/json' });
}

/**
 * An object with one big array property (a HAR's `log.entries`) as a Blob: the rest of the object is
 * written whole, the array in parts. `path` names the array, e.g. `['log', 'entries']`.
 */
export function jsonWithBigArrayBlob(value: object, path: readonly string[], chunkChars = CHUNK_CHARS): Blob {
  const marker = `"__repro_array_${Math.random().toString(36).slice(2)}__"`;
  const items = path.reduce<unknown>((v, key) => (v as Record<string, unknown> | undefined)?.[key], value);
  if (!Array.isArray(items)) return new Blob([JSON.stringify(value)], { type: 'application/json' });
  const shell = structuredClone(value) as Record<string, unknown>;
  let parent = shell;
  for (const key of path.slice(0, -1)) parent = parent[key] as Record<string, unknown>;
  parent[path[path.length - 1]!] = JSON.parse(marker);
  const [before, after] = JSON.stringify(shell).split(marker) as [string, string];
  return new Blob([before, ...jsonArrayParts(items, chunkChars), after], { type: 'application/json' });
}
