// @vitest-environment node
import { expect, it } from 'vitest';
import { consoleRows } from './console-cost';

it('adds what Repro adds to the calls and to the work after them, and says nothing when a side is missing', () => {
  const rows = consoleRows({ call: { bare: [30, 28, 40], repro: [33, 31, 50] }, after: { bare: [7, 8, 9], repro: [12, 13, 11] } });
  expect(rows.map((r) => [r.bare, r.repro])).toEqual([
    [30, 33],
    [8, 12],
    [undefined, undefined],
  ]);
  expect(rows[2]!.value).toBe(7);
  expect(rows[2]!.target?.max).toBe(20);
  const missing = consoleRows({ call: { bare: [30], repro: [] }, after: { bare: [7], repro: [12] } });
  expect(missing[2]!.value).toBeNull();
});
