/**
 * Reads a tab's captured session (recording, console, steps, pages, gaps, app metadata) from the
 * capture store. Extension pages call it directly: same origin as the worker, so no big messages.
 */
import {
  emptySession,
  type CaptureGap,
  type CapturedSession,
  type ConsoleEntry,
  type PageVisit,
  type RecordingSummary,
  type Step,
} from '../model/report';
import { rawEventTime } from '../zip/json-blob';
import type { RecordingPiece } from '../zip/recording-entry';
import { captureDb, chunkTexts, emptyTabRow, type ChunkRow } from './capture-db';
import { openOverflows, SEGMENT_FULL_REASON, segmentsForRange, type SegmentMeta } from './segment-buffer';

/** The pages visited, in order, from the segments (a page reloaded counts again). */
export function pagesOf(segments: SegmentMeta[]): PageVisit[] {
  const pages: PageVisit[] = [];
  let lastPage: string | null = null;
  for (const s of segments) {
    if (s.pageId === lastPage) continue;
    lastPage = s.pageId;
    pages.push({ url: s.url, title: s.title, startedAt: s.start });
  }
  return pages;
}

/**
 * The chunks one read of a tab saw, so the next read (after the page handed over its last events) only
 * reads what was stored since. Chunks are never changed once stored, and go only with their segment.
 */
export class ChunkCache {
  private readonly bySegment = new Map<number, ChunkRow[]>();
  /** Segments whose every chunk up to `lastId` is here. */
  private readonly whole = new Set<number>();
  /** The highest chunk key seen (keys only grow). */
  lastId = 0;

  has(segId: number): boolean {
    return this.whole.has(segId);
  }

  /** All of a segment's chunks, as read now. */
  addSegment(segId: number, chunks: readonly ChunkRow[]): void {
    for (const chunk of chunks) this.add(chunk);
    this.whole.add(segId);
  }

  add(chunk: ChunkRow): void {
    const id = chunk.id ?? 0;
    this.lastId = Math.max(this.lastId, id);
    const list = this.bySegment.get(chunk.segId) ?? [];
    if (list.some((c) => c.id === id)) return;
    list.push(chunk);
    this.bySegment.set(chunk.segId, list);
  }

  /** The segment's chunks, in the order they were stored. */
  of(segId: number): ChunkRow[] {
    return (this.bySegment.get(segId) ?? []).sort((a, b) => (a.id ?? 0) - (b.id ?? 0));
  }
}

/**
 * The captured session of `tabId`: its current rolling window, or its repro (running or stopped) when it
 * has one. Events are in time order across pages and start with a Meta + FullSnapshot pair. With `raw`,
 * the events are not read out at all: `recording` holds them as the store packed them (or as their JSON
 * text where it could not), which the report joins without parsing, and `summary` counts them.
 */
export async function readCapture(tabId: number, options: { raw?: boolean; cache?: ChunkCache } = {}): Promise<CapturedSession> {
  const db = await captureDb();
  const tx = db.transaction(['tabs', 'chunks', 'logs'], 'readonly');
  const row = (await tx.objectStore('tabs').get(tabId)) ?? emptyTabRow(tabId);
  const repro = row.repro;
  const segments = repro
    ? segmentsForRange(row.buffer, repro.since, repro.until)
    : row.buffer.segments.filter((s) => s.hasFull || s !== row.buffer.segments[0]);
  if (segments.length === 0 && !repro) {
    const session = emptySession();
    session.custom = row.custom;
    if (options.raw) Object.assign(session, { recording: [], summary: emptySummary() });
    return session;
  }
  const until = repro?.until ?? Infinity;
  const chunkIndex = tx.objectStore('chunks').index('bySegment');
  const cache = options.cache;
  // With chunks read before, only those stored since (higher keys) are read now, and segments not seen
  // then (begun since, or left out then for want of a snapshot) are read whole.
  if (cache && cache.lastId > 0) {
    for (const chunk of await tx.objectStore('chunks').getAll(IDBKeyRange.lowerBound(cache.lastId, true)))
      if (chunk.tabId === tabId) cache.add(chunk);
  }
  const chunks: ChunkRow[] = [];
  for (const segment of segments) {
    const known = cache?.has(segment.id) ?? false;
    const read = known && cache ? cache.of(segment.id) : await chunkIndex.getAll(IDBKeyRange.only([tabId, segment.id]));
    if (cache && !known) cache.addSegment(segment.id, read);
    chunks.push(...read);
  }
  // The store keeps only the window's logs; a repro shows those from the checkout it starts at.
  const from = repro ? (segments[0]?.start ?? repro.since) : -Infinity;
  // A row of a batch's console entries is filed under its latest: one filed after `until` may hold
  // earlier entries, so the rows are read to the end and each entry is placed by its own time.
  const logs = await tx
    .objectStore('logs')
    .index('byTabTime')
    .getAll(IDBKeyRange.bound([tabId, from], [tabId, Infinity]));
  const consoleEntries: ConsoleEntry[] = [];
  const steps: Step[] = [];
  const gaps: CaptureGap[] = [];
  const inRange = (time: number) => time >= from && time <= until;
  for (const log of logs) {
    if (log.kind === 'console-batch') {
      for (const entry of log.entries) if (inRange(Math.min(entry.time, log.time))) consoleEntries.push(entry);
    } else if (log.time > until) continue;
    else if (log.kind === 'console') consoleEntries.push(log.entry);
    else if (log.kind === 'step') steps.push(log.step);
    else gaps.push(log.gap);
  }
  // A page whose segment is full drops its events until the next snapshot: the report shows that now.
  for (const open of openOverflows(row.buffer))
    if (open.from <= until) gaps.push({ kind: 'recording', from: open.from, to: null, reason: SEGMENT_FULL_REASON });
  await tx.done;
  // Unpacked only once the transaction is over: waiting inside it would end it.
  const recording = options.raw ? await rawRecording(chunks, until) : null;
  const events: unknown[] = [];
  if (!recording) {
    for (const chunk of chunks) {
      for (const json of await chunkTexts(chunk)) {
        const event = JSON.parse(json) as { timestamp?: number };
        if ((event.timestamp ?? 0) <= until) events.push(event);
      }
    }
  }
  return {
    mode: repro ? 'repro' : 'rolling',
    events,
    console: consoleEntries,
    steps,
    pages: pagesOf(segments),
    gaps,
    custom: row.custom,
    ...(recording ?? {}),
  };
}

const emptySummary = (): RecordingSummary => ({ count: 0, chars: 0, first: null, last: null });

/**
 * The recording of `chunks` up to `until`, as the report joins it: each packed chunk as it is, unless a
 * repro's end falls inside it (then its events up to the end, as text), and the events stored as text.
 */
async function rawRecording(
  chunks: readonly ChunkRow[],
  until: number,
): Promise<{ recording: RecordingPiece[]; summary: RecordingSummary }> {
  const pieces: RecordingPiece[] = [];
  const summary = emptySummary();
  const count = (times: readonly (number | null)[], chars: number) => {
    summary.count += times.length;
    summary.chars += chars;
    for (const time of times) {
      if (time === null) continue;
      summary.first ??= time;
      summary.last = time;
    }
  };
  for (const chunk of chunks) {
    if (!chunk.events) {
      if (chunk.times.every((t) => t <= until)) {
        pieces.push({ packed: chunk.packed });
        count(chunk.times, chunk.chars);
        continue;
      }
      if (chunk.times.every((t) => t > until)) continue;
    }
    const texts = await chunkTexts(chunk);
    const kept = until === Infinity ? texts : texts.filter((json) => (rawEventTime(json) ?? 0) <= until);
    count(
      kept.map(rawEventTime),
      kept.reduce((n, json) => n + json.length, 0),
    );
    if (!kept.length) continue;
    // A chunk stored with its text beside its pack (by an earlier version) is joined packed when whole.
    pieces.push(chunk.packed && kept.length === texts.length ? { packed: chunk.packed } : { events: kept });
  }
  return { recording: pieces, summary };
}
