import { expect, it } from 'vitest';
import { normalizeConsole, normalizeEvents, normalizeHar } from './data';
import { bodyText, formatBytes, isoTime, queryOf } from './format';

it('keeps only well-formed events, sorted by time', () => {
  expect(normalizeEvents({})).toBeNull();
  const events = normalizeEvents([
    { type: 3, timestamp: 2, data: {} },
    'x',
    { type: 'x', timestamp: 1 },
    { type: 4, timestamp: 1, data: {} },
  ]);
  expect(events?.map((e) => e.timestamp)).toEqual([1, 2]);
});

it('coerces console entries from a hostile file to text fields', () => {
  const out = normalizeConsole([{ level: '<img src=x onerror=alert(1)>', time: 'soon', message: { html: '<b>' }, stack: 5 }, null]);
  expect(out).toEqual([{ level: 'log', time: 0, message: '{"html":"<b>"}', args: [] }]);
});

it('fills every field the viewer reads in a sparse HAR, and drops entries without a URL', () => {
  const har = normalizeHar({ log: { entries: [{ request: { url: 'https://a.test/?a=1' } }, { request: {} }, 7] } });
  expect(har?.log.entries).toHaveLength(1);
  const e = har!.log.entries[0]!;
  expect([e.request.method, e.response.status, e.response.content.mimeType, e.request.headers]).toEqual(['GET', 0, '', []]);
  expect(normalizeHar({ log: {} })).toBeNull();
});

it('formats sizes, pretty-prints JSON bodies and reads query strings', () => {
  expect(formatBytes(512)).toBe('512 B');
  expect(formatBytes(2048)).toBe('2.0 kB');
  expect(formatBytes(-1)).toBe('—');
  expect(bodyText('{"a":[1]}', 'application/json')).toBe('{\n  "a": [\n    1\n  ]\n}');
  expect(bodyText('{broken', 'application/json')).toBe('{broken');
  expect(bodyText('AAAA', 'image/png', 'base64')).toBe('(image/png body, 3 B, base64)');
  expect(queryOf('https://a.test/?q=a%20b&x=1')).toEqual([
    { name: 'q', value: 'a b' },
    { name: 'x', value: '1' },
  ]);
  expect(queryOf('not a url')).toEqual([]);
  expect(isoTime(1e20)).toBe('—');
  expect(isoTime(0)).toBe('1970-01-01T00:00:00.000Z');
});
