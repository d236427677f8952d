import { describe, expect, it } from 'vitest';
import { jsonSteps, STEP_CHARS, WHOLE_NODES } from './json-steps';

/** Runs the steps to the end; returns the text and how many pauses it made. */
function run(event: unknown, stringify: (v: unknown) => string = (v) => JSON.stringify(v)): { json: string; pauses: number } {
  const steps = jsonSteps(event, stringify);
  let pauses = 0;
  for (let step = steps.next(); ; step = steps.next()) {
    if (step.done) return { json: step.value, pauses };
    pauses++;
  }
}

/** A full snapshot event of a list of `rows` rows, shaped as rrweb writes it. */
function snapshot(rows: number) {
  let id = 1;
  const text = (t: string) => ({ type: 3, textContent: t, id: id++ });
  const el = (tagName: string, childNodes: unknown[], attributes: Record<string, unknown> = {}) => ({
    type: 2,
    tagName,
    attributes,
    childNodes,
    id: id++,
    isSVG: undefined,
  });
  const list = el(
    'ul',
    Array.from({ length: rows }, (_, i) => el('li', [el('span', [text(`row ${i} "quoted" \u2713`)])], { 'data-i': String(i) })),
  );
  const body = el('body', [el('h1', [text('title')]), list]);
  const node = {
    type: 0,
    childNodes: [{ type: 1, name: 'html', publicId: '', systemId: '', id: id++ }, el('html', [el('head', []), body])],
    id: id++,
  };
  return { type: 2, data: { node, initialOffset: { left: 0, top: 0 } }, timestamp: 1234 };
}

describe('jsonSteps', () => {
  it('writes a large full snapshot in many steps, as text that parses to the same event', () => {
    const event = snapshot(5000);
    const { json, pauses } = run(event);
    expect(JSON.parse(json)).toEqual(JSON.parse(JSON.stringify(event)));
    expect(pauses).toBeGreaterThan(Math.floor(JSON.stringify(event).length / STEP_CHARS / 2));
  });

  it('writes a small snapshot and any other event in one step, exactly as stringify does', () => {
    const small = snapshot(Math.floor(WHOLE_NODES / 4));
    expect(run(small)).toEqual({ json: JSON.stringify(small), pauses: 0 });
    const mutation = { type: 3, data: { source: 0, adds: [{ node: snapshot(3000).data.node }] }, timestamp: 1 };
    expect(run(mutation)).toEqual({ json: JSON.stringify(mutation), pauses: 0 });
  });

  it('keeps each step small: no single stringify call writes more than a few hundred nodes', () => {
    const calls: number[] = [];
    run(snapshot(5000), (v) => {
      const text = JSON.stringify(v);
      calls.push(text.length);
      return text;
    });
    expect(Math.max(...calls)).toBeLessThan(WHOLE_NODES * 200);
  });

  it('writes a long list of small children a run at a time, not one call per child', () => {
    let calls = 0;
    const event = snapshot(5000);
    const { json } = run(event, (v) => {
      calls++;
      return JSON.stringify(v);
    });
    expect(JSON.parse(json)).toEqual(JSON.parse(JSON.stringify(event)));
    // 5,000 rows of three nodes each: about 75 runs of up to WHOLE_NODES nodes, a few calls for the keys around them.
    expect(calls).toBeLessThan(5000 / 20);
  });

  it('passes on what stringify throws (a value that cannot be written), for the batcher to count', () => {
    const event = snapshot(2000);
    const steps = jsonSteps(event, () => {
      throw new Error('cyclic');
    });
    expect(() => steps.next()).toThrow('cyclic');
  });
});
