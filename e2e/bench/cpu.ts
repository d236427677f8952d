/**
 * CPU time of the benchmark's Chromium, per process, from Linux's /proc: the extension's own process
 * (its service worker, offscreen document and pages run there, started with `--extension-process`) and
 * all of the profile's processes together. Moving work off the page must not hide it: these say what
 * it costs elsewhere.
 */
import { readdirSync, readFileSync } from 'node:fs';

/** Clock ticks per second of /proc's utime and stime (USER_HZ, 100 on Linux). */
const TICKS_PER_S = 100;

export interface CpuReading {
  /** CPU ms of the extension's process (null when none is found, as on a system without /proc). */
  extension: number | null;
  /** CPU ms of every process of the profile. */
  all: number | null;
}

/** Parses the utime + stime of a /proc/<pid>/stat line, in ms. */
export function cpuMsOfStat(stat: string): number | null {
  // The command name is in parentheses and may hold spaces: the fields are counted after it.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const utime = Number(fields[11]);
  const stime = Number(fields[12]);
  return Number.isFinite(utime) && Number.isFinite(stime) ? ((utime + stime) * 1000) / TICKS_PER_S : null;
}

/** CPU ms so far of the processes started with `--user-data-dir=<userDataDir>`. */
export function readCpu(userDataDir: string): CpuReading {
  let extension: number | null = null;
  let all: number | null = null;
  let pids: string[];
  try {
    pids = readdirSync('/proc').filter((p) => /^\d+$/.test(p));
  } catch {
    return { extension, all };
  }
  for (const pid of pids) {
    try {
      // Zygote-forked renderers rewrite their command line as one string with spaces: split on either.
      const args = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split(/[\0 ]/);
      if (!args.includes(`--user-data-dir=${userDataDir}`)) continue;
      const ms = cpuMsOfStat(readFileSync(`/proc/${pid}/stat`, 'utf8'));
      if (ms === null) continue;
      all = (all ?? 0) + ms;
      if (args.includes('--extension-process')) extension = (extension ?? 0) + ms;
    } catch {
      // The process ended while being read.
    }
  }
  return { extension, all };
}
