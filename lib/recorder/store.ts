/**
 * Reads a tab's captured session (recording, console, steps, pages, gaps, app metadata) from the
 * capture store. Extension pages call it directly: same origin as the worker, so no big messages.
 */
import { emptySession, type CaptureGap, type CapturedSession, type ConsoleEntry, type PageVisit, type Step } from '../report/model';
import { rawEventTime, type RawJson } from '../report/json-blob';
import type { RecordingPiece } from '../report/recording-entry';
import { captureDb, emptyTabRow } from './capture-db';
import { segmentsForRange, type SegmentMeta } from './segment-buffer';

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
 * The captured session of `tabId`: its current rolling window, or its repro (running or stopped) when it
 * has one. Events are in time order across pages and start with a Meta + FullSnapshot pair. With `raw`,
 * each event is its stored JSON text (`RawJson`), which the report packs without parsing, and
 * `recording` holds the same events as the store packed them.
 */
export async function readCapture(tabId: number, options: { raw?: boolean } = {}): Promise<CapturedSession> {
  const db = await captureDb();
  const tx = db.transaction(['tabs', 'chunks', 'logs'], 'readonly');
  const row = (await tx.objectStore('tabs').get(tabId)) ?? emptyTabRow(tabId);
  const repro = row.repro;
  const segments = repro ? segmentsForRange(row.buffer, repro.since, repro.until) : row.buffer.segments.filter((s) => s.hasFull || s !== row.buffer.segments[0]);
  if (segments.length === 0 && !repro) {
    const session = emptySession();
    session.custom = row.custom;
    return session;
  }
  const until = repro?.until ?? Infinity;
  const events: unknown[] = [];
  const pieces: RecordingPiece[] = [];
  const chunkIndex = tx.objectStore('chunks').index('bySegment');
  for (const segment of segments) {
    for (const chunk of await chunkIndex.getAll(IDBKeyRange.only([tabId, segment.id]))) {
      if (options.raw) {
        // The reporter packs events as the store holds them: no parse here, no stringify in the zip, and
        // what the store packed is joined as it is.
        const kept = until === Infinity ? chunk.events : chunk.events.filter((json) => (rawEventTime(json) ?? 0) <= until);
        for (const json of kept) events.push({ rawJson: json } satisfies RawJson);
        if (chunk.packed && kept.length === chunk.events.length) pieces.push({ packed: chunk.packed });
        else if (kept.length) pieces.push({ events: kept });
        continue;
      }
      for (const json of chunk.events) {
        const event = JSON.parse(json) as { timestamp?: number };
        if ((event.timestamp ?? 0) <= until) events.push(event);
      }
    }
  }
  // The store keeps only the window's logs; a repro shows those from the checkout it starts at.
  const from = repro ? (segments[0]?.start ?? repro.since) : -Infinity;
  const logs = await tx.objectStore('logs').index('byTabTime').getAll(IDBKeyRange.bound([tabId, from], [tabId, until]));
  const consoleEntries: ConsoleEntry[] = [];
  const steps: Step[] = [];
  const gaps: CaptureGap[] = [];
  for (const log of logs) {
    if (log.kind === 'console') consoleEntries.push(log.entry);
    else if (log.kind === 'step') steps.push(log.step);
    else gaps.push(log.gap);
  }
  await tx.done;
  return {
    mode: repro ? 'repro' : 'rolling',
    events,
    console: consoleEntries,
    steps,
    pages: pagesOf(segments),
    gaps,
    custom: row.custom,
    ...(options.raw ? { recording: pieces } : {}),
  };
}
