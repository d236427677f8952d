/**
 * The viewer's reactive state: which tab, what is selected, the filters, and the one clock shared by
 * the replay, the timeline marks and the lists.
 */
import type { ConsoleLevel, RecordedAction } from '../model/report';
import type { ViewerData } from './data';
import { filterConsole, filterNetwork } from './filter';
import {
  buildMarks,
  clockOf,
  lastAtOrBefore,
  offsetOf,
  pageOffset,
  pagesOf,
  requestTime,
  urlAt,
  type Clock,
  type TimelineMark,
} from './timeline';

export type ViewerTab = 'steps' | 'console' | 'network' | 'environment' | 'screenshot';

export const CONSOLE_LEVELS: readonly ConsoleLevel[] = ['error', 'warn', 'info', 'log', 'debug'];

export class ViewerState {
  readonly data: ViewerData;
  readonly clock: Clock;
  readonly marks: TimelineMark[];
  readonly pages: { url: string; offset: number }[];
  readonly replayable: boolean;
  /** Images, fonts and stylesheets of the replay restored from the network log's bodies. */
  readonly restoredAssets: number;

  tab = $state<ViewerTab>('console');
  /** Ms into the replay, as the player reports it. */
  offset = $state(0);
  selectedConsole = $state<number | null>(null);
  selectedRequest = $state<number | null>(null);
  consoleLevels = $state(new Set<ConsoleLevel>(CONSOLE_LEVELS));
  consoleQuery = $state('');
  networkQuery = $state('');
  networkFailedOnly = $state(false);
  networkType = $state('');

  #seeker: ((offset: number) => void) | null = null;
  readonly #consoleOffsets: number[];
  readonly #requestOffsets: number[];
  readonly #actionOffsets: number[];
  /** The tester's recorded actions, on the replay's clock (absent from reports of older builds). */
  readonly actions: RecordedAction[];

  constructor(data: ViewerData) {
    this.data = data;
    const entries = data.har?.log.entries ?? [];
    this.replayable = (data.events?.length ?? 0) >= 2;
    this.restoredAssets = data.restoredAssets ?? 0;
    this.clock = clockOf(this.replayable ? data.events : null, [...(data.console ?? []).map((c) => c.time), ...entries.map(requestTime)]);
    this.actions = data.report.recording.actions ?? [];
    this.marks = buildMarks(this.clock, { console: data.console, entries, pages: data.report.recording.pages, actions: this.actions });
    this.#actionOffsets = this.actions.map((a) => offsetOf(this.clock, a.time));
    this.pages = pagesOf(this.clock, data.events);
    this.#consoleOffsets = (data.console ?? []).map((c) => offsetOf(this.clock, c.time));
    this.#requestOffsets = entries.map((e) => offsetOf(this.clock, requestTime(e)));
    if (!data.console?.length && entries.length) this.tab = 'network';
  }

  get consoleRows(): number[] {
    return filterConsole(this.data.console ?? [], { levels: this.consoleLevels, query: this.consoleQuery });
  }

  get networkRows(): number[] {
    return filterNetwork(this.data.har?.log.entries ?? [], {
      query: this.networkQuery,
      failedOnly: this.networkFailedOnly,
      type: this.networkType,
    });
  }

  /** The console entry that playback has reached (the last at or before the current time). */
  get currentConsole(): number {
    return this.replayable ? lastSorted(this.#consoleOffsets, this.offset) : -1;
  }

  get currentRequest(): number {
    return this.replayable ? lastSorted(this.#requestOffsets, this.offset) : -1;
  }

  /** The recorded action playback has reached. */
  get currentAction(): number {
    return this.replayable ? lastSorted(this.#actionOffsets, this.offset) : -1;
  }

  actionOffset(index: number): number {
    return this.#actionOffsets[index] ?? 0;
  }

  get url(): string {
    return urlAt(this.pages, this.offset) ?? this.data.report.page.url;
  }

  consoleOffset(index: number): number {
    return this.#consoleOffsets[index] ?? 0;
  }

  requestOffset(index: number): number {
    return this.#requestOffsets[index] ?? 0;
  }

  toggleLevel(level: ConsoleLevel): void {
    const next = new Set(this.consoleLevels);
    if (next.has(level)) next.delete(level);
    else next.add(level);
    this.consoleLevels = next;
  }

  /** The replay registers how to seek it once it is ready. */
  attachSeeker(seek: ((offset: number) => void) | null): void {
    this.#seeker = seek;
  }

  seek(offset: number): void {
    const clamped = Math.min(Math.max(offset, 0), this.clock.total);
    this.offset = clamped;
    this.#seeker?.(clamped);
  }

  /** A click on a mark or a row: select the entry, show its tab, and move the replay there. */
  open(kind: TimelineMark['kind'], index: number): void {
    if (kind === 'console') {
      this.tab = 'console';
      this.selectedConsole = index;
      this.seek(this.consoleOffset(index));
    } else if (kind === 'network') {
      this.tab = 'network';
      this.selectedRequest = index;
      this.seek(this.requestOffset(index));
    } else if (kind === 'step') {
      this.tab = 'steps';
      this.seek(this.actionOffset(index));
    } else {
      const page = this.data.report.recording.pages[index];
      if (page) this.seek(pageOffset(this.clock, this.replayable ? this.data.events : null, page.startedAt));
    }
  }
}

/** Offsets are in list order, which is time order for a well-formed report; sort defensively. */
function lastSorted(offsets: number[], at: number): number {
  let sorted = true;
  for (let i = 1; i < offsets.length; i++) if (offsets[i]! < offsets[i - 1]!) sorted = false;
  if (sorted) return lastAtOrBefore(offsets, at);
  let best = -1;
  offsets.forEach((o, i) => {
    if (o <= at && (best < 0 || o >= offsets[best]!)) best = i;
  });
  return best;
}
