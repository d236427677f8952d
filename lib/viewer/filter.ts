/** Search and filters of the console and network lists. */
import type { Entry } from 'har-format';
import type { ConsoleEntry, ConsoleLevel } from '../model/report';

/** A request failed when it got no response (status 0, blocked, aborted) or an error status. */
export function isFailed(entry: Entry): boolean {
  const status = entry.response.status;
  return status === 0 || status >= 400 || typeof (entry.response as { _error?: unknown })._error === 'string';
}

/** A short resource type: the browser's own when recorded, else guessed from the MIME type. */
export function resourceType(entry: Entry): string {
  const recorded = (entry as { _resourceType?: unknown })._resourceType;
  if (typeof recorded === 'string' && recorded) return recorded.toLowerCase();
  const mime = entry.response.content.mimeType.toLowerCase();
  if (mime.includes('json')) return 'json';
  if (mime.includes('html')) return 'document';
  if (mime.includes('css')) return 'stylesheet';
  if (mime.includes('javascript') || mime.includes('ecmascript')) return 'script';
  if (mime.startsWith('image/')) return 'image';
  if (mime.startsWith('font/') || mime.includes('font')) return 'font';
  return 'other';
}

function matches(query: string, ...fields: (string | undefined)[]): boolean {
  const q = query.trim().toLowerCase();
  if (!q) return true;
  return fields.some((f) => f !== undefined && f.toLowerCase().includes(q));
}

export interface ConsoleFilter {
  levels: ReadonlySet<ConsoleLevel>;
  query: string;
}

/** Indexes (into `entries`) of the console entries that pass the filter, in order. */
export function filterConsole(entries: readonly ConsoleEntry[], filter: ConsoleFilter): number[] {
  const out: number[] = [];
  entries.forEach((e, i) => {
    if (filter.levels.has(e.level) && matches(filter.query, e.message, e.stack, e.url)) out.push(i);
  });
  return out;
}

export interface NetworkFilter {
  query: string;
  failedOnly: boolean;
  /** A resource type, or '' for all. */
  type: string;
}

/** Indexes (into `entries`) of the requests that pass the filter, in order. */
export function filterNetwork(entries: readonly Entry[], filter: NetworkFilter): number[] {
  const out: number[] = [];
  entries.forEach((e, i) => {
    if (filter.failedOnly && !isFailed(e)) return;
    if (filter.type && resourceType(e) !== filter.type) return;
    if (matches(filter.query, e.request.url, e.request.method, String(e.response.status))) out.push(i);
  });
  return out;
}
