/** Size estimates for the "Include" switches and the zip, cheap enough to show as the popup opens. */
import { isRawJson } from '../zip/json-blob';

/**
 * Bytes of `items` as JSON, from an evenly spread sample: stringifying a 100 MB recording only to
 * print its size would freeze the popup for seconds.
 */
export function estimateJsonBytes(items: readonly unknown[], sampleSize = 200): number {
  if (!items.length) return 2;
  // Events held as their stored JSON text are measured exactly, and cheaply (UTF-16 length ≈ bytes).
  if (isRawJson(items[0])) return items.reduce<number>((n, item) => n + (isRawJson(item) ? item.rawJson.length : 0) + 1, 1);
  const step = Math.max(1, Math.floor(items.length / sampleSize));
  let bytes = 0;
  let sampled = 0;
  for (let i = 0; i < items.length; i += step) {
    bytes += new TextEncoder().encode(JSON.stringify(items[i]) ?? 'null').byteLength + 1;
    sampled++;
  }
  return Math.round((bytes / sampled) * items.length) + 1;
}

/** Typical DEFLATE ratio of rrweb/HAR JSON at the levels we use (measured ~7× at level 6, less at 1). */
const JSON_RATIO = 5;

export interface PartSizes {
  replay: number;
  console: number;
  network: number;
  screenshot: number;
}

/** Estimated zip size for the kept parts (JSON compressed, PNG stored, plus the viewer and summary). */
export function estimateZipBytes(sizes: PartSizes, include: Record<keyof PartSizes, boolean>): number {
  const json = (include.replay ? sizes.replay : 0) + (include.console ? sizes.console : 0) + (include.network ? sizes.network : 0);
  // The viewer embeds the kept data again, so JSON counts twice; summary and report.json are a few KB.
  return Math.round((json * 2) / JSON_RATIO + (include.screenshot ? sizes.screenshot : 0) + 8_000);
}

/** `1.4 MB`, `820 KB`, `12 B`. */
export function formatBytes(bytes: number): string {
  if (bytes < 1000) return `${bytes} B`;
  if (bytes < 1_000_000) return `${Math.round(bytes / 1000)} KB`;
  return `${(bytes / 1_000_000).toFixed(bytes < 10_000_000 ? 1 : 0)} MB`;
}
