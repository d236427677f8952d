import { describe, expect, it } from 'vitest';
import { configFromArgs, formatDuration, FULL, QUICK, sessionSeconds } from './config';

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
    expect(FULL.runs).toBeGreaterThanOrEqual(2);
    expect(QUICK.runs).toBeGreaterThanOrEqual(2);
  });
  it('runs whole sessions of at least 75 s in full mode, at least two of each variant on every page', () => {
    expect(FULL.overhead.sessionMs).toBeGreaterThanOrEqual(75_000);
    // One session cannot judge frames on the 60k-node page: its sessions differ by as much as the variants.
    expect(Math.min(FULL.overhead.runs.busy, FULL.overhead.runs.large)).toBeGreaterThanOrEqual(2);
    expect(FULL.overhead.runs.load).toBeGreaterThanOrEqual(FULL.overhead.runs.busy);
    // Several segment turnovers in a session.
    expect(FULL.overhead.sessionMs).toBeGreaterThanOrEqual(2 * FULL.overhead.rollingWindowMs);
  });
  it('leaves a full run room to finish under 30 minutes: its timed sessions take at most 27', () => {
    // Page loads, the unit figures, a checkout, the popup and the report take about three and a half minutes more.
    expect(sessionSeconds(FULL)).toBeLessThanOrEqual(27 * 60);
    expect(sessionSeconds(QUICK)).toBeLessThan(sessionSeconds(FULL));
  });
  it('prints durations in minutes when whole, else seconds', () => {
    expect(formatDuration(600_000)).toBe('10 min');
    expect(formatDuration(90_000)).toBe('90 s');
  });
});
