import { describe, expect, it } from 'vitest';
import { growth, median, microsPer, overheadRatio, pairedRatios, saturatedRuns, withoutRuns } from './stats';

describe('median', () => {
  it('takes the middle of an odd count and the mean of the middle two of an even count', () => {
    expect(median([5, 1, 3])).toBe(3);
    expect(median([4, 1, 3, 2])).toBe(2.5);
  });
  it('ignores non-finite samples and is null without any', () => {
    expect(median([Number.NaN, 7, Number.POSITIVE_INFINITY])).toBe(7);
    expect(median([])).toBeNull();
    expect(median([Number.NaN])).toBeNull();
  });
  it('does not reorder the caller’s array', () => {
    const samples = [3, 1, 2];
    median(samples);
    expect(samples).toEqual([3, 1, 2]);
  });
});

describe('overheadRatio', () => {
  it('is the share of rrweb’s added cost that Repro adds', () => {
    expect(overheadRatio(10, 30, 20)).toBe(0.5);
    expect(overheadRatio(10, 30, 40)).toBe(1.5);
    expect(overheadRatio(10, 30, 8)).toBe(-0.1);
  });
  it('is null when a figure is missing or rrweb added nothing', () => {
    expect(overheadRatio(null, 30, 20)).toBeNull();
    expect(overheadRatio(10, 10, 20)).toBeNull();
    expect(overheadRatio(10, 9, 20)).toBeNull();
  });
});

describe('microsPer and growth', () => {
  it('turns a millisecond total into microseconds per unit', () => {
    expect(microsPer(46, 2000)).toBe(23);
    expect(microsPer(null, 2000)).toBeNull();
    expect(microsPer(5, 0)).toBeNull();
  });
  it('compares a later figure with an earlier one', () => {
    expect(growth(50, 60)).toBe(1.2);
    expect(growth(0, 60)).toBeNull();
    expect(growth(50, null)).toBeNull();
  });
});

describe('pairedRatios', () => {
  it("takes each run's ratio from that run's own three figures", () => {
    // Run 2 is on a slower stretch: everything costs twice as much, the ratio is the same.
    expect(pairedRatios([10, 20], [30, 60], [20, 40])).toEqual([0.5, 0.5]);
  });

  it('skips runs with a missing figure or where rrweb cost nothing', () => {
    expect(pairedRatios([10, null, 10, 10], [30, 30, 10, 30], [20, 20, 20, null])).toEqual([0.5]);
  });
});

describe('saturatedRuns', () => {
  it('names every run in which any variant kept the thread busy at least 950 ms a second', () => {
    const bare = [640, 996, null, 700];
    const rrweb = [860, 997, 990, 949];
    const repro = [830, 997, 800, null];
    expect([...saturatedRuns(bare, rrweb, repro)].sort()).toEqual([1, 2]);
    expect(saturatedRuns([100], [200], [150]).size).toBe(0);
  });

  it('leaves those runs out of the paired ratios', () => {
    const bare = [600, 995];
    const rrweb = [800, 997];
    const repro = [700, 997.5];
    const full = saturatedRuns(bare, rrweb, repro);
    expect(pairedRatios(bare, rrweb, repro)).toEqual([0.5, 1.25]);
    expect(pairedRatios(withoutRuns(bare, full), withoutRuns(rrweb, full), withoutRuns(repro, full))).toEqual([0.5]);
  });
});
