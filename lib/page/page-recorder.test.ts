import { afterEach, describe, expect, it, vi } from 'vitest';
import { BATCH_INTERVAL_MS, MAX_HOLD_MS, type Batch } from './batcher';
import { createPageRecorder, MUTATION_FLUSH_MS, recorderTimers, type RrwebApi } from './page-recorder';
import { DEFAULT_RECORDER_CONFIG, type RecordOptions } from './rrweb-options';
import type { ConsoleEntry } from '../model/report';

/** A stand-in for rrweb: records the options it got and lets the test emit events. */
function fakeRrweb() {
  const state = { starts: 0, stops: 0, checkouts: 0, options: null as RecordOptions | null, throwOnStart: false };
  const api: RrwebApi = {
    record(options) {
      if (state.throwOnStart) throw new Error('rrweb broke');
      state.starts++;
      state.options = options;
      options.emit?.({ type: 4, timestamp: clock.now, data: { href: 'x', width: 1, height: 1 } } as never);
      options.emit?.({ type: 2, timestamp: clock.now, data: {} } as never);
      return () => void state.stops++;
    },
    takeFullSnapshot() {
      state.checkouts++;
      state.options?.emit?.({ type: 4, timestamp: clock.now, data: {} } as never);
    },
  };
  return { api, state, emit: (e: unknown) => state.options?.emit?.(e as never) };
}

const clock = { now: 1_000_000 };

/** The events of the batches sent, read back from their JSON text. */
function eventsOf<T = { type: number }>(sent: Batch[]): T[] {
  return sent.flatMap((b) => b.events.map((e) => JSON.parse(e.json) as T));
}

function manualTimers() {
  let next = 1;
  const tasks = new Map<number, { at: number; fn: () => void; every?: number }>();
  return {
    setTimeout: (fn: () => void, ms: number) => (tasks.set(next, { at: clock.now + ms, fn }), next++),
    clearTimeout: (id: unknown) => void tasks.delete(id as number),
    setInterval: (fn: () => void, ms: number) => (tasks.set(next, { at: clock.now + ms, fn, every: ms }), next++),
    clearInterval: (id: unknown) => void tasks.delete(id as number),
    /** Moves the clock forward, running what falls due in order. */
    advance(ms: number) {
      const end = clock.now + ms;
      for (;;) {
        const due = [...tasks.entries()].filter(([, t]) => t.at <= end).sort((a, b) => a[1].at - b[1].at)[0];
        if (!due) break;
        const [id, task] = due;
        clock.now = Math.max(clock.now, task.at);
        if (task.every) task.at += task.every;
        else tasks.delete(id);
        task.fn();
      }
      clock.now = end;
    },
  };
}

function setup(topFrame = true) {
  const rr = fakeRrweb();
  const timers = manualTimers();
  const sent: Batch[] = [];
  const recorder = createPageRecorder({
    rrweb: rr.api,
    send: (b) => sent.push(b),
    topFrame,
    now: () => clock.now,
    timers,
    maxChangesPerSecond: 100,
  });
  const all = () => ({
    events: eventsOf(sent),
    gaps: sent.flatMap((b) => b.gaps),
    errors: sent.reduce((n, b) => n + b.errors, 0),
    console: sent.flatMap((b) => (b.consoleJson ? (JSON.parse(b.consoleJson) as ConsoleEntry[]) : [])),
  });
  return { rr, timers, sent, recorder, all };
}

const mutation = (adds: number) => ({
  type: 3,
  timestamp: clock.now,
  data: { source: 0, adds: new Array(adds).fill({}), removes: [], texts: [], attributes: [] },
});

let current: ReturnType<typeof setup> | null = null;
afterEach(() => current?.recorder.stop());

describe('createPageRecorder', () => {
  it('waits for its config, then records with rrweb and sends batches', () => {
    const t = (current = setup());
    expect(t.rr.state.starts).toBe(0);
    t.recorder.start(DEFAULT_RECORDER_CONFIG);
    expect(t.rr.state.options?.maskInputFn?.('typed', document.createElement('input'))).toBe('*****');
    t.timers.advance(BATCH_INTERVAL_MS + 100);
    expect(t.all().events.map((e) => e.type)).toEqual([4, 2]);
  });

  it('records nothing with rrweb in a frame, but still its console', () => {
    const t = (current = setup(false));
    t.recorder.start(DEFAULT_RECORDER_CONFIG);
    console.info('from a frame');
    t.timers.advance(BATCH_INTERVAL_MS + 100);
    expect(t.rr.state.starts).toBe(0);
    expect(t.all().console.some((c) => c.message === 'from a frame')).toBe(true);
  });

  it('snapshots the page once per load, never again by itself', () => {
    const t = (current = setup());
    t.recorder.start(DEFAULT_RECORDER_CONFIG);
    for (let i = 0; i < 30; i++) {
      t.rr.emit(mutation(1));
      t.timers.advance(10_000);
    }
    expect(t.rr.state.checkouts).toBe(0);
    expect(t.all().events.filter((e) => e.type === 2)).toHaveLength(1);
    t.recorder.checkout();
    expect(t.rr.state.checkouts).toBe(1);
  });

  it('steps back under a mutation storm and resumes with a fresh snapshot, recording the gap', () => {
    const t = (current = setup());
    t.recorder.start(DEFAULT_RECORDER_CONFIG);
    t.rr.emit(mutation(60));
    t.rr.emit(mutation(60));
    expect(t.recorder.state).toBe('cooling');
    // Events during the cooldown are not kept: they would not replay without what was dropped.
    t.rr.emit(mutation(1));
    t.timers.advance(10);
    expect(t.rr.state.stops).toBe(1);
    t.timers.advance(2_000);
    expect(t.recorder.state).toBe('recording');
    expect(t.rr.state.starts).toBe(2);
    t.timers.advance(BATCH_INTERVAL_MS + 100);
    const { events, gaps } = t.all();
    expect(events.map((e) => e.type)).toEqual([4, 2, 3, 4, 2]);
    expect(gaps).toHaveLength(1);
    expect(gaps[0]!.to! - gaps[0]!.from).toBeGreaterThanOrEqual(2_000);
  });

  it('keeps rrweb failures from the page and counts them', () => {
    const t = (current = setup());
    t.rr.state.throwOnStart = true;
    expect(() => t.recorder.start(DEFAULT_RECORDER_CONFIG)).not.toThrow();
    // rrweb reports errors of its own observers through errorHandler: swallowed and counted.
    t.rr.state.throwOnStart = false;
    t.timers.advance(BATCH_INTERVAL_MS + 100);
    expect(t.all().errors).toBe(1);
  });

  it('returns true from the error handler so rrweb does not rethrow into the page', () => {
    const t = (current = setup());
    t.recorder.start(DEFAULT_RECORDER_CONFIG);
    expect(t.rr.state.options?.errorHandler?.(new Error('observer'))).toBe(true);
    t.timers.advance(BATCH_INTERVAL_MS + 100);
    expect(t.all().errors).toBe(1);
  });

  it('stop undoes rrweb, the console hook and the timers', () => {
    const before = console.warn;
    const t = setup();
    t.recorder.start(DEFAULT_RECORDER_CONFIG);
    expect(console.warn).not.toBe(before);
    t.recorder.stop();
    expect(console.warn).toBe(before);
    expect(t.rr.state.stops).toBe(1);
    const sentBefore = t.sent.length;
    t.timers.advance(120_000);
    expect(t.sent.length).toBe(sentBefore);
    expect(t.rr.state.checkouts).toBe(0);
  });
});

describe('held-back DOM changes', () => {
  /** rrweb with freezing: mutation events wait while frozen and go out, in order, on the next custom event. */
  function freezingRrweb() {
    const rr = fakeRrweb();
    let frozen = false;
    const held: unknown[] = [];
    const calls = { freezes: 0, flushes: 0 };
    const emitMutation = (e: unknown) => (frozen ? held.push(e) : rr.emit(e));
    rr.api.freezePage = () => {
      calls.freezes++;
      frozen = true;
    };
    rr.api.addCustomEvent = (tag, payload) => {
      calls.flushes++;
      frozen = false;
      for (const e of held.splice(0)) rr.emit(e);
      rr.emit({ type: 5, timestamp: clock.now, data: { tag, payload } });
    };
    return { rr, calls, emitMutation };
  }

  /** A recorder on a freezing rrweb, started. */
  function startFreezing() {
    const f = freezingRrweb();
    const timers = manualTimers();
    const sent: Batch[] = [];
    const recorder = createPageRecorder({
      rrweb: f.rr.api,
      send: (b) => sent.push(b),
      topFrame: true,
      now: () => clock.now,
      timers,
      maxChangesPerSecond: 100_000,
    });
    current = { recorder } as ReturnType<typeof setup>;
    recorder.start(DEFAULT_RECORDER_CONFIG);
    return { f, timers, sent, recorder };
  }

  it('writes changes out every quarter second, never the flush event itself', () => {
    const { f, timers, sent } = startFreezing();
    expect(f.calls.freezes).toBe(1);
    // One value per text node is rrweb's, as patched (lib/build/recorder-patches.test.ts).
    const texts = [
      { id: 8, value: 'x' },
      { id: 7, value: 'b' },
    ];
    f.emitMutation({ type: 3, timestamp: clock.now, data: { source: 0, adds: [], removes: [], texts, attributes: [] } });
    timers.advance(100);
    expect(f.calls.flushes).toBe(0);
    timers.advance(MUTATION_FLUSH_MS - 100);
    expect(f.calls.flushes).toBe(1);
    expect(f.calls.freezes).toBe(2);
    // The snapshot went at once; a few changes on a quiet page wait for more, then go.
    expect(eventsOf<{ type: number }>(sent).map((e) => e.type)).toEqual([4, 2]);
    timers.advance(MAX_HOLD_MS + 100);
    const events = eventsOf<{ type: number; data: { texts?: unknown } }>(sent);
    expect(events.map((e) => e.type)).toEqual([4, 2, 3]);
    expect(events[2]!.data.texts).toEqual([
      { id: 8, value: 'x' },
      { id: 7, value: 'b' },
    ]);
  });

  it('keeps time stamps in order when rrweb writes held-back changes out ahead of the event that released them', () => {
    const { f, sent, recorder } = startFreezing();
    // A click stamped at t, released changes stamped t + 1 emitted first, as rrweb does.
    const t = clock.now;
    f.rr.emit({ type: 3, timestamp: t + 1, data: { source: 0, adds: [{}], removes: [], texts: [], attributes: [] } });
    f.rr.emit({ type: 3, timestamp: t, data: { source: 2, type: 2, id: 4, x: 1, y: 1 } });
    recorder.flush();
    const times = eventsOf<{ timestamp: number }>(sent).map((e) => e.timestamp);
    // The envelope the relay orders by carries the same, corrected, time.
    expect(sent.flatMap((b) => b.events.map((e) => e.t))).toEqual(times);
    expect(times).toEqual([...times].sort((a, b) => a - b));
    expect(times.slice(-2)).toEqual([t + 1, t + 1]);
  });

  it("steps back when writing held-back changes out takes too much of the page's time two seconds running, though few are written", () => {
    const f = freezingRrweb();
    const timers = manualTimers();
    const sent: Batch[] = [];
    let monotonic = 0;
    // Each write-out costs 100 ms: a page replacing thousands of nodes a frame, which rrweb mostly drops.
    const flush = f.rr.api.addCustomEvent!;
    f.rr.api.addCustomEvent = (tag, payload) => {
      monotonic += 100;
      flush(tag, payload);
    };
    const recorder = createPageRecorder({
      rrweb: f.rr.api,
      send: (b) => sent.push(b),
      topFrame: true,
      now: () => clock.now,
      timers,
      maxChangesPerSecond: 100_000,
      maxBusyMsPerSecond: 250,
      clock: () => monotonic,
    });
    current = { recorder } as ReturnType<typeof setup>;
    recorder.start(DEFAULT_RECORDER_CONFIG);
    // Over 250 ms at the third write-out of the first second: not yet.
    timers.advance(MUTATION_FLUSH_MS * 4);
    expect(recorder.state).toBe('recording');
    // The second second goes over too.
    timers.advance(MUTATION_FLUSH_MS * 3);
    expect(recorder.state).toBe('cooling');
    timers.advance(2_500);
    expect(recorder.state).toBe('recording');
    recorder.flush();
    expect(sent.flatMap((b) => b.gaps)).toEqual([expect.objectContaining({ reason: expect.stringMatching(/faster than the recorder/) })]);
  });

  it('does not count a checkout rrweb takes during a write-out as time spent writing changes out', () => {
    const f = freezingRrweb();
    const timers = manualTimers();
    let monotonic = 0;
    // Every write-out takes rrweb's checkout with it, at 200 ms each: a large page's snapshot.
    const flush = f.rr.api.addCustomEvent!;
    f.rr.api.addCustomEvent = (tag, payload) => {
      monotonic += 200;
      f.rr.emit({ type: 4, timestamp: clock.now, data: {} });
      f.rr.emit({ type: 2, timestamp: clock.now, data: {} });
      flush(tag, payload);
    };
    const recorder = createPageRecorder({
      rrweb: f.rr.api,
      send: () => undefined,
      topFrame: true,
      now: () => clock.now,
      timers,
      maxChangesPerSecond: 100_000,
      maxBusyMsPerSecond: 250,
      clock: () => monotonic,
    });
    current = { recorder } as ReturnType<typeof setup>;
    recorder.start(DEFAULT_RECORDER_CONFIG);
    timers.advance(MUTATION_FLUSH_MS * 12);
    expect(recorder.state).toBe('recording');
  });

  it('steps back when the page adds and removes more nodes a second than the bound, though none reach an event', () => {
    const f = freezingRrweb();
    const timers = manualTimers();
    const sent: Batch[] = [];
    let counted = 0;
    f.rr.api.takeMutatedNodes = () => {
      const n = counted;
      counted = 0;
      return n;
    };
    const recorder = createPageRecorder({
      rrweb: f.rr.api,
      send: (b) => sent.push(b),
      topFrame: true,
      now: () => clock.now,
      timers,
      maxChangesPerSecond: 100_000,
      maxNodesPerSecond: 1_000,
    });
    current = { recorder } as ReturnType<typeof setup>;
    // Counted before recording started: not this recording's.
    counted = 5_000;
    recorder.start(DEFAULT_RECORDER_CONFIG);
    // 600 nodes a quarter second: within the bound at the first write-out, past it at the second.
    counted = 600;
    timers.advance(MUTATION_FLUSH_MS);
    expect(recorder.state).toBe('recording');
    counted = 600;
    timers.advance(MUTATION_FLUSH_MS);
    expect(recorder.state).toBe('cooling');
    timers.advance(2_500);
    expect(recorder.state).toBe('recording');
    recorder.flush();
    expect(sent.flatMap((b) => b.gaps)).toEqual([expect.objectContaining({ reason: expect.stringMatching(/faster than the recorder/) })]);
  });

  it('writes out what is held back when the page goes (pagehide)', () => {
    const { f, sent, recorder } = startFreezing();
    f.emitMutation({ type: 3, timestamp: clock.now, data: { source: 0, adds: [{}], removes: [], texts: [], attributes: [] } });
    recorder.flush();
    expect(eventsOf(sent).map((e) => e.type)).toEqual([4, 2, 3]);
  });
});

describe('checkout on request', () => {
  it('takes a full snapshot when asked while recording, and not before', () => {
    const t = (current = setup());
    t.recorder.checkout();
    expect(t.rr.state.checkouts).toBe(0);
    t.recorder.start(DEFAULT_RECORDER_CONFIG);
    t.recorder.checkout();
    expect(t.rr.state.checkouts).toBe(1);
  });
});

describe('steps', () => {
  /** A click as the tester makes it (trusted), on the element matching `selector`. */
  const tap = (selector: string) => {
    const event = new MouseEvent('click', { bubbles: true, composed: true });
    Object.defineProperty(event, 'isTrusted', { value: true });
    document.querySelector(selector)!.dispatchEvent(event);
  };
  afterEach(() => {
    document.body.innerHTML = '';
  });

  it("names what was clicked as the replay masks it: the tester's mask selectors, and by role only before the settings arrive", () => {
    document.body.innerHTML = '<div class="patient"><button id="p">Jane Doe – MRN 48213</button></div><button id="o">Open chart</button>';
    const t = (current = setup());
    tap('#o');
    t.recorder.start({ ...DEFAULT_RECORDER_CONFIG, maskSelectors: ['.patient'] });
    tap('#p');
    tap('#o');
    t.timers.advance(MAX_HOLD_MS);
    const texts = t.sent.flatMap((b) => b.steps.map((s) => s.text)).filter((text) => text.startsWith('Click'));
    expect(texts).toEqual(['Click a button', 'Click a button', 'Click "Open chart"']);
    expect(JSON.stringify(t.sent)).not.toContain('48213');
  });

  it('takes navigations as steps in the top frame only: a frame loading or routing by itself is not the tester', () => {
    history.replaceState(null, '', '/help');
    document.body.innerHTML = '<button id="o">Open chart</button>';
    const frame = setup(false);
    history.pushState(null, '', '/help/topics');
    tap('#o');
    frame.recorder.stop();
    const top = (current = setup(true));
    history.pushState(null, '', '/app');
    top.timers.advance(MAX_HOLD_MS);
    const kinds = (sent: Batch[]) => sent.flatMap((b) => b.steps.map((s) => [s.kind, s.text]));
    expect(kinds(frame.sent)).toEqual([['click', 'Click a button']]);
    expect(kinds(top.sent)).toEqual([
      ['navigate', 'Go to /help/topics'],
      ['navigate', 'Go to /app'],
    ]);
  });
});

describe('a first snapshot taken in slices', () => {
  it('hands rrweb the slicer, and neither flushes nor checks out until the snapshot is out', () => {
    const rr = fakeRrweb();
    const calls = { flushes: 0 };
    let finishSnapshot = () => {};
    // rrweb taking its first snapshot in slices: record() returns before the FullSnapshot is emitted.
    rr.api.record = (options) => {
      rr.state.starts++;
      rr.state.options = options;
      finishSnapshot = () => {
        options.emit?.({ type: 4, timestamp: clock.now, data: { href: 'x', width: 1, height: 1 } } as never);
        options.emit?.({ type: 2, timestamp: clock.now, data: {} } as never);
      };
      return () => void rr.state.stops++;
    };
    rr.api.freezePage = () => {};
    rr.api.addCustomEvent = () => {
      // rrweb throws here before its first snapshot is out ("please add custom event after start recording").
      calls.flushes++;
    };
    const timers = manualTimers();
    const sent: Batch[] = [];
    const recorder = createPageRecorder({ rrweb: rr.api, send: (b) => sent.push(b), topFrame: true, now: () => clock.now, timers });
    current = { recorder } as ReturnType<typeof setup>;
    recorder.start(DEFAULT_RECORDER_CONFIG);
    expect(typeof rr.state.options?.reproSnapshotInSlices).toBe('function');
    timers.advance(MUTATION_FLUSH_MS * 4);
    recorder.checkout();
    expect([calls.flushes, rr.state.checkouts]).toEqual([0, 0]);
    finishSnapshot();
    timers.advance(MUTATION_FLUSH_MS);
    recorder.checkout();
    expect([calls.flushes, rr.state.checkouts]).toEqual([1, 1]);
    timers.advance(BATCH_INTERVAL_MS * 2);
    expect(eventsOf(sent).map((e) => e.type)).toEqual([4, 2, 4]);
    expect(sent.reduce((n, b) => n + b.errors, 0)).toBe(0);
  });
});

describe('the page timers', () => {
  it('include idle callbacks where the page has them, so events are written to JSON in idle time', async () => {
    // happy-dom has no requestIdleCallback; the page's is taken when the module loads.
    expect(recorderTimers.whenIdle).toBeUndefined();
    vi.stubGlobal('requestIdleCallback', (fn: IdleRequestCallback) =>
      setTimeout(() => fn({ didTimeout: false, timeRemaining: () => 10 }), 0),
    );
    try {
      vi.resetModules();
      const fresh = await import('./page-recorder');
      expect(typeof fresh.recorderTimers.whenIdle).toBe('function');
    } finally {
      vi.unstubAllGlobals();
    }
  });
});
