/** Small pure helpers for turning repeated samples into the figures the benchmark prints. */

/** The median of `values`, ignoring non-finite ones; null when nothing is left. */
export function median(values: readonly number[]): number | null {
  const finite = values.filter((v) => Number.isFinite(v)).sort((a, b) => a - b);
  if (finite.length === 0) return null;
  const mid = Math.floor(finite.length / 2);
  return finite.length % 2 === 1 ? finite[mid]! : (finite[mid - 1]! + finite[mid]!) / 2;
}

/**
 * How much of rrweb's own overhead the extension costs: (repro − bare) / (rrweb − bare). Null when a
 * figure is missing or when rrweb cost nothing measurable (the ratio would mean nothing).
 */
export function overheadRatio(bare: number | null, rrweb: number | null, repro: number | null): number | null {
  if (bare === null || rrweb === null || repro === null) return null;
  const rrwebCost = rrweb - bare;
  if (!(rrwebCost > 0)) return null;
  return (repro - bare) / rrwebCost;
}

/**
 * `overheadRatio` of each run on its own, from the three variants' figures of that run (index = run),
 * skipping runs where one is missing or rrweb cost nothing: a paired comparison, which leaves out the
 * machine's drift between runs that a ratio of medians would carry.
 */
export function pairedRatios(
  bare: readonly (number | null)[],
  rrweb: readonly (number | null)[],
  repro: readonly (number | null)[],
): number[] {
  const ratios: number[] = [];
  for (let run = 0; run < repro.length; run++) {
    const ratio = overheadRatio(bare[run] ?? null, rrweb[run] ?? null, repro[run] ?? null);
    if (ratio !== null && Number.isFinite(ratio)) ratios.push(ratio);
  }
  return ratios;
}

/**
 * Whole-task time per second of session at or above which a page's thread counts as saturated: it was
 * never idle, so a recorder's work could not add whole-task time there, only take frames away.
 */
export const SATURATED_TASK_MS_PER_S = 950;

/**
 * The runs (index = run) in which some variant's whole-task time reached `SATURATED_TASK_MS_PER_S`: a
 * whole-task ratio of such a run compares three full threads and means nothing.
 */
export function saturatedRuns(...variants: readonly (readonly (number | null)[])[]): Set<number> {
  const runs = new Set<number>();
  for (const list of variants)
    list.forEach((taskMsPerS, run) => taskMsPerS !== null && taskMsPerS >= SATURATED_TASK_MS_PER_S && runs.add(run));
  return runs;
}

/** `list` with the figures of `runs` left out (null), so that paired ratios skip those runs. */
export function withoutRuns<T>(list: readonly (T | null)[], runs: ReadonlySet<number>): (T | null)[] {
  return list.map((value, run) => (runs.has(run) ? null : value));
}

/** Microseconds per unit of work, from a total in milliseconds. */
export function microsPer(totalMs: number | null, count: number): number | null {
  if (totalMs === null || !(count > 0)) return null;
  return (totalMs * 1000) / count;
}

/** `later / earlier`, or null when either is missing or the base is not positive. */
export function growth(earlier: number | null, later: number | null): number | null {
  if (earlier === null || later === null || !(earlier > 0)) return null;
  return later / earlier;
}
