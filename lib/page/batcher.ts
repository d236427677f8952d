/**
 * Collects what the page-world recorder produces and hands it over in bounded batches: every
 * `intervalMs`, as soon as `maxEvents` events or `maxBytes` of event text are waiting, or on demand
 * (pagehide). Page-safe.
 */
import type { ConsoleEntry, Step } from '../report/model';

/** One recorded rrweb event, already JSON: its text crosses to the extension as one string. */
export interface SerializedEvent {
  t: number;
  type: number;
  json: string;
}

export interface RecordingGap {
  from: number;
  to: number | null;
  reason: string;
}

export interface Batch {
  type: 'batch';
  events: SerializedEvent[];
  console: ConsoleEntry[];
  steps: Step[];
  gaps: RecordingGap[];
  errors: number;
}

export interface Timers {
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(id: unknown): void;
}

export interface BatcherOptions {
  send: (batch: Batch) => void;
  intervalMs?: number;
  maxEvents?: number;
  /** Characters of event JSON that send a batch at once (a full snapshot goes alone). */
  maxBytes?: number;
  maxConsole?: number;
  timers?: Timers;
}

export interface Batcher {
  event(event: SerializedEvent): void;
  console(entry: ConsoleEntry): void;
  step(step: Step): void;
  gap(gap: RecordingGap): void;
  error(): void;
  /** Sends what is waiting now (no-op when nothing is). */
  flush(): void;
  /** Drops what is waiting and stops the timer. */
  dispose(): void;
}

const defaultTimers: Timers = {
  setTimeout: (fn, ms) => globalThis.setTimeout(fn, ms),
  clearTimeout: (id) => globalThis.clearTimeout(id as number),
};

export function createBatcher(options: BatcherOptions): Batcher {
  const intervalMs = options.intervalMs ?? 500;
  const maxEvents = options.maxEvents ?? 300;
  const maxBytes = options.maxBytes ?? 2 * 1024 * 1024;
  const maxConsole = options.maxConsole ?? 200;
  const timers = options.timers ?? defaultTimers;
  let pending: Batch = fresh();
  let pendingBytes = 0;
  let timer: unknown = null;

  function fresh(): Batch {
    return { type: 'batch', events: [], console: [], steps: [], gaps: [], errors: 0 };
  }
  function isEmpty(b: Batch): boolean {
    return b.events.length + b.console.length + b.steps.length + b.gaps.length + b.errors === 0;
  }
  function schedule(): void {
    if (timer === null) timer = timers.setTimeout(flush, intervalMs);
  }
  function flush(): void {
    if (timer !== null) timers.clearTimeout(timer);
    timer = null;
    if (isEmpty(pending)) return;
    const batch = pending;
    pending = fresh();
    pendingBytes = 0;
    options.send(batch);
  }
  return {
    event(event) {
      pending.events.push(event);
      pendingBytes += event.json.length;
      if (pending.events.length >= maxEvents || pendingBytes >= maxBytes) flush();
      else schedule();
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
      pending = fresh();
      pendingBytes = 0;
    },
  };
}
