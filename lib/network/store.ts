/**
 * The network log of each tab in IndexedDB (`repro-network`): HAR entries written as their requests
 * finish, the pages (navigations) they belong to, and the gaps where capture was interrupted. Entries
 * are already redacted when they arrive here.
 */
import type { Entry, Har, Page } from 'har-format';
import type { DBSchema } from 'idb';
import { browser } from 'wxt/browser';
import { recordingTabs } from '../recording/recording-tabs';
import type { CaptureGap } from '../model/report';
import { getCaptureSettings } from '../settings/capture';
import { getRedactionSettings, toRules } from '../settings/redaction';
import { DATABASES } from '../storage/databases';
import { lazyDb } from '../storage/lazy-db';
import { buildHar } from './har-document';
import { toHarEntry } from './har-entry';
import { inflightStates } from './session';

interface EntryRecord {
  id?: number;
  tabId: number;
  /** Epoch ms of the request's start. */
  start: number;
  /** Size of the stored entry (its JSON), for the byte cap. */
  bytes: number;
  entry: Entry;
}

interface PageRecord {
  key: string;
  tabId: number;
  start: number;
  page: Page;
}

interface GapRecord {
  id?: number;
  tabId: number;
  gap: CaptureGap;
}

interface NetworkDb extends DBSchema {
  entries: { key: number; value: EntryRecord; indexes: { tabId: number } };
  pages: { key: string; value: PageRecord; indexes: { tabId: number } };
  gaps: { key: number; value: GapRecord; indexes: { tabId: number } };
}

const store = lazyDb<NetworkDb>(DATABASES.network, 1, (database) => {
  database.createObjectStore('entries', { keyPath: 'id', autoIncrement: true }).createIndex('tabId', 'tabId');
  database.createObjectStore('pages', { keyPath: 'key' }).createIndex('tabId', 'tabId');
  database.createObjectStore('gaps', { keyPath: 'id', autoIncrement: true }).createIndex('tabId', 'tabId');
});
const db = store.get;

/** Closes the connection (tests delete the database between cases). */
export const closeNetworkDb = store.close;

/** Stores one finished (redacted) entry of `tabId`. */
export async function addEntry(tabId: number, entry: Entry): Promise<void> {
  const record: EntryRecord = { tabId, start: Date.parse(entry.startedDateTime), bytes: JSON.stringify(entry).length, entry };
  await (await db()).add('entries', record);
}

/** Stores (or updates, e.g. with its load timings) a page of `tabId`. */
export async function putPage(tabId: number, page: Page): Promise<void> {
  await (await db()).put('pages', { key: `${tabId}:${page.id}`, tabId, start: Date.parse(page.startedDateTime), page });
}

/** Opens a gap in the network capture of `tabId`, unless one is already open. */
export async function openGap(tabId: number, reason: string, from = Date.now()): Promise<void> {
  const gaps = await readGaps(tabId);
  if (gaps.some((g) => g.to === null)) return;
  await (await db()).add('gaps', { tabId, gap: { kind: 'network', from, to: null, reason } });
}

/** Closes the open gap of `tabId` (capture resumed). */
export async function closeGap(tabId: number, to = Date.now()): Promise<void> {
  const tx = (await db()).transaction('gaps', 'readwrite');
  for (const record of await tx.store.index('tabId').getAll(tabId)) {
    if (record.gap.to === null) await tx.store.put({ ...record, gap: { ...record.gap, to } });
  }
  await tx.done;
}

/** The network gaps of `tabId`, oldest first. */
export async function readGaps(tabId: number): Promise<CaptureGap[]> {
  const records = await (await db()).getAllFromIndex('gaps', 'tabId', tabId);
  return records.map((r) => r.gap).sort((a, b) => a.from - b.from);
}

/** How many entries `tabId` has stored. */
export async function countEntries(tabId: number): Promise<number> {
  return (await db()).countFromIndex('entries', 'tabId', tabId);
}

/**
 * Drops what falls out of the window: entries that started before `keepFrom`, then the oldest entries
 * until the tab fits `maxBytes`; pages older than the oldest kept entry (except the one it belongs to),
 * and gaps that ended before `keepFrom`.
 */
export async function pruneTab(tabId: number, keepFrom: number, maxBytes: number): Promise<void> {
  const tx = (await db()).transaction(['entries', 'pages', 'gaps'], 'readwrite');
  const entries = (await tx.objectStore('entries').index('tabId').getAll(tabId)).sort((a, b) => a.start - b.start);
  let total = entries.reduce((sum, r) => sum + r.bytes, 0);
  let firstKept = Number.POSITIVE_INFINITY;
  for (const record of entries) {
    if (record.start < keepFrom || total > maxBytes) {
      total -= record.bytes;
      await tx.objectStore('entries').delete(record.id!);
    } else {
      firstKept = Math.min(firstKept, record.start);
    }
  }
  const cutoff = Math.min(firstKept, keepFrom);
  const pages = (await tx.objectStore('pages').index('tabId').getAll(tabId)).sort((a, b) => a.start - b.start);
  const holder = pages.filter((p) => p.start <= cutoff).at(-1);
  for (const page of pages) if (page.start < cutoff && page !== holder) await tx.objectStore('pages').delete(page.key);
  for (const gap of await tx.objectStore('gaps').index('tabId').getAll(tabId)) {
    if (gap.gap.to !== null && gap.gap.to < keepFrom) await tx.objectStore('gaps').delete(gap.id!);
  }
  await tx.done;
}

/** Forgets everything stored for `tabId` (the tab closed). */
export async function clearTab(tabId: number): Promise<void> {
  const tx = (await db()).transaction(['entries', 'pages', 'gaps'], 'readwrite');
  for (const name of ['entries', 'pages', 'gaps'] as const) {
    const store = tx.objectStore(name);
    for (const key of await store.index('tabId').getAllKeys(tabId)) await store.delete(key);
  }
  await tx.done;
}

/**
 * Forgets every tab's network log. At browser start no tab of the last session is open any more, so
 * whatever was kept for them (the browser quit before their tabs closed) goes, as their recordings do.
 */
export async function clearAllTabs(): Promise<void> {
  const tx = (await db()).transaction(['entries', 'pages', 'gaps'], 'readwrite');
  await Promise.all([tx.objectStore('entries').clear(), tx.objectStore('pages').clear(), tx.objectStore('gaps').clear(), tx.done]);
}

/** Where the current window of `tabId` starts: the repro's start, or now minus the rolling window. */
export async function windowStart(tabId: number, now = Date.now()): Promise<number> {
  const recording = (await recordingTabs.getValue())[tabId];
  if (recording?.mode === 'repro') return recording.since;
  if (!recording) return 0;
  return now - (await getCaptureSettings()).windowMs;
}

/** The HAR of `tabId` over its current window. */
export async function readHar(tabId: number): Promise<Har> {
  const from = await windowStart(tabId);
  const database = await db();
  const entries = (await database.getAllFromIndex('entries', 'tabId', tabId)).filter((r) => r.start >= from);
  const firstStart = entries.reduce((min, r) => Math.min(min, r.start), Number.POSITIVE_INFINITY);
  const pages = (await database.getAllFromIndex('pages', 'tabId', tabId)).sort((a, b) => a.start - b.start);
  // Pages that started inside the window, plus the one the earliest entry belongs to.
  const holder = pages.filter((p) => p.start <= firstStart).at(-1);
  const kept = pages.filter((p) => p.start >= from || p === holder).map((p) => p.page);
  const open = await openResponses(tabId, from);
  return buildHar(kept, [...entries.map((r) => r.entry), ...open], browser.runtime.getManifest().version);
}

/**
 * Requests whose response arrived but whose body the page never read: Chromium reports such a request
 * finished only once the body is consumed, so it would otherwise be missing from the report altogether.
 * They come from the worker's in-flight state (already redacted), with status and headers but no body.
 */
async function openResponses(tabId: number, from: number): Promise<Entry[]> {
  const state = (await inflightStates.getValue())[tabId];
  if (!state) return [];
  const rules = toRules(await getRedactionSettings());
  const pageref = state.pages.at(-1)?.id;
  return Object.values(state.requests)
    .filter((req) => req.response && req.end === undefined && req.wallTimeMs >= from)
    .map((req) =>
      toHarEntry(
        req,
        { kind: 'omitted', reason: 'response still open when the report was made: the page had not read its body' },
        { rules, pageref },
      ),
    );
}
