/**
 * The per-tab capture store in the extension's own IndexedDB (`repro-capture`): rrweb events in chunks
 * per checkout segment (deflated, or as JSON strings where they could not be), console entries, steps
 * and gaps, and one row of bookkeeping per tab (the segment list of `segment-buffer`). Every batch is
 * stored as it arrives, in one transaction that also evicts what fell out of the window, so a
 * navigation, reload or crash of the tab keeps everything earlier. Read directly by extension pages
 * (same origin as the worker).
 */
import type { DBSchema, IDBPDatabase } from 'idb';
import type { MessageData } from '../messaging/define';
import type { RecordingProtocol } from './messages';
import type { CaptureGap, ConsoleEntry, Step } from '../model/report';
import { packEvents, unpackEvents, type StoredPart } from '../zip/recording-entry';
import type { OpenPart } from '../zip/zip-writer';
import { DATABASES } from '../storage/databases';
import { lazyDb } from '../storage/lazy-db';
import { EventType } from '../model/rrweb-events';
import {
  bufferTotals,
  emptyBuffer,
  evictSegments,
  placeEvents,
  SEGMENT_FULL_REASON,
  type BufferState,
  type EvictionPolicy,
} from './segment-buffer';

type Batch = MessageData<RecordingProtocol, 'recording:batch'>;
type Custom = Record<string, string | number | boolean | null>;

export interface ReproRange {
  since: number;
  /** Null while it runs. */
  until: number | null;
}

export interface TabRow {
  tabId: number;
  buffer: BufferState;
  custom: Custom;
  repro: ReproRange | null;
  /** Console errors kept (recounted at each eviction). */
  consoleErrors: number;
  /** Characters of console entries kept (their JSON), held under a share of the byte cap. */
  logBytes?: number;
  /** Characters of steps and gaps kept (their JSON), held under a share of the byte cap of their own. */
  stepBytes?: number;
}

/**
 * Events of one segment, stored either packed (their JSON texts joined by commas and deflated, so a
 * report joins them instead of compressing them, see `recordingEntry`; about a tenth of the text) or,
 * when they could not be packed, as their JSON texts, which the report packs itself. A pack's body is
 * stored as a Blob (`packBlob`); chunks stored before that hold it as bytes.
 */
export type ChunkRow = { id?: number; tabId: number; segId: number } &
  // Earlier versions stored the pack beside the text; such chunks are read as text, or joined packed.
  (
    | { events: string[]; packed?: StoredPart }
    | {
        events?: undefined;
        packed: StoredPart;
        /** Each event's `timestamp`, in order: a repro's end cuts a chunk by them without unpacking it. */
        times: number[];
        /** Characters of the events' JSON texts. */
        chars: number;
      }
  );

/**
 * A pack as it is stored: its body as a Blob. IndexedDB keeps a value's bytes in its database file
 * below about 64 KB and in a file of their own above, and a busy page's pack of one second is just
 * under that: read back as bytes, a two-minute window (some 70 packs, 4 MB) took Chromium 250–420 ms,
 * read as Blobs 5–10 ms, the bytes staying on disk until a report joins them (80–150 ms, in the zip
 * worker).
 */
export function packBlob(part: OpenPart): StoredPart {
  return { crc: part.crc, size: part.size, body: new Blob([part.body as BlobPart]) };
}

/** A chunk's events as their JSON texts, unpacked if need be. */
export async function chunkTexts(chunk: ChunkRow): Promise<string[]> {
  if (chunk.events) return chunk.events;
  const text = await unpackEvents(chunk.packed);
  if (!text) return [];
  // Each event goes out as JSON.stringify wrote it when stored: parsed and written again, it is the same.
  return (JSON.parse(`[${text}]`) as unknown[]).map((event) => JSON.stringify(event));
}

export type LogRow =
  | {
      id?: number;
      tabId: number;
      /** The latest entry's time, no later than when the row was stored (an entry's own time counts as no later than this). */
      time: number;
      kind: 'console-batch';
      /** A batch's console entries, in order. */
      entries: ConsoleEntry[];
      /** How many of them are errors. */
      errors: number;
      /** Characters of `entries` as JSON, counted once when stored. */
      bytes: number;
    }
  // One entry a row, as versions before the batched row stored them: still read and evicted.
  | {
      id?: number;
      tabId: number;
      time: number;
      kind: 'console';
      entry: ConsoleEntry;
      /** Characters of `entry` as JSON, counted once when stored. */ bytes?: number;
    }
  | { id?: number; tabId: number; time: number; kind: 'step'; step: Step; /** Characters of `step` as JSON. */ bytes?: number }
  | { id?: number; tabId: number; time: number; kind: 'gap'; gap: CaptureGap; /** Characters of `gap` as JSON. */ bytes?: number };

interface CaptureDb extends DBSchema {
  tabs: { key: number; value: TabRow };
  chunks: { key: number; value: ChunkRow; indexes: { bySegment: [number, number]; byTab: number } };
  logs: { key: number; value: LogRow; indexes: { byTabTime: [number, number] } };
}

const store = lazyDb<CaptureDb>(
  DATABASES.capture,
  1,
  (db) => {
    db.createObjectStore('tabs', { keyPath: 'tabId' });
    const chunks = db.createObjectStore('chunks', { keyPath: 'id', autoIncrement: true });
    chunks.createIndex('bySegment', ['tabId', 'segId']);
    chunks.createIndex('byTab', 'tabId');
    const logs = db.createObjectStore('logs', { keyPath: 'id', autoIncrement: true });
    logs.createIndex('byTabTime', ['tabId', 'time']);
  },
  // One opened without our stores (by someone opening it unversioned first) is rebuilt.
  'tabs',
);

/** The capture database, opened on first use. */
export function captureDb(): Promise<IDBPDatabase<CaptureDb>> {
  return store.get();
}

export function emptyTabRow(tabId: number): TabRow {
  return { tabId, buffer: emptyBuffer(), custom: {}, repro: null, consoleErrors: 0 };
}

export interface StorePolicy {
  now: number;
  windowMs: number;
  maxBytes: number;
}

/** Bytes a repro may keep, against the rolling buffer's cap: it runs up to its own, longer, cap of time. */
export const REPRO_BYTES_FACTOR = 4;

/** How long a stopped repro stays the tab's recording (for its report) before the rolling window takes over again. */
export const STOPPED_REPRO_KEPT_MS = 30 * 60_000;

/** The tab's repro while it still matters: running, or stopped less than STOPPED_REPRO_KEPT_MS ago. */
function liveRepro(repro: ReproRange | null, now: number): ReproRange | null {
  if (!repro) return null;
  return repro.until === null || now - repro.until < STOPPED_REPRO_KEPT_MS ? repro : null;
}

/** Share of a tab's byte cap that console entries may take. */
export const LOG_SHARE = 0.25;
/**
 * Share of a tab's byte cap that steps and gaps may take, apart from the console's so a page that logs
 * heavily never pushes the tester's steps out: 2.5 MB of the default 50 MB, some 10,000 steps.
 */
export const STEP_SHARE = 0.05;
/** App metadata keys kept per tab (the app API allows 50 per message; merged, the latest win). */
export const MAX_CUSTOM_KEYS = 50;

function mergeCustom(kept: Custom, added: Custom): Custom {
  const merged = { ...kept };
  for (const [key, value] of Object.entries(added)) {
    delete merged[key];
    merged[key] = value;
  }
  const keys = Object.keys(merged);
  return keys.length <= MAX_CUSTOM_KEYS ? merged : Object.fromEntries(keys.slice(-MAX_CUSTOM_KEYS).map((k) => [k, merged[k]!]));
}

function evictionPolicy(row: TabRow, policy: StorePolicy): EvictionPolicy {
  if (!row.repro) return { now: policy.now, windowMs: policy.windowMs, maxBytes: policy.maxBytes };
  return { now: policy.now, windowMs: policy.windowMs, maxBytes: policy.maxBytes * REPRO_BYTES_FACTOR, keepSince: row.repro.since };
}

export interface AppendResult {
  stored: number;
  dropped: number;
  evictedSegments: number;
  /** The page's open segment is full: events are dropped until a new segment starts. */
  full: boolean;
}

/**
 * Share of a tab's byte cap that one segment may take: the window keeps a segment and the one before
 * it, and a page that never lets a snapshot be taken stops growing the store there.
 */
export const SEGMENT_SHARE = 0.5;

/**
 * The most JSON text (in characters) packed into one chunk when stored. A batch is packed in runs of at
 * most this much, so a busy page's batches are packed as they come; a single event over it (a large
 * page's snapshot) is left for the report to pack.
 */
export const PACK_MAX_CHARS = 1 << 20;

/**
 * `[from, to)` index runs of a batch's events, a new one at each Meta event (where a segment starts) and
 * wherever the run's text would pass `maxChars` (`sizes` are the events' lengths): only a single event
 * can make a run longer than that.
 */
export function packRuns(types: readonly number[], sizes: readonly number[] = [], maxChars = Infinity): [number, number][] {
  const runs: [number, number][] = [];
  let from = 0;
  let chars = 0;
  for (let i = 0; i <= types.length; i++) {
    const size = sizes[i] ?? 0;
    if (i === types.length || (i > from && (types[i] === EventType.Meta || chars + size > maxChars))) {
      if (i > from) runs.push([from, i]);
      from = i;
      chars = 0;
    }
    chars += size;
  }
  return runs;
}

/** Stores one batch of a tab's top frame (events, logs) or of one of its frames (logs only), and evicts. */
export async function appendBatch(tabId: number, batch: Batch, policy: StorePolicy, topFrame = true): Promise<AppendResult> {
  const events = topFrame ? batch.events : [];
  // Packed before the transaction (waiting inside it would end it), in runs that each start a segment
  // or continue one: a checkout (Meta) starts a segment, so each run goes whole into one segment (or is
  // dropped whole, before a page's first snapshot). Each run is stored as a chunk of its own, so a
  // report joins the packs and deflates only what has none. A single event over PACK_MAX_CHARS (a
  // large page's snapshot) is left to the report: deflating megabytes here, just after the page
  // loaded, slowed its frames on a two-core machine.
  const runs = packRuns(
    events.map((e) => e.type),
    events.map((e) => e.json.length),
    PACK_MAX_CHARS,
  );
  const packs: (OpenPart | null)[] = [];
  // One after the other: each deflate is short, and the worker answers other messages between them.
  for (const [from, to] of runs) {
    const texts = events.slice(from, to).map((e) => e.json);
    const big = texts.reduce((n, t) => n + t.length, 0) > PACK_MAX_CHARS;
    packs.push(big ? null : await packEvents(texts).catch(() => null));
  }
  const runOf = new Int32Array(events.length);
  runs.forEach(([from, to], r) => runOf.fill(r, from, to));
  const db = await captureDb();
  const tx = db.transaction(['tabs', 'chunks', 'logs'], 'readwrite');
  const tabs = tx.objectStore('tabs');
  const chunks = tx.objectStore('chunks');
  const logs = tx.objectStore('logs');
  const stored = (await tabs.get(tabId)) ?? emptyTabRow(tabId);
  const row = { ...stored, repro: liveRepro(stored.repro, policy.now) };
  const placement = placeEvents(
    row.buffer,
    { pageId: batch.pageId, url: batch.url, title: batch.title },
    events.map((e) => ({ t: e.t, type: e.type, bytes: e.json.length })),
    policy.now,
    evictionPolicy(row, policy).maxBytes * SEGMENT_SHARE,
  );
  // One chunk for each run's events placed in one segment; its pack goes with it when all were placed.
  const placed: { segId: number; run: number; list: string[] }[] = [];
  placement.placed.forEach((segId, i) => {
    if (segId === null) return;
    const last = placed[placed.length - 1];
    if (last?.segId === segId && last.run === runOf[i]) last.list.push(events[i]!.json);
    else placed.push({ segId, run: runOf[i]!, list: [events[i]!.json] });
  });
  const writes: Promise<unknown>[] = [];
  for (const { segId, run, list } of placed) {
    const [from, to] = runs[run]!;
    const packed = to - from === list.length ? packs[run] : null;
    // A packed chunk keeps no text: reading a window back is then a tenth of the bytes.
    const row: ChunkRow = packed
      ? {
          tabId,
          segId,
          packed: packBlob(packed),
          times: events.slice(from, to).map((e) => e.t),
          chars: list.reduce((n, t) => n + t.length, 0),
        }
      : { tabId, segId, events: list };
    writes.push(chunks.add(row));
  }

  const now = policy.now;
  const clamp = (t: number) => Math.min(t, now);
  const json = (value: unknown) => JSON.stringify(value).length;
  // Rows stored before sizes were kept have none: a console entry's is counted when it goes; steps and
  // gaps were not counted in, so they count nothing out.
  const sizeOf = (row: LogRow) => row.bytes ?? (row.kind === 'console' ? json(row.entry) : 0);
  let logBytes = row.logBytes ?? 0;
  let stepBytes = row.stepBytes ?? 0;
  const newErrors = batch.console.filter((e) => e.level === 'error').length;
  if (batch.console.length > 0) {
    // A batch's entries go in one row: a row each cost the worker some 80 µs an entry in IndexedDB
    // alone, on the core the page shares on a two-core machine, when a page logs heavily.
    const entries = batch.console;
    const bytes = json(entries);
    logBytes += bytes;
    const time = clamp(entries.reduce((latest, e) => Math.max(latest, e.time), -Infinity));
    writes.push(logs.add({ tabId, time, kind: 'console-batch', entries, errors: newErrors, bytes }));
  }
  for (const step of batch.steps) {
    const bytes = json(step);
    stepBytes += bytes;
    writes.push(logs.add({ tabId, time: clamp(step.time), kind: 'step', step, bytes }));
  }
  for (const recorded of batch.gaps) {
    const gap: CaptureGap = { kind: 'recording', ...recorded };
    const bytes = json(gap);
    stepBytes += bytes;
    writes.push(logs.add({ tabId, time: clamp(gap.from), kind: 'gap', gap, bytes }));
  }
  for (const gap of placement.gaps) {
    const full: CaptureGap = { kind: 'recording', ...gap, reason: SEGMENT_FULL_REASON };
    const bytes = json(full);
    stepBytes += bytes;
    writes.push(logs.add({ tabId, time: clamp(full.from), kind: 'gap', gap: full, bytes }));
  }

  const eviction = evictSegments(placement.state, evictionPolicy(row, policy));
  for (const segment of eviction.evicted) {
    // Keys only: the chunks themselves can be megabytes.
    for (const key of await chunks.index('bySegment').getAllKeys(IDBKeyRange.only([tabId, segment.id]))) writes.push(chunks.delete(key));
  }
  // Logs go once they are older than both the window and the first kept segment (a page's first
  // console lines come before rrweb's first snapshot, and must not go with nothing to show for it).
  let start = Math.min(eviction.state.segments[0]?.start ?? Infinity, now - policy.windowMs);
  if (row.repro) start = Math.min(start, row.repro.since);
  let removedErrors = 0;
  /** Counts a log row out of its share as it is deleted. */
  const remove = (value: LogRow) => {
    if (value.kind === 'console-batch') {
      removedErrors += value.errors;
      logBytes -= value.bytes;
    } else if (value.kind === 'console') {
      if (value.entry.level === 'error') removedErrors++;
      logBytes -= sizeOf(value);
    } else stepBytes -= sizeOf(value);
  };
  let cursor = await logs.index('byTabTime').openCursor(IDBKeyRange.bound([tabId, -Infinity], [tabId, start], false, true));
  while (cursor) {
    remove(cursor.value);
    writes.push(cursor.delete());
    cursor = await cursor.continue();
  }
  // A page that logs heavily, or makes steps or gaps in bulk, would otherwise fill the store inside its
  // window: console entries may take a quarter of the byte cap, steps and gaps a share of their own, and
  // the oldest of each go first (the replay keeps its own cap).
  const maxBytes = evictionPolicy(row, policy).maxBytes;
  let trimmed = 0;
  const trim = async (consoleRows: boolean, over: () => boolean) => {
    let oldest = await logs.index('byTabTime').openCursor(IDBKeyRange.bound([tabId, start], [tabId, Infinity]));
    while (oldest && over()) {
      if ((oldest.value.kind === 'console' || oldest.value.kind === 'console-batch') === consoleRows) {
        remove(oldest.value);
        // Counted as what the tester loses: each console line of a batch's row.
        trimmed += oldest.value.kind === 'console-batch' ? oldest.value.entries.length : 1;
        writes.push(oldest.delete());
      }
      oldest = await oldest.continue();
    }
  };
  if (logBytes > maxBytes * LOG_SHARE) await trim(true, () => logBytes > maxBytes * LOG_SHARE * 0.9);
  if (stepBytes > maxBytes * STEP_SHARE) await trim(false, () => stepBytes > maxBytes * STEP_SHARE * 0.9);
  const next: TabRow = {
    ...row,
    buffer: eviction.state,
    custom: mergeCustom(row.custom, batch.custom),
    consoleErrors: Math.max(0, row.consoleErrors + newErrors - removedErrors),
    logBytes: Math.max(0, logBytes),
    stepBytes: Math.max(0, stepBytes),
  };
  writes.push(tabs.put(next));
  await Promise.all([...writes, tx.done]);
  return {
    stored: placement.placed.length - placement.dropped,
    dropped: placement.dropped + trimmed,
    evictedSegments: eviction.evicted.length,
    full: placement.full,
  };
}

/** The stored events (JSON, oldest first) of the segment open for `pageId` in the tab, with its start. */
export async function readOpenSegment(tabId: number, pageId: string): Promise<{ start: number; events: string[] } | null> {
  const db = await captureDb();
  const tx = db.transaction(['tabs', 'chunks'], 'readonly');
  const row = await tx.objectStore('tabs').get(tabId);
  const segId = row?.buffer.open[pageId];
  const segment = row?.buffer.segments.find((s) => s.id === segId);
  if (!segment) return null;
  const chunks = await tx
    .objectStore('chunks')
    .index('bySegment')
    .getAll(IDBKeyRange.only([tabId, segment.id]));
  await tx.done;
  chunks.sort((a, b) => (a.id ?? 0) - (b.id ?? 0));
  return { start: segment.start, events: (await Promise.all(chunks.map(chunkTexts))).flat() };
}

/** The tab's bookkeeping row (or an empty one). */
export async function getTabRow(tabId: number): Promise<TabRow> {
  return (await (await captureDb()).get('tabs', tabId)) ?? emptyTabRow(tabId);
}

/** Marks the start (until null) or end of a repro in the tab. */
export async function setRepro(tabId: number, repro: ReproRange | null): Promise<void> {
  const db = await captureDb();
  const tx = db.transaction('tabs', 'readwrite');
  const row = (await tx.store.get(tabId)) ?? emptyTabRow(tabId);
  await Promise.all([tx.store.put({ ...row, repro }), tx.done]);
}

/** Deletes everything recorded in a tab. */
export async function clearTab(tabId: number): Promise<void> {
  const db = await captureDb();
  const tx = db.transaction(['tabs', 'chunks', 'logs'], 'readwrite');
  const work: Promise<unknown>[] = [tx.objectStore('tabs').delete(tabId)];
  let c = await tx.objectStore('chunks').index('byTab').openCursor(IDBKeyRange.only(tabId));
  while (c) {
    work.push(c.delete());
    c = await c.continue();
  }
  let l = await tx
    .objectStore('logs')
    .index('byTabTime')
    .openCursor(IDBKeyRange.bound([tabId, -Infinity], [tabId, Infinity]));
  while (l) {
    work.push(l.delete());
    l = await l.continue();
  }
  await Promise.all([...work, tx.done]);
}

/** Deletes every tab's data (tab ids are reused by a new browser session). */
export async function clearAll(): Promise<void> {
  const db = await captureDb();
  const tx = db.transaction(['tabs', 'chunks', 'logs'], 'readwrite');
  await Promise.all([tx.objectStore('tabs').clear(), tx.objectStore('chunks').clear(), tx.objectStore('logs').clear(), tx.done]);
}

/** A summary for the popup and badge. */
export async function tabSummary(
  tabId: number,
): Promise<{ events: number; bytes: number; consoleErrors: number; windowStart: number | null; windowEnd: number | null }> {
  const row = await getTabRow(tabId);
  const totals = bufferTotals(row.buffer);
  return {
    ...totals,
    consoleErrors: row.consoleErrors,
    windowStart: row.buffer.segments[0]?.start ?? null,
    windowEnd: row.buffer.segments.at(-1)?.end ?? null,
  };
}
