import { expect, it } from 'vitest';
import { normalizeHar } from './data';
import { sampleConsole, sampleEvents, sampleHar, sampleReport, T0 } from './sample';
import { buildMarks, clockOf, lastAtOrBefore, offsetOf, pageOffset, pagesOf, urlAt } from './timeline';

it('takes the clock from the events, or from the entries when there is no replay', () => {
  expect(clockOf(sampleEvents(), [])).toEqual({ start: T0, total: 6_000 });
  expect(clockOf(null, [T0 + 5, T0 + 1, Number.NaN])).toEqual({ start: T0 + 1, total: 4 });
  expect(clockOf([], [])).toEqual({ start: 0, total: 0 });
  const many = Array.from({ length: 300_000 }, (_, i) => ({ type: 3, timestamp: 1_000 + i, data: {} }));
  expect(clockOf(many, [])).toEqual({ start: 1_000, total: 299_999 });
});

it('clamps times before and after the replay to its ends', () => {
  const clock = { start: 1000, total: 500 };
  expect(offsetOf(clock, 900)).toBe(0);
  expect(offsetOf(clock, 1200)).toBe(200);
  expect(offsetOf(clock, 9000)).toBe(500);
});

it('marks console entries, requests and pages in time order, failures louder', () => {
  const clock = clockOf(sampleEvents(), []);
  const marks = buildMarks(clock, {
    console: sampleConsole(),
    entries: normalizeHar(sampleHar())!.log.entries,
    pages: sampleReport().recording.pages,
  });
  expect(marks.map((m) => [m.kind, m.index, m.offset, m.severity])).toEqual([
    ['page', 0, 0, 'normal'],
    ['console', 0, 500, 'normal'],
    ['page', 1, 3_000, 'normal'],
    ['network', 0, 3_200, 'normal'],
    ['console', 1, 4_000, 'error'],
    ['network', 1, 4_100, 'error'],
  ]);
});

it('skips requests without a usable start time', () => {
  const har = normalizeHar({ log: { entries: [{ startedDateTime: 'garbage', request: { url: 'https://a.test/' }, response: {} }] } })!;
  expect(buildMarks({ start: 0, total: 10 }, { console: null, entries: har.log.entries, pages: [] })).toEqual([]);
});

it('finds the entry current at a time by binary search', () => {
  const times = [10, 20, 20, 30];
  expect(lastAtOrBefore(times, 5)).toBe(-1);
  expect(lastAtOrBefore(times, 10)).toBe(0);
  expect(lastAtOrBefore(times, 25)).toBe(2);
  expect(lastAtOrBefore(times, 99)).toBe(3);
  expect(lastAtOrBefore([], 1)).toBe(-1);
});

it('follows the page URL through a multi-page recording', () => {
  const clock = clockOf(sampleEvents(), []);
  const pages = pagesOf(clock, sampleEvents());
  expect(pages).toEqual([
    { url: 'https://shop.test/', offset: 0 },
    { url: 'https://shop.test/cart', offset: 3_000 },
  ]);
  expect(urlAt(pages, 2_999)).toBe('https://shop.test/');
  expect(urlAt(pages, 3_000)).toBe('https://shop.test/cart');
  expect(urlAt([], 0)).toBeNull();
});

it('seeks a page to just past its full snapshot, which can come a little after its Meta event', () => {
  const t0 = 1_000_000;
  const events = [
    { type: 4, timestamp: t0, data: { href: 'https://shop.test/', width: 800, height: 600 } },
    { type: 2, timestamp: t0 + 30, data: {} },
    { type: 3, timestamp: t0 + 300, data: {} },
    { type: 4, timestamp: t0 + 678, data: { href: 'https://shop.test/checkout', width: 800, height: 600 } },
    { type: 2, timestamp: t0 + 698, data: {} },
    { type: 3, timestamp: t0 + 750, data: {} },
  ];
  const clock = clockOf(events, []);
  expect(pageOffset(clock, events, t0 + 678)).toBe(699);
  expect(pageOffset(clock, events, t0)).toBe(31);
  // Without a replay the page's own start is all there is.
  expect(pageOffset({ start: t0, total: 750 }, null, t0 + 678)).toBe(679);
});
