/**
 * The page-world recorder: rrweb, console and steps, batched out through one `send`. Runs in the MAIN
 * world so rrweb's patches see the page's own CSSOM and input setters. Nothing it does may break the
 * page: every callback is guarded, errors are counted and reported with the next batch, and under a
 * mutation storm it steps back and later resumes with a fresh full snapshot, leaving a recorded gap.
 * Page-safe: no extension API.
 */
import type { eventWithTime } from '@rrweb/types';
import { createBatcher, pageTimers, type Batch, type Timers } from './batcher';
import { installConsoleHook } from './console-hook';
import { toRecordOptions, type RecordOptions, type RecorderConfig } from './rrweb-options';
import type { NamingOptions } from './element-name';
import { installStepTracker } from './steps';
import { NAMING_UNTIL_CONFIGURED, stepNaming } from './steps/naming';
import { createStormGuard } from './storm-guard';
import { defaultScheduling, takeSnapshotInSlices } from './sliced-snapshot';
import type { ScrollHistory } from './scroll-history';
import { jsonSteps } from './json-steps';

/** rrweb's `record` and `record.takeFullSnapshot`, injected so tests can stand in for them. */
export interface RrwebApi {
  record(options: RecordOptions): (() => void) | undefined;
  takeFullSnapshot(isCheckout?: boolean): void;
  /** Holds DOM changes back (rrweb keeps collecting them) until the next non-mutation event. */
  freezePage?(): void;
  /** Emits a custom event; rrweb emits the changes it held back first. */
  addCustomEvent?(tag: string, payload: unknown): void;
  /** Nodes the page added and removed since the last call, as rrweb took the changes in (see `patches/README.md`). */
  takeMutatedNodes?(): number;
}

/**
 * How often held-back DOM changes are written out. rrweb processes a change as it happens but writes
 * an event for it only when unfrozen: holding them for a quarter second turns 60 events a second into
 * 4 on a busy page, coalesces repeated attribute changes of a node, skips nodes that came and went in
 * between, and shrinks what crosses to the extension. Input, clicks and scrolls still unfreeze at once,
 * so what the tester does keeps its exact order; only the page's own animation is sampled.
 */
export const MUTATION_FLUSH_MS = 250;
/** The custom event that only serves to flush: never recorded. */
const FLUSH_TAG = 'repro:flush';

export interface PageRecorderOptions {
  rrweb: RrwebApi;
  send: (batch: Batch) => void;
  /** rrweb records only in the top frame (it takes same-origin frames in itself); frames send console and steps. */
  topFrame: boolean;
  now?: () => number;
  timers?: Timers & { setInterval(fn: () => void, ms: number): unknown; clearInterval(id: unknown): void };
  /** DOM changes per second above which recording steps back. */
  maxChangesPerSecond?: number;
  /** Milliseconds a second spent writing held-back changes out above which recording steps back. */
  maxBusyMsPerSecond?: number;
  /** Nodes added and removed per second above which recording steps back. */
  maxNodesPerSecond?: number;
  /** A monotonic clock for timing the recorder's own work (`performance.now`). */
  clock?: () => number;
  /** Writes one event as JSON (the page-world script passes the `JSON.stringify` it took before any page script ran). */
  serialize?: (event: unknown) => string;
  /** Elements scrolled since `document_start`: the first snapshot reads scroll offsets only of those. */
  scrollHistory?: ScrollHistory;
}

export interface PageRecorder {
  start(config: RecorderConfig): void;
  stop(): void;
  /** Takes a full snapshot now (the extension lost events, or cannot start the next segment itself). */
  checkout(): void;
  /** Sends what is waiting (on pagehide). */
  flush(): void;
  readonly state: 'waiting' | 'recording' | 'cooling' | 'stopped';
}

/** The page's timers, idle callbacks included: without them every event, a full snapshot too, was written to JSON in the task that recorded it. */
export const recorderTimers = {
  ...pageTimers,
  setInterval: (fn: () => void, ms: number) => globalThis.setInterval(fn, ms),
  clearInterval: (id: unknown) => globalThis.clearInterval(id as number),
};

const FIRST_COOLDOWN_MS = 2_000;
const MAX_COOLDOWN_MS = 30_000;

export function createPageRecorder(options: PageRecorderOptions): PageRecorder {
  const now = options.now ?? Date.now;
  const timers = options.timers ?? recorderTimers;
  // Events are written to JSON once, in idle time (see the batcher): a string crosses to the isolated
  // script and on to the worker as a copy of its bytes, where an object graph would be cloned node by
  // node twice on the page's thread.
  const serialize = options.serialize ?? ((event: unknown) => JSON.stringify(event));
  // A full snapshot is written in steps over several idle periods: one stringify of it is a long task.
  const batcher = createBatcher({ send: options.send, timers, now, serialize, serializeSteps: (event) => jsonSteps(event, serialize) });
  const guard = createStormGuard(options.maxChangesPerSecond, options.maxBusyMsPerSecond, options.maxNodesPerSecond);
  const clock = options.clock ?? (() => performance.now());
  let state: PageRecorder['state'] = 'waiting';
  let config: RecorderConfig | null = null;
  let stopRrweb: (() => void) | undefined;
  /** Full snapshots begun (Meta events seen): one asked for may be taken inside a write-out. */
  let checkouts = 0;
  let cooldownMs = FIRST_COOLDOWN_MS;
  let lastResume = 0;
  let flushTimer: unknown = null;
  let lastTimestamp = 0;
  /** From a start of rrweb until its first full snapshot is out (taken in slices, it spans several tasks). */
  let snapshotPending = false;

  /** Runs `fn`, counting (never rethrowing) its errors. */
  function guarded<T>(fn: () => T): T | undefined {
    try {
      return fn();
    } catch {
      batcher.error();
      return undefined;
    }
  }

  // Steps name what was acted on as the replay masks it, once the settings are known; until then, by role only.
  let naming: NamingOptions = NAMING_UNTIL_CONFIGURED;
  // Console and steps from document_start, so early errors are kept (dropped later if the site does not record).
  const undo = [
    guarded(() => installConsoleHook((entry) => guarded(() => batcher.console(entry)))),
    guarded(() =>
      installStepTracker(
        (step) =>
          guarded(() => {
            batcher.step(step);
            // A click or submit may leave the page next: hand the step over before the document goes.
            if (step.kind === 'click' || step.kind === 'submit') batcher.flush();
          }),
        // Navigations of frames are the page's doing (a frame loading by itself), not the tester's.
        { naming: () => naming, initialNavigation: options.topFrame, watchHistory: options.topFrame },
      ),
    ),
  ];

  function emit(event: eventWithTime): void {
    guarded(() => {
      if (event.type === 5 && (event.data as { tag?: unknown } | undefined)?.tag === FLUSH_TAG) return;
      if (state !== 'recording') return;
      // rrweb stamps an event before it writes out the changes it held back, which get a later stamp and
      // go first: a click (or a checkout's Meta) can come out a millisecond "before" the changes ahead of
      // it. The order is right; the stamps are made to agree with it, as the store and replayer expect.
      if (event.timestamp < lastTimestamp) event.timestamp = lastTimestamp;
      lastTimestamp = event.timestamp;
      if (event.type === 4) checkouts++;
      if (event.type === 2) snapshotPending = false;
      if (guard.overloaded(event, now())) {
        stepBack();
        return;
      }
      batcher.event({ t: event.timestamp, type: event.type, event });
    });
  }

  function startRrweb(): void {
    if (!config) return;
    guard.reset();
    // What was counted before a stop is not this recording's.
    guarded(() => options.rrweb.takeMutatedNodes?.());
    snapshotPending = true;
    const recordOptions: RecordOptions = {
      ...toRecordOptions(config, emit),
      // The first snapshot yields to the page between slices (see `sliced-snapshot.ts`).
      reproSnapshotInSlices: (api) => takeSnapshotInSlices(api, defaultScheduling, options.scrollHistory),
      // rrweb calls this for errors in its own observers; returning true keeps them from the page.
      errorHandler: () => {
        batcher.error();
        return true;
      },
    };
    stopRrweb = guarded(() => options.rrweb.record(recordOptions)) ?? undefined;
    if (stopRrweb && options.rrweb.freezePage && options.rrweb.addCustomEvent) {
      guarded(() => options.rrweb.freezePage!());
      flushTimer = timers.setInterval(flushRrweb, MUTATION_FLUSH_MS);
    }
  }

  /** Writes out the DOM changes rrweb holds back, then holds the next ones again. */
  function flushRrweb(): void {
    guarded(() => {
      // rrweb takes no custom event before its first snapshot is out, and holds nothing back until then.
      if (!stopRrweb || !options.rrweb.addCustomEvent || snapshotPending) return;
      const started = clock();
      const checkoutsBefore = checkouts;
      options.rrweb.addCustomEvent(FLUSH_TAG, null);
      options.rrweb.freezePage?.();
      const at = now();
      // A snapshot taken on this event is not writing changes out.
      const spent = guard.spent(checkouts === checkoutsBefore ? clock() - started : 0, at);
      const replaced = guard.nodes(options.rrweb.takeMutatedNodes?.() ?? 0, at);
      if ((spent || replaced) && state === 'recording') stepBack();
    });
  }

  function stopRrwebNow(): void {
    if (flushTimer !== null) timers.clearInterval(flushTimer);
    flushTimer = null;
    const stop = stopRrweb;
    stopRrweb = undefined;
    if (stop) guarded(stop);
  }

  /** A storm: stop observing now, resume after a cooldown with a fresh snapshot, and record the gap. */
  function stepBack(): void {
    const from = now();
    state = 'cooling';
    // Storms that come back right after a resume wait longer each time.
    cooldownMs = from - lastResume < 10_000 ? Math.min(cooldownMs * 2, MAX_COOLDOWN_MS) : FIRST_COOLDOWN_MS;
    timers.setTimeout(() => guarded(stopRrwebNow), 0);
    timers.setTimeout(() => {
      guarded(() => {
        if (state !== 'cooling') return;
        state = 'recording';
        lastResume = now();
        // The gap ends where the fresh snapshot starts.
        batcher.gap({
          from,
          to: lastResume,
          reason: 'The page changed faster than the recorder could follow; recording resumed with a fresh snapshot.',
        });
        startRrweb();
      });
    }, cooldownMs);
  }

  return {
    get state() {
      return state;
    },
    start(next) {
      guarded(() => {
        if (state !== 'waiting') return;
        config = next;
        naming = stepNaming(next);
        state = 'recording';
        if (!options.topFrame) return;
        // One snapshot per load: the rolling window's later segments start from the extension's
        // replica of this recording, so the page is not snapshotted again unless the stream broke
        // (a storm, a lost batch, a full segment; see `checkout`).
        startRrweb();
      });
    },
    stop() {
      guarded(() => {
        state = 'stopped';
        stopRrwebNow();
        for (const u of undo) if (u) guarded(u);
        batcher.dispose();
      });
    },
    checkout() {
      guarded(() => {
        // While the first snapshot is being taken, it is the fresh snapshot asked for.
        if (state !== 'recording' || !stopRrweb || snapshotPending) return;
        // No flush first: the snapshot's Meta event itself releases the changes rrweb holds back.
        options.rrweb.takeFullSnapshot(true);
      });
    },
    flush() {
      // The page is going (pagehide): what rrweb holds back goes with this batch.
      flushRrweb();
      guarded(() => batcher.flush());
    },
  };
}
