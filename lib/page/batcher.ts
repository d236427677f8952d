/**
 * Collects what the page-world recorder produces and hands it over in bounded batches: every
 * `intervalMs`, as soon as `maxEvents` events or `maxBytes` of event text are waiting, or on demand
 * (pagehide, a click, the reporter opening); a full snapshot goes in the next idle period. A page that
 * changes little hands over less often: while only a few page changes wait (under `holdBelowBytes` of
 * text, no snapshot, console line, step or gap), they wait for more, up to `maxHoldMs`. Events are
 * written to JSON in the page's idle time, one at a time between frames, so the writing does not cost
 * the page a frame; a batch that must go now (or a page that is never idle for `idleTimeoutMs`) is
 * written at once. Page-safe.
 */
import type { PortEvent } from './protocol';
import type { ConsoleEntry, Step } from '../model/report';
// rrweb's FullSnapshot and Meta event types, the two that start a page's recording (a pure module).
import { EventType } from '../model/rrweb-events';

/** One recorded rrweb event, waiting to be written to JSON. */
export interface RecordedEvent {
  t: number;
  type: number;
  event: unknown;
}

export interface RecordingGap {
  from: number;
  to: number | null;
  reason: string;
}

export interface Batch {
  type: 'batch';
  /** Each already JSON: its text crosses to the extension as one string. */
  events: PortEvent[];
  /**
   * The batch's console entries as one JSON array ('' when there are none): the isolated script passes
   * the text on untouched, and the worker parses, checks and redacts it, so none of that work runs on
   * the page's thread.
   */
  consoleJson: string;
  steps: Step[];
  gaps: RecordingGap[];
  errors: number;
}

/** What waits to be sent: console entries are written to JSON together when the batch goes. */
type Pending = Omit<Batch, 'consoleJson'> & { console: ConsoleEntry[] };

export interface Timers {
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(id: unknown): void;
  /**
   * Runs `fn` when the page is idle, at the latest after `timeoutMs`, with the milliseconds of idle time
   * left (Infinity when the time-out forced it). `requestIdleCallback` in pages; without it, batches are
   * written when they go.
   */
  whenIdle?(fn: (timeLeft: () => number) => void, timeoutMs: number): void;
}

export interface BatcherOptions {
  send: (batch: Batch) => void;
  /** Writes one event as JSON; throwing leaves the event out, counted as an error. */
  serialize?: (event: unknown) => string;
  /** Writes a full snapshot as JSON in steps (`json-steps.ts`), so idle periods can share the work; throwing as `serialize`. */
  serializeSteps?: (event: unknown) => Iterator<void, string>;
  /** A monotonic clock (`performance.now`), bounding the work of one idle period the browser forced. */
  clock?: () => number;
  intervalMs?: number;
  /** Longest wait for idle time before what waits is written anyway. */
  idleTimeoutMs?: number;
  maxEvents?: number;
  /** Characters of event JSON that send a batch at once (a full snapshot goes alone). */
  maxBytes?: number;
  maxConsole?: number;
  /** Below this many characters of event text, page changes alone wait for more (0: never wait). */
  holdBelowBytes?: number;
  /** Longest time page changes wait for more before they are handed over anyway. */
  maxHoldMs?: number;
  /** Wall clock for `maxHoldMs`. */
  now?: () => number;
  timers?: Timers;
}

export interface Batcher {
  event(event: RecordedEvent): void;
  console(entry: ConsoleEntry): void;
  step(step: Step): void;
  gap(gap: RecordingGap): void;
  error(): void;
  /** Sends what is waiting now (no-op when nothing is). */
  flush(): void;
  /** Drops what is waiting and stops the timer. */
  dispose(): void;
}

const idle = globalThis.requestIdleCallback?.bind(globalThis);

/** Timers of the page, with its idle callbacks where it has them (taken when this module loads). */
export const pageTimers: Timers = {
  setTimeout: (fn, ms) => globalThis.setTimeout(fn, ms),
  clearTimeout: (id) => globalThis.clearTimeout(id as number),
  ...(idle
    ? { whenIdle: (fn, timeoutMs) => void idle((d) => fn(() => (d.didTimeout ? Infinity : d.timeRemaining())), { timeout: timeoutMs }) }
    : {}),
};

/**
 * How long what the recorder produces waits before it is handed over. Each hand-over costs the page
 * two messages (to the isolated script, then to the worker) of about half a millisecond each whatever
 * their size; a click, a submit and pagehide hand over at once.
 */
export const BATCH_INTERVAL_MS = 1000;

/**
 * A quiet page (a few changes a second, say a clock and a counter in a large document) would pay the
 * hand-over's fixed cost every second for a few kilobytes: its changes wait up to four seconds instead,
 * unless 48 KB of them pile up first (what is held then goes to the worker in one message, under the
 * size at which Chromium's copy gets dearer: see `RELAY_LIMITS.messageBytes`). Anything the tester may look for at once (console, steps, gaps,
 * a snapshot) goes at the next interval, and the reporter asks for what waits before it reads.
 */
export const HOLD_BELOW_BYTES = 48 * 1024;
export const MAX_HOLD_MS = 4000;

/** Idle milliseconds below which no further event is written in this idle period. */
const IDLE_SLACK_MS = 1;
/**
 * When the page was never idle and the browser forces the callback, a full snapshot is written 10 ms at
 * a time, the next part asked for again within 50 ms: a busy page keeps its frames, and a 4 MB
 * snapshot is still handed over within a couple of seconds.
 */
const FORCED_SLICE_MS = 10;
const FORCED_RETRY_MS = 50;

export function createBatcher(options: BatcherOptions): Batcher {
  const intervalMs = options.intervalMs ?? BATCH_INTERVAL_MS;
  const idleTimeoutMs = options.idleTimeoutMs ?? 1000;
  const maxEvents = options.maxEvents ?? 300;
  const maxBytes = options.maxBytes ?? 2 * 1024 * 1024;
  const maxConsole = options.maxConsole ?? 200;
  const timers = options.timers ?? pageTimers;
  const serialize = options.serialize ?? ((event: unknown) => JSON.stringify(event));
  const holdBelowBytes = options.holdBelowBytes ?? HOLD_BELOW_BYTES;
  const maxHoldMs = options.maxHoldMs ?? MAX_HOLD_MS;
  const now = options.now ?? Date.now;
  let pending: Pending = fresh();
  /** When the oldest event now waiting arrived (null: none waits). */
  let waitingSince: number | null = null;
  /** Events not yet written, in order, after those in `pending.events`. */
  let unwritten: RecordedEvent[] = [];
  let pendingBytes = 0;
  let timer: unknown = null;
  let idleAsked = false;
  /** The full snapshot being written in steps (the first of `unwritten`). */
  let writing: Iterator<void, string> | null = null;
  const clock = options.clock ?? (() => globalThis.performance?.now() ?? Date.now());

  function fresh(): Pending {
    return { type: 'batch', events: [], console: [], steps: [], gaps: [], errors: 0 };
  }
  function isEmpty(b: Pending): boolean {
    return b.events.length + b.console.length + b.steps.length + b.gaps.length + b.errors === 0;
  }
  function schedule(): void {
    if (timer === null && !idleAsked) timer = timers.setTimeout(due, intervalMs);
  }
  /** Writes the next event, or part of it while `more()` says so; false when it is not written yet. */
  function writeOne(more: () => boolean = () => true): boolean {
    const next = unwritten[0]!;
    try {
      let json: string;
      if (next.type === EventType.FullSnapshot && options.serializeSteps) {
        writing ??= options.serializeSteps(next.event);
        let step = writing.next();
        while (!step.done && more()) step = writing.next();
        if (!step.done) return false;
        writing = null;
        json = step.value;
      } else json = serialize(next.event);
      pending.events.push({ t: next.t, type: next.type, json });
      pendingBytes += json.length;
    } catch {
      writing = null;
      pending.errors++;
    }
    unwritten.shift();
    // A big event (a full snapshot) goes in a batch of its own, closed as soon as it is written; a Meta
    // event waits for the snapshot it announces (the store opens a segment only for the two together).
    if (pendingBytes >= maxBytes && next.type !== EventType.Meta) send();
    return true;
  }
  /** The interval is up: write what waits in idle time, then send (or wait on, when it is little). */
  function due(): void {
    timer = null;
    if (timers.whenIdle && unwritten.length) {
      idleAsked = true;
      timers.whenIdle(idleStep, idleTimeoutMs);
      return;
    }
    while (unwritten.length) writeOne();
    sendOrHold();
  }
  /** Only a few page changes wait, and not for long yet. */
  function quiet(): boolean {
    if (pending.console.length + pending.steps.length + pending.gaps.length + pending.errors > 0) return false;
    if (pendingBytes >= holdBelowBytes || waitingSince === null || now() - waitingSince >= maxHoldMs) return false;
    return !pending.events.some((e) => e.type === EventType.FullSnapshot || e.type === EventType.Meta);
  }
  function sendOrHold(): void {
    if (quiet()) schedule();
    else send();
  }
  function idleStep(timeLeft: () => number): void {
    if (!idleAsked) return;
    const started = clock();
    let forced = false;
    const more = () => {
      const left = timeLeft();
      if (left !== Infinity) return left > IDLE_SLACK_MS;
      forced = true;
      return clock() - started < FORCED_SLICE_MS;
    };
    while (unwritten.length && more() && writeOne(more));
    if (unwritten.length) {
      timers.whenIdle!(idleStep, forced ? FORCED_RETRY_MS : idleTimeoutMs);
      return;
    }
    idleAsked = false;
    sendOrHold();
  }
  function send(): void {
    if (isEmpty(pending)) return;
    const { console: entries, ...rest } = pending;
    pending = fresh();
    pendingBytes = 0;
    waitingSince = unwritten.length ? now() : null;
    let consoleJson = '';
    try {
      if (entries.length) consoleJson = JSON.stringify(entries);
    } catch {
      // Previews are JSON-safe; should one not be, the batch's console lines are lost, and counted.
      rest.errors += entries.length;
    }
    options.send({ ...rest, consoleJson });
  }
  /** Writes everything that waits and sends it now. */
  function flush(): void {
    if (timer !== null) timers.clearTimeout(timer);
    timer = null;
    idleAsked = false;
    while (unwritten.length) writeOne();
    send();
  }
  return {
    event(event) {
      waitingSince ??= now();
      unwritten.push(event);
      if (pending.events.length + unwritten.length >= maxEvents && event.type !== EventType.Meta) flush();
      else if (event.type === EventType.FullSnapshot && !idleAsked) {
        // A page's recording starts with it: written in the next idle period and handed over then, so
        // the store has the page without waiting out the interval.
        if (timer !== null) timers.clearTimeout(timer);
        due();
      } else schedule();
    },
    console(entry) {
      pending.console.push(entry);
      if (pending.console.length >= maxConsole) flush();
      else schedule();
    },
    step(step) {
      pending.steps.push(step);
      schedule();
    },
    gap(gap) {
      pending.gaps.push(gap);
      schedule();
    },
    error() {
      pending.errors++;
      schedule();
    },
    flush,
    dispose() {
      if (timer !== null) timers.clearTimeout(timer);
      timer = null;
      idleAsked = false;
      writing = null;
      pending = fresh();
      unwritten = [];
      pendingBytes = 0;
      waitingSince = null;
    },
  };
}
