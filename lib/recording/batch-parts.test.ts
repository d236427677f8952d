import { describe, expect, it } from 'vitest';
import type { MessageData } from '../messaging/define';
import type { RecordingProtocol } from './messages';
import { createBatchJoiner } from './batch-parts';

type BatchData = MessageData<RecordingProtocol, 'recording:batch'>;
const message = (over: Partial<BatchData> = {}): BatchData => ({
  pageId: 'p1',
  url: 'https://site.test/',
  title: 'Site',
  events: [],
  console: [],
  steps: [],
  gaps: [],
  custom: {},
  diagnostics: { pageErrors: 0, forged: 0, dropped: 0 },
  ...over,
});
const ev = (t: number, json = `{"t":${t}}`, type = 3) => ({ t, type, json });

describe('createBatchJoiner', () => {
  it('hands a batch sent in one message straight back', () => {
    const joiner = createBatchJoiner();
    const one = message({ events: [ev(1)], console: [{ level: 'log', time: 1, message: 'hi', args: [] }] });
    expect(joiner.add('k', one, 0)).toEqual({ batch: one, dropped: 0 });
    expect(joiner.pending).toBe(0);
  });

  it("holds parts until the last one, then gives the batch whole with the first part's console and steps", () => {
    const joiner = createBatchJoiner();
    const head = message({ events: [ev(1)], console: [{ level: 'log', time: 1, message: 'hi', args: [] }], more: true });
    expect(joiner.add('k', head, 0)).toEqual({ batch: null, dropped: 0 });
    expect(joiner.add('k', message({ part: 1, events: [ev(2)], more: true }), 1)).toEqual({ batch: null, dropped: 0 });
    const done = joiner.add('k', message({ part: 2, events: [ev(3)] }), 2);
    expect(done.batch!.events.map((e) => e.t)).toEqual([1, 2, 3]);
    expect(done.batch!.console).toHaveLength(1);
    expect(done.batch).not.toHaveProperty('part');
    expect(done.batch).not.toHaveProperty('more');
    expect(joiner.pending).toBe(0);
  });

  it('joins the pieces of a cut event back into its text', () => {
    const joiner = createBatchJoiner();
    joiner.add('k', message({ events: [ev(1), { ...ev(2, '{"a":'), cont: true }], more: true }), 0);
    joiner.add('k', message({ part: 1, events: [{ ...ev(2, '"long'), cont: true }], more: true }), 0);
    const done = joiner.add('k', message({ part: 2, events: [ev(2, ' text"}'), ev(3)] }), 0);
    expect(done.batch!.events).toEqual([ev(1), ev(2, '{"a":"long text"}'), ev(3)]);
  });

  it('keeps the pages apart', () => {
    const joiner = createBatchJoiner();
    joiner.add('a', message({ events: [ev(1)], more: true }), 0);
    joiner.add('b', message({ events: [ev(10)], more: true }), 0);
    expect(joiner.add('b', message({ part: 1, events: [ev(11)] }), 0).batch!.events.map((e) => e.t)).toEqual([10, 11]);
    expect(joiner.add('a', message({ part: 1, events: [ev(2)] }), 0).batch!.events.map((e) => e.t)).toEqual([1, 2]);
  });

  it('drops a part with nothing before it (the worker restarted between parts) and counts its events', () => {
    const joiner = createBatchJoiner();
    expect(joiner.add('k', message({ part: 3, events: [ev(5), ev(6)], more: true }), 0)).toEqual({ batch: null, dropped: 2 });
    expect(joiner.add('k', message({ part: 4, events: [ev(7)] }), 0)).toEqual({ batch: null, dropped: 1 });
    expect(joiner.pending).toBe(0);
  });

  it('drops what it held when a part is skipped, or when a new batch starts before the last one ended', () => {
    const joiner = createBatchJoiner();
    joiner.add('k', message({ events: [ev(1), ev(2)], more: true }), 0);
    expect(joiner.add('k', message({ part: 2, events: [ev(3)] }), 0)).toEqual({ batch: null, dropped: 3 });
    joiner.add('k', message({ events: [ev(4)], more: true }), 0);
    const next = joiner.add('k', message({ events: [ev(5)] }), 0);
    expect(next.batch!.events.map((e) => e.t)).toEqual([5]);
    expect(next.dropped).toBe(1);
  });

  it('leaves out a piece whose rest never came', () => {
    const joiner = createBatchJoiner();
    const done = joiner.add('k', message({ events: [{ ...ev(1, '{"a'), cont: true }, ev(2), { ...ev(3, '{"b'), cont: true }] }), 0);
    expect(done.batch!.events).toEqual([ev(2)]);
    expect(done.dropped).toBe(2);
  });

  it('gives up parts held too long (the page went away mid-batch) or grown past the bound', () => {
    const joiner = createBatchJoiner({ staleMs: 1000, maxChars: 50 });
    joiner.add('gone', message({ events: [ev(1)], more: true }), 0);
    expect(joiner.add('other', message({ events: [ev(2)] }), 1500)).toMatchObject({ dropped: 1 });
    expect(joiner.pending).toBe(0);
    joiner.add('k', message({ events: [ev(3, 'x'.repeat(40))], more: true }), 2000);
    expect(joiner.add('k', message({ part: 1, events: [ev(4, 'y'.repeat(40))] }), 2000)).toEqual({ batch: null, dropped: 2 });
  });
});
