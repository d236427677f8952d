import { expect, it } from 'vitest';
import { redactJsonValue, redactString } from './json';
import { REDACTED } from './rules';

it('redacts secret fields at any depth and keeps the rest of the tree', () => {
  expect(redactJsonValue({ a: [{ token: 't', ok: 1 }], user: { name: 'ann', password: 'pw' }, flag: true })).toEqual({
    a: [{ token: REDACTED, ok: 1 }],
    user: { name: 'ann', password: REDACTED },
    flag: true,
  });
});

it('redacts card numbers written as numbers and keeps other numbers', () => {
  expect(redactJsonValue({ n: 4242424242424242, t: 1700000000000, price: 12.5 })).toEqual({ n: REDACTED, t: 1700000000000, price: 12.5 });
});

it('redacts JSON held in a string as JSON, and pairs in other strings', () => {
  expect(redactString(JSON.stringify({ apiKey: 'k', page: 2 }))).toBe(JSON.stringify({ apiKey: REDACTED, page: 2 }));
  expect(redactString('retry with token=abc123 later')).toBe(`retry with token=${REDACTED} later`);
  expect(redactString('{not json: but token=abc}')).toBe(`{not json: but token=${REDACTED}}`);
});

it('stops at a depth no real payload reaches', () => {
  let deep: unknown = 'x';
  for (let i = 0; i < 100; i++) deep = [deep];
  expect(JSON.stringify(redactJsonValue(deep))).toContain(REDACTED);
});
