import { describe, expect, it } from 'vitest';
import { cpuMsOfStat, readCpu } from './cpu';

describe('process CPU', () => {
  it('reads utime + stime after the command name, spaces in it or not', () => {
    const rest = 'S 1 2 3 4 5 6 7 8 9 10 250 50 0 0 20 0';
    expect(cpuMsOfStat(`42 (chromium) ${rest}`)).toBe(3000);
    expect(cpuMsOfStat(`42 (Chrome Child (x)) ${rest}`)).toBe(3000);
  });
  it('finds nothing for a profile no process uses', () => {
    expect(readCpu('/no/such/profile')).toEqual({ extension: null, all: null });
  });
});
