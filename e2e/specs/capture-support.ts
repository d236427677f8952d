/** Helpers of the capture specs: read what the extension stored, straight from its IndexedDB. */
import type { Page } from '@playwright/test';
import type { LaunchedExtension } from '../harness/chromium';
import type { FixtureServer } from '../harness/fixture-server';
import { expect, type ExtensionHelpers } from '../harness/fixtures';

export interface StoredCapture {
  tabs: {
    tabId: number;
    buffer: { segments: { id: number; pageId: string; url: string; start: number; hasFull: boolean }[] };
    custom: Record<string, unknown>;
    repro: unknown;
  }[];
  chunks: { tabId: number; segId: number; events: string[] }[];
  logs: {
    tabId: number;
    time: number;
    kind: string;
    entry?: { level: string; message: string; source?: string };
    step?: { text: string };
  }[];
}

/**
 * Every row of the `repro-capture` database (or of the stores named), read from an extension page (same
 * origin as the worker), with the events of packed chunks unpacked into `events`. When the worker has
 * not created the database yet, answers empty (and creates nothing). The page function defines no named
 * functions, so it runs as written under the benchmark's `tsx` too (whose transform would add a helper
 * the page does not have).
 */
export async function readStoredCapture(
  extensionPage: Page,
  stores: readonly (keyof StoredCapture)[] = ['tabs', 'chunks', 'logs'],
): Promise<StoredCapture> {
  return extensionPage.evaluate(async (names) => {
    const result: Record<string, never[]> = { tabs: [], chunks: [], logs: [] };
    // Never create the database ourselves: the worker must be the one to create it, with its stores.
    if (!(await indexedDB.databases()).some((d) => d.name === 'repro-capture')) return result as unknown as StoredCapture;
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const request = indexedDB.open('repro-capture');
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(request.error);
    });
    if (db.objectStoreNames.contains('tabs')) {
      for (const name of names) {
        result[name] = await new Promise<never[]>((resolve, reject) => {
          const request = db.transaction(name).objectStore(name).getAll();
          request.onsuccess = () => resolve(request.result as never[]);
          request.onerror = () => reject(request.error);
        });
      }
    }
    db.close();
    // A batch's console entries are stored in one row: listed here one entry a row, as specs look for them.
    result.logs = (result.logs as { tabId: number; time: number; kind: string; entries?: unknown[] }[]).flatMap((row) =>
      row.kind === 'console-batch' && row.entries
        ? row.entries.map((entry) => ({ tabId: row.tabId, time: row.time, kind: 'console', entry }))
        : [row],
    ) as never[];
    // A packed chunk keeps no text: unpacked here (its open-ended DEFLATE closed by an empty final block).
    for (const chunk of result.chunks as { events?: string[]; packed?: { body: Uint8Array | Blob } }[]) {
      if (chunk.events || !chunk.packed) continue;
      const closed = new Blob([chunk.packed.body as BlobPart, new Uint8Array([1, 0, 0, 255, 255])]);
      const text = await new Response(closed.stream().pipeThrough(new DecompressionStream('deflate-raw'))).text();
      chunk.events = text ? (JSON.parse(`[${text}]`) as unknown[]).map((event) => JSON.stringify(event)) : [];
    }
    return result as unknown as StoredCapture;
  }, stores);
}

/** The rrweb events stored for a tab, parsed, in storage order. */
export function eventsOf(stored: StoredCapture, tabId: number): { type: number; timestamp: number; data: unknown }[] {
  // In the order a report reads them: segment by segment, each segment's chunks as stored. A page's
  // last batch can be stored after the next page's first (each page has its own channel to the worker)
  // and still belongs to its own page's segment.
  const segments = stored.tabs.find((t) => t.tabId === tabId)?.buffer.segments ?? [];
  const order = new Map(segments.map((s, i) => [s.id, i]));
  const at = (segId: number) => order.get(segId) ?? segments.length;
  return stored.chunks
    .filter((c) => c.tabId === tabId)
    .map((c, i) => ({ c, i }))
    .sort((a, b) => at(a.c.segId) - at(b.c.segId) || a.i - b.i)
    .flatMap(({ c }) => c.events.map((e) => JSON.parse(e) as { type: number; timestamp: number; data: unknown }));
}

/**
 * Allows the fixture origin, opens `path` in a new tab and waits until the tab's first events (its Meta
 * and full snapshot) are stored; returns the page, its tab id and an extension page to read the store from.
 */
export async function openRecordedPage(
  ext: LaunchedExtension & ExtensionHelpers,
  server: FixtureServer,
  path: string,
): Promise<{ page: Page; tabId: number; options: Page }> {
  await ext.allowOrigin(server.origin);
  const page = await ext.context.newPage();
  await page.goto(server.url(path));
  const tabId = await ext.tabIdOf(page);
  const options = await ext.openExtensionPage('options.html');
  await expect.poll(async () => eventsOf(await readStoredCapture(options), tabId).length).toBeGreaterThan(1);
  return { page, tabId, options };
}
