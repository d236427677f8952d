/** What a benchmark run does, for the full and the quick (`--quick`) mode. Pure. */

/** Sessions of each variant, per page of part 1. */
export interface OverheadRuns {
  busy: number;
  large: number;
  load: number;
}

export interface BenchConfig {
  mode: 'full' | 'quick';
  /** Repetitions behind each median. */
  runs: number;
  /**
   * Time a page runs after load before a window is measured. It lets the first full snapshot settle in
   * every variant: the inlined rrweb takes it before load, Repro once the worker has answered its
   * content script (just after load) and then hands it to the extension, which on the 60k-node page
   * takes up to two seconds. The snapshot is followed, in both recording variants, by one major garbage
   * collection of the grown heap some 2–4 s after load (20–45 ms on the 60k-node page, tracing the whole
   * DOM); a window that catches it in one variant and not the other measures where that one collection
   * fell, not what recording costs. The first snapshot's cost is part 5's figure, not this one's.
   */
  warmupMs: number;
  busyRows: number;
  /** Rows of the large document: three nodes each, so 20,000 rows make 60,000 nodes. */
  largeRows: number;
  /**
   * Part 1, whole sessions: each variant of each page runs `sessionMs` from load, with a short rolling
   * window so a session spans several segment turnovers; the page whose cost is its load (10k elements
   * built at load) runs `loadSessionMs`. `runs` sessions of each variant per page, interleaved: more of the
   * busy SPA, whose sessions differ most from one another, and of the short load page.
   */
  overhead: { sessionMs: number; loadSessionMs: number; loadRows: number; runs: OverheadRuns; rollingWindowMs: number };
  unit: { rows: number; count: number; logs: number; reps: number; settleMs: number };
  /** Page sizes of the warm-checkout figures, in rows (two elements each). */
  checkoutRows: number[];
  /** The page of the long-task figure (rows) and how long after load its tasks are watched. */
  longTask: { rows: number; watchMs: number };
  session: {
    /** The rolling window set in the capture settings for the session. */
    rollingWindowMs: number;
    /** When heap and storage are read, from the start of the busy session. */
    marksMs: number[];
    /** The mark whose heap the last one is compared with (the rolling window is full by then). */
    referenceMs: number;
    /** Untouched rows added to the busy page, so the session's checkouts snapshot a 10k-element page. */
    staticRows: number;
  };
  popupRuns: number;
  reportRuns: number;
}

/**
 * The full run: whole sessions of 75 s (two of each variant on the busy SPA and two on the 60k-node
 * page, three on the load page), two runs of the unit figures, and a ten-minute session with the default
 * two-minute window: under 30 minutes on 2 cores. The 60k-node page needs two: the same page's load
 * varies by over a second in the browser's first style pass alone, with or without an extension, and
 * its sessions by about 5% in frames, as much as the difference its frames figure judges.
 */
export const FULL: BenchConfig = {
  mode: 'full',
  runs: 2,
  warmupMs: 5_000,
  busyRows: 600,
  largeRows: 20_000,
  overhead: { sessionMs: 75_000, loadSessionMs: 10_000, loadRows: 5_000, runs: { busy: 2, large: 2, load: 3 }, rollingWindowMs: 30_000 },
  unit: { rows: 2_000, count: 2_000, logs: 1_000, reps: 3, settleMs: 300 },
  checkoutRows: [5_000],
  longTask: { rows: 5_000, watchMs: 3_000 },
  session: { rollingWindowMs: 120_000, marksMs: [60_000, 120_000, 300_000, 600_000], referenceMs: 120_000, staticRows: 4_400 },
  popupRuns: 5,
  reportRuns: 3,
};

/** 20-second sessions, a 30 s rolling window for the memory session, two runs of the units. */
export const QUICK: BenchConfig = {
  ...FULL,
  mode: 'quick',
  runs: 2,
  warmupMs: 4_000,
  overhead: { ...FULL.overhead, sessionMs: 20_000, loadSessionMs: 8_000, runs: { busy: 2, large: 2, load: 2 } },
  unit: { ...FULL.unit, reps: 2, settleMs: 250 },
  longTask: { ...FULL.longTask, watchMs: 1_500 },
  session: { ...FULL.session, rollingWindowMs: 30_000, marksMs: [20_000, 40_000, 80_000], referenceMs: 40_000 },
  popupRuns: 3,
};

/** The configuration asked for by the command-line arguments. */
export function configFromArgs(args: readonly string[]): BenchConfig {
  return args.includes('--quick') ? QUICK : FULL;
}

/** "90 s" or "10 min": how a duration reads in the table. */
export function formatDuration(ms: number): string {
  if (ms >= 60_000 && ms % 60_000 === 0) return `${ms / 60_000} min`;
  return `${Math.round(ms / 1000)} s`;
}

/** Seconds a run spends in its timed sessions alone (whole sessions and the memory session), before page loads and the unit figures. */
export function sessionSeconds(config: BenchConfig): number {
  const o = config.overhead;
  const variants = 3;
  const whole = variants * ((o.runs.busy + o.runs.large) * o.sessionMs + o.runs.load * o.loadSessionMs);
  return (whole + Math.max(...config.session.marksMs)) / 1000;
}
