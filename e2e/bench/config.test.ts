import { describe, expect, it } from 'vitest';
import { configFromArgs, formatDuration, FULL, QUICK } from './config';

describe('benchmark configuration', () => {
  it('picks the quick mode from --quick', () => {
    expect(configFromArgs(['--quick']).mode).toBe('quick');
    expect(configFromArgs([]).mode).toBe('full');
  });
  it('reads heap at its reference mark, after the rolling window is full, in both modes', () => {
    for (const config of [FULL, QUICK]) {
      expect(config.session.marksMs).toContain(config.session.referenceMs);
      expect(config.session.referenceMs).toBeGreaterThanOrEqual(config.session.rollingWindowMs);
      // The settings accept windows of 30 s to 15 min.
      expect(config.session.rollingWindowMs).toBeGreaterThanOrEqual(30_000);
    }
    expect(FULL.runs).toBeGreaterThanOrEqual(5);
    expect(QUICK.runs).toBe(3);
  });
  it('prints durations in minutes when whole, else seconds', () => {
    expect(formatDuration(600_000)).toBe('10 min');
    expect(formatDuration(90_000)).toBe('90 s');
  });
});
