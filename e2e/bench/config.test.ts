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
  it('runs whole sessions of at least 75 s in full mode, more of the busy SPA than of the large page', () => {
    expect(FULL.overhead.sessionMs).toBeGreaterThanOrEqual(75_000);
    expect(FULL.overhead.runs.busy).toBeGreaterThan(FULL.overhead.runs.large);
    expect(FULL.overhead.runs.load).toBeGreaterThanOrEqual(FULL.overhead.runs.busy);
    // Several segment turnovers in a session.
    expect(FULL.overhead.sessionMs).toBeGreaterThanOrEqual(2 * FULL.overhead.rollingWindowMs);
  });
  it('prints durations in minutes when whole, else seconds', () => {
    expect(formatDuration(600_000)).toBe('10 min');
    expect(formatDuration(90_000)).toBe('90 s');
  });
});
