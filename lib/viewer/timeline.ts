/**
 * One clock for the viewer: console entries, requests and page visits placed on the replay's time axis
 * (milliseconds from the first recorded event), so a click seeks the replay and playback selects entries.
 */
import type { Entry } from 'har-format';
import type { ConsoleEntry, PageVisit, RecordedAction } from '../model/report';
import type { RecordedEvent } from './data';
import { isFailed } from './filter';

export type TimelineKind = 'console' | 'network' | 'page' | 'step';

export interface TimelineMark {
  kind: TimelineKind;
  /** Index in its own list (console entries, HAR entries, pages, recorded actions). */
  index: number;
  /** Epoch ms. */
  time: number;
  /** Ms from the start of the replay, clamped to it. */
  offset: number;
  /** Errors and failed requests are drawn louder. */
  severity: 'error' | 'warn' | 'normal';
  label: string;
}

export interface Clock {
  /** Epoch ms of the first event (or of the first entry when there is no replay). */
  start: number;
  /** Length of the replay in ms. */
  total: number;
}

/** The replay's clock from its events; without events, the span of the entries themselves. */
export function clockOf(events: RecordedEvent[] | null, fallbackTimes: number[]): Clock {
  const times = events && events.length ? events.map((e) => e.timestamp) : fallbackTimes.filter(Number.isFinite);
  if (!times.length) return { start: 0, total: 0 };
  // A loop, not Math.min(...times): a long recording has more events than a call can take arguments.
  let start = Infinity;
  let end = -Infinity;
  for (const t of times) {
    if (t < start) start = t;
    if (t > end) end = t;
  }
  return { start, total: end - start };
}

/** Epoch ms → offset into the replay, clamped to [0, total]. */
export function offsetOf(clock: Clock, time: number): number {
  return Math.min(Math.max(time - clock.start, 0), clock.total);
}

/** When a request started, in epoch ms (NaN when the HAR says nothing usable). */
export function requestTime(entry: Entry): number {
  return Date.parse(entry.startedDateTime);
}

/** Every mark, in time order. */
export function buildMarks(
  clock: Clock,
  parts: { console: ConsoleEntry[] | null; entries: Entry[] | null; pages: PageVisit[]; actions?: RecordedAction[] },
): TimelineMark[] {
  const marks: TimelineMark[] = [];
  parts.console?.forEach((c, index) => {
    marks.push({
      kind: 'console',
      index,
      time: c.time,
      offset: offsetOf(clock, c.time),
      severity: c.level === 'error' ? 'error' : c.level === 'warn' ? 'warn' : 'normal',
      label: `${c.level}: ${c.message}`,
    });
  });
  parts.entries?.forEach((e, index) => {
    const time = requestTime(e);
    if (!Number.isFinite(time)) return;
    marks.push({
      kind: 'network',
      index,
      time,
      offset: offsetOf(clock, time),
      severity: isFailed(e) ? 'error' : 'normal',
      label: `${e.request.method} ${e.request.url} ${e.response.status || 'failed'}`,
    });
  });
  parts.pages.forEach((p, index) => {
    marks.push({ kind: 'page', index, time: p.startedAt, offset: offsetOf(clock, p.startedAt), severity: 'normal', label: p.url });
  });
  parts.actions?.forEach((a, index) => {
    if (!Number.isFinite(a.time)) return;
    marks.push({ kind: 'step', index, time: a.time, offset: offsetOf(clock, a.time), severity: 'normal', label: a.text });
  });
  return marks.sort((a, b) => a.time - b.time);
}

/** The index of the last of `times` (sorted) at or before `time`, or -1. */
export function lastAtOrBefore(times: number[], time: number): number {
  let lo = 0;
  let hi = times.length - 1;
  let found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (times[mid]! <= time) {
      found = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return found;
}

/** The pages of the recording as its Meta events give them: URL and offset, in order. */
export function pagesOf(clock: Clock, events: RecordedEvent[] | null): { url: string; offset: number }[] {
  if (!events) return [];
  return events
    .filter((e) => e.type === 4 && typeof (e.data as { href?: unknown } | null)?.href === 'string')
    .map((e) => ({ url: (e.data as { href: string }).href, offset: offsetOf(clock, e.timestamp) }));
}

/**
 * Where to seek to show a page: just past its first full snapshot. On a seek, rrweb's replayer applies
 * only the events strictly before the offset, and a page's Meta event comes a few ms before its
 * snapshot, so seeking to the page's start would still show the page before it.
 */
export function pageOffset(clock: Clock, events: RecordedEvent[] | null, startedAt: number): number {
  const full = events?.find((e) => e.type === 2 && e.timestamp >= startedAt);
  return offsetOf(clock, (full?.timestamp ?? startedAt) + 1);
}

/** The URL shown at `offset` into the replay. */
export function urlAt(pages: { url: string; offset: number }[], offset: number): string | null {
  const i = lastAtOrBefore(
    pages.map((p) => p.offset),
    offset,
  );
  return i >= 0 ? pages[i]!.url : (pages[0]?.url ?? null);
}
