import { expect, it } from 'vitest';
import { estimateJsonBytes, estimateZipBytes, formatBytes } from './sizes';

it('estimates JSON size from a sample, close to the real size', () => {
  const items = Array.from({ length: 10_000 }, (_, i) => ({ type: 3, timestamp: 1_700_000_000_000 + i, data: { source: 2, x: i % 1000 } }));
  const real = JSON.stringify(items).length;
  const estimate = estimateJsonBytes(items);
  expect(Math.abs(estimate - real) / real).toBeLessThan(0.05);
  expect(estimateJsonBytes([])).toBe(2);
});

it('measures events held as JSON text exactly, however uneven their sizes (one huge snapshot)', () => {
  const items = [{ type: 4 }, { type: 2, big: 'x'.repeat(3_000_000) }, ...Array.from({ length: 999 }, (_, i) => ({ type: 3, i }))].map(
    (e) => ({ rawJson: JSON.stringify(e) }),
  );
  const real = 1 + items.reduce((n, e) => n + e.rawJson.length + 1, 0);
  expect(estimateJsonBytes(items)).toBe(real);
});

it('estimates the zip from the kept parts only', () => {
  const sizes = { replay: 5_000_000, console: 10_000, network: 1_000_000, screenshot: 300_000 };
  const everything = estimateZipBytes(sizes, { replay: true, console: true, network: true, screenshot: true });
  const noReplay = estimateZipBytes(sizes, { replay: false, console: true, network: true, screenshot: true });
  expect(everything).toBeGreaterThan(noReplay);
  expect(noReplay).toBeGreaterThan(300_000);
  expect(estimateZipBytes(sizes, { replay: false, console: false, network: false, screenshot: false })).toBeLessThan(20_000);
});

it('formats sizes for people', () => {
  expect(formatBytes(12)).toBe('12 B');
  expect(formatBytes(820_400)).toBe('820 KB');
  expect(formatBytes(1_440_000)).toBe('1.4 MB');
  expect(formatBytes(123_000_000)).toBe('123 MB');
});
