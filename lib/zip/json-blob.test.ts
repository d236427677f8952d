import { expect, it } from 'vitest';
import { jsonArrayBlob, jsonArrayParts, jsonWithBigArrayBlob, rawEventTime } from './json-blob';

it('writes items held as JSON text as they are, beside ordinary ones', async () => {
  const raw = { rawJson: '{"type":3,"data":{"x":1},"timestamp":1700000000123}' };
  expect(JSON.parse(await jsonArrayBlob([raw, { a: 1 }]).text())).toEqual([
    { type: 3, data: { x: 1 }, timestamp: 1700000000123 },
    { a: 1 },
  ]);
});

it('reads the time of an event held as text, from its tail or by parsing', () => {
  expect(rawEventTime('{"type":3,"data":{"timestamp":5},"timestamp":1700000000123}')).toBe(1700000000123);
  expect(rawEventTime('{"timestamp":1700000000999,"type":3,"data":{}}')).toBe(1700000000999);
  expect(rawEventTime('not json')).toBeNull();
});

it('writes a JSON array in many small parts that parse back whole', async () => {
  const items = Array.from({ length: 1000 }, (_, i) => ({ i, text: 'x'.repeat(i % 50) }));
  const parts = jsonArrayParts(items, 4096);
  expect(parts.length).toBeGreaterThan(5);
  expect(Math.max(...parts.map((p) => p.length))).toBeLessThan(4096 + 200);
  expect(JSON.parse(await jsonArrayBlob(items, 4096).text())).toEqual(items);
  expect(JSON.parse(await jsonArrayBlob([]).text())).toEqual([]);
  expect(JSON.parse(await jsonArrayBlob([undefined, () => 1]).text())).toEqual([null, null]);
});

it('writes an object around a big array, leaving the rest intact', async () => {
  const har = { log: { version: '1.2', entries: Array.from({ length: 300 }, (_, i) => ({ i })), pages: [] } };
  const blob = jsonWithBigArrayBlob(har, ['log', 'entries'], 256);
  expect(JSON.parse(await blob.text())).toEqual(har);
  expect(JSON.parse(await jsonWithBigArrayBlob({ a: 1 }, ['log', 'entries']).text())).toEqual({ a: 1 });
});
