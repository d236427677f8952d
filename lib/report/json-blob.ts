/**
 * JSON written as a Blob of many small strings: a 100 MB recording never becomes one string (V8 caps
 * strings near 512 MB, and one huge string doubles peak memory), and each part can be freed early.
 */

const CHUNK_CHARS = 1 << 20;

/** `items` as JSON array text, in parts of about `chunkChars` characters. */
export function jsonArrayParts(items: readonly unknown[], chunkChars = CHUNK_CHARS): string[] {
  const parts: string[] = [];
  let chunk = '[';
  for (let i = 0; i < items.length; i++) {
    chunk += (i ? ',' : '') + (JSON.stringify(items[i]) ?? 'null');
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
