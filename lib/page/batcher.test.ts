import { describe, expect, it } from 'vitest';
import { createBatcher, type Batch } from './batcher';

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

const ev = (type: number, json = `{"type":${type}}`) => ({ t: 1, type, json });
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
    expect(sent[0]).toMatchObject({ type: 'batch', events: [ev(3)], console: [entry('a')], errors: 0 });
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

  it('sends at once when the event text reaches the byte bound, counting afresh after each batch', () => {
    const sent: Batch[] = [];
    const b = createBatcher({ send: (x) => sent.push(x), timers: manualTimers(), maxBytes: 100 });
    b.event(ev(2, 'x'.repeat(150)));
    expect(sent.map((s) => s.events.length)).toEqual([1]);
    for (let i = 0; i < 3; i++) b.event(ev(3, 'y'.repeat(40)));
    expect(sent.map((s) => s.events.length)).toEqual([1, 3]);
  });

  it('bounds console entries too', () => {
    const sent: Batch[] = [];
    const b = createBatcher({ send: (x) => sent.push(x), timers: manualTimers(), maxConsole: 2 });
    b.console(entry('1'));
    b.console(entry('2'));
    expect(sent[0]!.console.map((c) => c.message)).toEqual(['1', '2']);
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
});
