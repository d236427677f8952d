import { describe, expect, it } from 'vitest';
import { createBatcher, type Batch } from './batcher';
import type { ConsoleEntry } from '../model/report';

function manualTimers() {
  const pending = new Map<number, () => void>();
  let next = 1;
  return {
    setTimeout: (fn: () => void) => (pending.set(next, fn), next++),
    clearTimeout: (id: unknown) => void pending.delete(id as number),
    fire() {
      const fns = [...pending.values()];
      pending.clear();
      for (const fn of fns) fn();
    },
    get count() {
      return pending.size;
    },
  };
}

/** A recorded event, and the text it is written as. */
const ev = (type: number, s = '') => ({ t: 1, type, event: { type, s } });
const text = (type: number, s = '') => ({ t: 1, type, json: JSON.stringify({ type, s }) });
const entry = (message: string) => ({ level: 'log' as const, time: 1, message, args: [message] });

describe('createBatcher', () => {
  it('sends what waits when the timer fires, once', () => {
    const sent: Batch[] = [];
    const timers = manualTimers();
    const b = createBatcher({ send: (x) => sent.push(x), timers });
    b.event(ev(3));
    b.console(entry('a'));
    b.step({ time: 1, kind: 'click', text: 'Click "x"' });
    expect(sent).toHaveLength(0);
    expect(timers.count).toBe(1);
    timers.fire();
    expect(sent).toHaveLength(1);
    expect(sent[0]).toMatchObject({ type: 'batch', events: [text(3)], consoleJson: JSON.stringify([entry('a')]), errors: 0 });
    timers.fire();
    expect(sent).toHaveLength(1);
  });

  it('sends at once when the event count bound is reached, keeping batches bounded', () => {
    const sent: Batch[] = [];
    const b = createBatcher({ send: (x) => sent.push(x), timers: manualTimers(), maxEvents: 3 });
    for (let i = 0; i < 7; i++) b.event(ev(3));
    expect(sent.map((s) => s.events.length)).toEqual([3, 3]);
    b.flush();
    expect(sent.map((s) => s.events.length)).toEqual([3, 3, 1]);
  });

  it('never sends a Meta event without the full snapshot that follows it (the store refuses a lone Meta)', () => {
    const sent: Batch[] = [];
    const b = createBatcher({ send: (x) => sent.push(x), timers: manualTimers(), maxEvents: 3, maxBytes: 30 });
    b.event(ev(3, 'y'.repeat(40)));
    b.event(ev(3));
    b.event(ev(4));
    b.event(ev(2, 'x'.repeat(50)));
    b.flush();
    for (const batch of sent) expect(batch.events.at(-1)?.type).not.toBe(4);
    expect(sent.flatMap((s) => s.events.map((e) => e.type))).toEqual([3, 3, 4, 2]);
  });

  it('sends at once when the event text reaches the byte bound, counting afresh after each batch', () => {
    const sent: Batch[] = [];
    const b = createBatcher({ send: (x) => sent.push(x), timers: manualTimers(), maxBytes: 100 });
    b.event(ev(2, 'x'.repeat(150)));
    for (let i = 0; i < 3; i++) b.event(ev(3, 'y'.repeat(40)));
    b.flush();
    // The snapshot-sized event closes its batch as soon as it is written; the small ones go together.
    expect(sent.map((s) => s.events.length)).toEqual([1, 2, 1]);
  });

  it('bounds console entries too', () => {
    const sent: Batch[] = [];
    const b = createBatcher({ send: (x) => sent.push(x), timers: manualTimers(), maxConsole: 2 });
    b.console(entry('1'));
    b.console(entry('2'));
    expect((JSON.parse(sent[0]!.consoleJson) as ConsoleEntry[]).map((c) => c.message)).toEqual(['1', '2']);
  });

  it('sends no console text when no line waits, and counts lines it could not write', () => {
    const sent: Batch[] = [];
    const b = createBatcher({ send: (x) => sent.push(x), timers: manualTimers() });
    b.event(ev(3));
    b.flush();
    expect(sent[0]!.consoleJson).toBe('');
    // Previews are JSON-safe; a forged one that is not costs its lines, counted, never the batch.
    b.console({ ...entry('x'), args: [10n] });
    b.console(entry('y'));
    b.step({ time: 1, kind: 'click', text: 'Click' });
    b.flush();
    expect(sent[1]).toMatchObject({ consoleJson: '', errors: 2, steps: [{ text: 'Click' }] });
  });

  it('counts errors and carries gaps', () => {
    const sent: Batch[] = [];
    const b = createBatcher({ send: (x) => sent.push(x), timers: manualTimers() });
    b.error();
    b.error();
    b.gap({ from: 1, to: 2, reason: 'storm' });
    b.flush();
    expect(sent[0]).toMatchObject({ errors: 2, gaps: [{ from: 1, to: 2, reason: 'storm' }] });
  });

  it('flushing with nothing waiting sends nothing; dispose drops what waits', () => {
    const sent: Batch[] = [];
    const timers = manualTimers();
    const b = createBatcher({ send: (x) => sent.push(x), timers });
    b.flush();
    b.event(ev(3));
    b.dispose();
    timers.fire();
    b.flush();
    expect(sent).toEqual([]);
  });

  describe('in idle time', () => {
    /** Timers whose idle periods the test hands out, each with so many milliseconds. */
    function idleTimers() {
      const base = manualTimers();
      const idle: ((timeLeft: () => number) => void)[] = [];
      return {
        ...base,
        whenIdle: (fn: (timeLeft: () => number) => void) => void idle.push(fn),
        /** One idle period in which `writes` events fit (Infinity: the time-out forced it). */
        idle(writes: number) {
          let left = writes;
          idle.shift()?.(() => (left-- > 0 ? 10 : 0));
        },
        /** An idle period the browser forced (the page was never idle): no time left is known. */
        forced() {
          idle.shift()?.(() => Infinity);
        },
        get idleAsked() {
          return idle.length;
        },
      };
    }

    it('writes events in idle periods, as many as fit, and sends once all are written', () => {
      const sent: Batch[] = [];
      const timers = idleTimers();
      const written: unknown[] = [];
      const b = createBatcher({
        send: (x) => sent.push(x),
        timers,
        holdBelowBytes: 0,
        serialize: (e) => (written.push(e), JSON.stringify(e)),
      });
      for (let i = 0; i < 3; i++) b.event(ev(3, String(i)));
      expect(written).toHaveLength(0);
      timers.fire();
      expect(timers.idleAsked).toBe(1);
      timers.idle(2);
      expect(written).toHaveLength(2);
      expect(sent).toHaveLength(0);
      // An event that arrives meanwhile goes with this batch.
      b.event(ev(3, '3'));
      timers.idle(5);
      expect(sent.map((x) => x.events.map((e) => JSON.parse(e.json).s))).toEqual([['0', '1', '2', '3']]);
      expect(timers.count + timers.idleAsked).toBe(0);
    });

    it('writes everything at once when the batch must go (pagehide), and a later idle period does nothing', () => {
      const sent: Batch[] = [];
      const timers = idleTimers();
      const b = createBatcher({ send: (x) => sent.push(x), timers });
      b.event(ev(2));
      b.event(ev(3));
      timers.fire();
      timers.idle(1);
      b.flush();
      expect(sent.map((x) => x.events.length)).toEqual([2]);
      timers.idle(5);
      expect(sent).toHaveLength(1);
    });

    it('a full snapshot is written and handed over in the next idle period, without waiting out the interval', () => {
      const sent: Batch[] = [];
      const timers = idleTimers();
      const b = createBatcher({ send: (x) => sent.push(x), timers });
      b.event(ev(3));
      b.event(ev(4));
      b.event(ev(2));
      // No timer fires: the snapshot asked for idle time itself.
      expect(timers.idleAsked).toBe(1);
      timers.idle(5);
      expect(sent.map((x) => x.events.map((e) => e.type))).toEqual([[3, 4, 2]]);
    });

    it('writes a full snapshot in steps across idle periods, ten milliseconds at a time when the browser forces them', () => {
      const sent: Batch[] = [];
      const timers = idleTimers();
      let now = 0;
      // Each step of the writer takes 4 ms by this clock; the snapshot takes 7 steps.
      function* steps(event: unknown): Generator<void, string> {
        for (let i = 0; i < 6; i++) {
          now += 4;
          yield;
        }
        now += 4;
        return JSON.stringify(event);
      }
      const b = createBatcher({ send: (x) => sent.push(x), timers, serializeSteps: steps, clock: () => now });
      b.event(ev(4));
      b.event(ev(2, 'snapshot'));
      // An idle period with room for one step, then periods the browser forced (each bounded to 10 ms: 3 steps).
      timers.idle(2);
      expect(sent).toHaveLength(0);
      expect(timers.idleAsked).toBe(1);
      timers.forced();
      expect(sent).toHaveLength(0);
      timers.forced();
      expect(sent.map((x) => x.events.map((e) => JSON.parse(e.json).s))).toEqual([['', 'snapshot']]);
      expect(now).toBe(28);
    });

    it('finishes a snapshot half written when the batch must go at once', () => {
      const sent: Batch[] = [];
      const timers = idleTimers();
      function* steps(event: unknown): Generator<void, string> {
        for (let i = 0; i < 100; i++) yield;
        return JSON.stringify(event);
      }
      const b = createBatcher({ send: (x) => sent.push(x), timers, serializeSteps: steps });
      b.event(ev(2, 'snapshot'));
      timers.idle(3);
      b.flush();
      expect(sent.map((x) => x.events.map((e) => JSON.parse(e.json).s))).toEqual([['snapshot']]);
      timers.idle(5);
      expect(sent).toHaveLength(1);
    });

    it('leaves out an event that cannot be written, and counts it', () => {
      const sent: Batch[] = [];
      const b = createBatcher({
        send: (x) => sent.push(x),
        timers: manualTimers(),
        serialize: (e) => (e === 'bad' ? JSON.stringify({ n: 1n }) : JSON.stringify(e)),
      });
      b.event({ t: 1, type: 3, event: 'bad' });
      b.event(ev(3));
      b.flush();
      expect(sent[0]).toMatchObject({ errors: 1, events: [text(3)] });
    });
  });

  describe('on a quiet page', () => {
    function clockedBatcher(extra: Partial<Parameters<typeof createBatcher>[0]> = {}) {
      const sent: Batch[] = [];
      const timers = manualTimers();
      let clock = 0;
      const b = createBatcher({
        send: (x) => sent.push(x),
        timers,
        intervalMs: 1000,
        holdBelowBytes: 100,
        maxHoldMs: 4000,
        now: () => clock,
        ...extra,
      });
      /** One interval passes. */
      const tick = () => {
        clock += 1000;
        timers.fire();
      };
      return { sent, timers, b, tick };
    }

    it('page changes of a few bytes wait for more, then go once the oldest has waited long enough', () => {
      const { sent, timers, b, tick } = clockedBatcher();
      b.event(ev(3, 'a'));
      tick();
      b.event(ev(3, 'b'));
      tick();
      tick();
      expect(sent).toHaveLength(0);
      // Still waiting: the timer stays armed.
      expect(timers.count).toBe(1);
      tick();
      expect(sent.map((x) => x.events.map((e) => JSON.parse(e.json).s))).toEqual([['a', 'b']]);
      // The next change waits afresh.
      b.event(ev(3, 'c'));
      tick();
      expect(sent).toHaveLength(1);
    });

    it('goes at the next interval once enough text piles up', () => {
      const { sent, b, tick } = clockedBatcher();
      b.event(ev(3, 'x'.repeat(60)));
      tick();
      expect(sent).toHaveLength(0);
      b.event(ev(3, 'y'.repeat(60)));
      tick();
      expect(sent.map((x) => x.events.length)).toEqual([2]);
    });

    it('a snapshot, a console line, a step or a gap never waits beyond the interval', () => {
      const cases: ((b: ReturnType<typeof createBatcher>) => void)[] = [
        (b) => b.event(ev(4)),
        (b) => b.event(ev(2)),
        (b) => b.console(entry('boom')),
        (b) => b.step({ time: 1, kind: 'type', text: 'Type in "Name"' }),
        (b) => b.gap({ from: 1, to: 2, reason: 'storm' }),
      ];
      for (const add of cases) {
        const { sent, b, tick } = clockedBatcher();
        b.event(ev(3, 'a'));
        add(b);
        tick();
        expect(sent).toHaveLength(1);
      }
    });

    it('a flush (pagehide, a click, the reporter) hands over what waits at once', () => {
      const { sent, b, tick } = clockedBatcher();
      b.event(ev(3, 'a'));
      tick();
      expect(sent).toHaveLength(0);
      b.flush();
      expect(sent.map((x) => x.events.length)).toEqual([1]);
    });
  });
});
