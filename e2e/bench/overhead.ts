/**
 * Part 1: what recording costs a page over a whole session, as a tester who leaves Repro on feels it:
 * bare vs rrweb alone vs Repro, interleaved, on a busy single-page app, a 60k-node document and a page
 * that builds 10k elements at load. Each session runs from load for `sessionMs` with a short rolling
 * window, so it spans several segment turnovers (where Repro used to snapshot the page again), and
 * reads the page's main-thread script and whole-task time (script, style, layout, GC: devtools
 * `TaskDuration`), its frames, its longest task since navigation, and the CPU time of the extension's
 * own process and of the whole browser over the session: work moved off the page shows there.
 * The pages change at a fixed rate whatever their frame rate (see `pages/bench-page.js`), so every
 * variant does the same work. Ratios are taken per run, from the three variants of that run.
 */
import type { BenchConfig } from './config';
import { readCpu } from './cpu';
import { recordingGapsIn, setSiteAllowed, tabIdOf } from './extension';
import { attempt, closePage, metrics, openVariant, sleep, VARIANTS, variantUrl, type Lab, type PartContext, type Variant } from './lab';
import { median, pairedRatios, saturatedRuns, withoutRuns } from './stats';
import { longestTasks, recorderScript, startTrace, type LoadTasks } from './trace';
import type { Row } from './table';

interface SessionSample {
  scriptMsPerS: number;
  taskMsPerS: number;
  fps: number;
  longestTaskMs: number;
  /** CPU of the extension's process and of every browser process, ms per second of session. */
  extensionCpuMsPerS: number | null;
  allCpuMsPerS: number | null;
  ticksPerS: number;
  /** Recording gaps Repro stored in the session (0 for the other variants). */
  gaps: number;
  /** Load page only: its longest tasks from a trace of the load (see `trace.ts`). */
  load?: LoadTasks | null;
}

type Samples = Record<Variant, (SessionSample | null)[]>;
const emptySamples = (): Samples => ({ bare: [], rrweb: [], repro: [] });

interface BenchWindow {
  __bench: { frames: number; ticks: number; longestTask(): number };
}

type Workload = 'busy' | 'large' | 'idle';

async function measureSession(lab: Lab, variant: Variant, workload: Workload, rows: number, sessionMs: number): Promise<SessionSample> {
  // The load page's session is traced: its cost is its longest tasks, which the page's own timing misses.
  let trace: Awaited<ReturnType<typeof startTrace>> | null = null;
  const beforeNavigation =
    workload === 'idle' ? async (cdp: Parameters<typeof startTrace>[0]) => void (trace = await startTrace(cdp)) : undefined;
  const opened = await openVariant(lab, variant, { workload, rows }, { measureLoad: true, beforeNavigation });
  const { m0, cpu0, started } = opened.before!;
  try {
    const counts = () =>
      opened.page.evaluate(() => ({
        frames: (window as unknown as BenchWindow).__bench.frames,
        ticks: (window as unknown as BenchWindow).__bench.ticks,
      }));
    const c0 = await counts();
    await sleep(sessionMs - (Date.now() - started));
    const m1 = await metrics(opened.cdp);
    const c1 = await counts();
    const cpu1 = readCpu(lab.ext.userDataDir);
    const longestTaskMs = await opened.page.evaluate(() => (window as unknown as BenchWindow).__bench.longestTask());
    const seconds = (m1.Timestamp ?? 0) - (m0.Timestamp ?? 0);
    const wall = (Date.now() - started) / 1000;
    const perS = (a: number | null, b: number | null) => (a === null || b === null ? null : (b - a) / wall);
    const gaps = variant === 'repro' ? await recordingGapsIn(lab.ext, await tabIdOf(lab.ext, opened.page), started, Date.now()) : 0;
    const traced = trace as Awaited<ReturnType<typeof startTrace>> | null;
    const load = traced
      ? longestTasks(await traced.stop(), variantUrl(lab, variant, { workload, rows }), recorderScript(variant))
      : undefined;
    return {
      ...(load !== undefined ? { load } : {}),
      scriptMsPerS: (((m1.ScriptDuration ?? 0) - (m0.ScriptDuration ?? 0)) * 1000) / seconds,
      taskMsPerS: (((m1.TaskDuration ?? 0) - (m0.TaskDuration ?? 0)) * 1000) / seconds,
      fps: (c1.frames - c0.frames) / seconds,
      ticksPerS: (c1.ticks - c0.ticks) / seconds,
      longestTaskMs,
      extensionCpuMsPerS: perS(cpu0.extension, cpu1.extension),
      allCpuMsPerS: perS(cpu0.all, cpu1.all),
      gaps,
    };
  } finally {
    await closePage(opened);
  }
}

const present = (samples: (SessionSample | null)[]) => samples.filter((s): s is SessionSample => s !== null);
type Key = Exclude<keyof SessionSample, 'gaps' | 'load'>;
const values = (samples: (SessionSample | null)[], key: Key) => present(samples).flatMap((s) => (s[key] === null ? [] : [s[key]]));

/** "0.61 (0.55–0.70)": a median with its spread over the runs. */
function spread(list: number[]): string {
  if (list.length < 2) return '';
  return ` (${Math.min(...list).toFixed(2)}–${Math.max(...list).toFixed(2)})`;
}

function rowsFor(label: string, samples: Samples, sessionS: number, withRatios: boolean): Row[] {
  const figure = (key: Key) => ({
    bare: median(values(samples.bare, key)),
    rrweb: median(values(samples.rrweb, key)),
    repro: median(values(samples.repro, key)),
    samples: { bare: values(samples.bare, key), rrweb: values(samples.rrweb, key), repro: values(samples.repro, key) },
  });
  type PerRun = [(number | null)[], (number | null)[], (number | null)[]];
  const perRun = (of: (s: SessionSample) => number | null): PerRun =>
    VARIANTS.map((v) => samples[v].map((s) => (s ? of(s) : null))) as PerRun;
  const paired = (key: Key, leaveOut: ReadonlySet<number> = new Set()) =>
    pairedRatios(...(perRun((s) => s[key]).map((list) => withoutRuns(list, leaveOut)) as PerRun));
  const gaps = present(samples.repro).reduce((n, s) => n + s.gaps, 0);
  const part = '1 session';
  const of = `${label}, ${sessionS} s`;
  const rows: Row[] = [
    { part, measure: `${of}: main-thread script`, unit: 'ms/s', ...figure('scriptMsPerS') },
    { part, measure: `${of}: whole task (script, style, layout, GC)`, unit: 'ms/s', ...figure('taskMsPerS') },
    { part, measure: `${of}: frames`, unit: 'fps', ...figure('fps') },
    { part, measure: `${of}: page changes (ticks)`, unit: '/s', ...figure('ticksPerS') },
    { part, measure: `${of}: longest task the page's long-task timing saw`, unit: 'ms', digits: 0, ...figure('longestTaskMs') },
    { part, measure: `${of}: extension process CPU`, unit: 'ms/s', ...figure('extensionCpuMsPerS') },
    {
      part,
      measure: `${of}: all browser processes CPU`,
      unit: 'ms/s',
      ...figure('allCpuMsPerS'),
      ...(gaps ? { note: `${gaps} recording gaps stored` } : {}),
    },
  ];
  if (!withRatios) return rows;
  const script = paired('scriptMsPerS');
  // A run where a variant kept the thread busy all along says nothing in whole-task time: left out.
  const saturated = saturatedRuns(...perRun((s) => s.taskMsPerS));
  const task = paired('taskMsPerS', saturated);
  const left = saturated.size ? `, ${saturated.size} saturated run${saturated.size > 1 ? 's' : ''} left out` : '';
  // There a recorder's work takes frames away: main-thread time per frame drawn still compares them.
  const perFrame = pairedRatios(...perRun((s) => (s.fps > 0 ? s.taskMsPerS / s.fps : null)));
  const fps = figure('fps');
  return [
    ...rows,
    {
      part,
      measure: `${of}: script, (Repro−bare)/(rrweb−bare), median of ${script.length}${spread(script)}`,
      unit: '',
      digits: 2,
      value: median(script),
      target: { max: 0.7, label: '≤ 0.7 (aim 0.5)' },
      samples: { repro: script },
    },
    {
      part,
      measure: `${of}: whole task, (Repro−bare)/(rrweb−bare), median of ${task.length}${spread(task)}${left}`,
      unit: '',
      digits: 2,
      value: median(task),
      target: { max: 0.7, label: '≤ 0.7 (aim 0.5)' },
      samples: { repro: task },
      ...(task.length === 0 && saturated.size ? { note: 'saturated' } : {}),
    },
    {
      part,
      measure: `${of}: main-thread time per frame drawn, (Repro−bare)/(rrweb−bare), median of ${perFrame.length}${spread(perFrame)}`,
      unit: '',
      digits: 2,
      value: median(perFrame),
      samples: { repro: perFrame },
    },
    {
      part,
      measure: `${of}: frames, rrweb fps / Repro fps`,
      unit: '',
      digits: 2,
      value: fps.rrweb !== null && fps.repro ? fps.rrweb / fps.repro : null,
      target: { max: 1.0, label: '≤ 1.0 (Repro at least rrweb)' },
    },
  ];
}

/**
 * The load page's longest tasks, from the trace of each load: every task on the page's thread (Repro's
 * over the bare page's in the same run is what recording adds to its worst freeze), and the most time
 * the recorder's own code took in one task.
 */
function loadRows(samples: Samples, rows: number): Row[] {
  const traced = (variant: Variant, key: keyof LoadTasks) => samples[variant].flatMap((s) => (s?.load ? [s.load[key]] : []));
  const added = samples.repro.flatMap((s, run) => {
    const bare = samples.bare[run];
    return s?.load && bare?.load ? [s.load.longestMs - bare.load.longestMs] : [];
  });
  const label = `${(rows * 2) / 1000}k-element load page`;
  const all = { bare: traced('bare', 'longestMs'), rrweb: traced('rrweb', 'longestMs'), repro: traced('repro', 'longestMs') };
  const recorder = { rrweb: traced('rrweb', 'longestRecorderMs'), repro: traced('repro', 'longestRecorderMs') };
  return [
    {
      part: '1 session',
      measure: `${label}: longest main-thread task from navigation (trace)`,
      unit: 'ms',
      digits: 0,
      bare: median(all.bare),
      rrweb: median(all.rrweb),
      repro: median(all.repro),
      samples: all,
    },
    {
      part: '1 session',
      measure: `${label}: longest task added by Repro (Repro − bare, per run)${spread(added)}`,
      unit: 'ms',
      digits: 0,
      value: median(added),
      target: { max: 50, label: '≤ 50 ms' },
      samples: { repro: added },
    },
    {
      part: '1 session',
      measure: `${label}: most the recorder's code took in one task (trace)`,
      unit: 'ms',
      digits: 0,
      rrweb: median(recorder.rrweb),
      repro: median(recorder.repro),
      value: median(recorder.repro),
      target: { max: 100, label: '≤ 100 ms (goal)' },
      samples: recorder,
    },
  ];
}

/** Runs whole sessions of every variant of each page, as many times as `config.overhead.runs` says, rotating the order. */
export async function measureOverhead(lab: Lab, config: BenchConfig, ctx: PartContext): Promise<Row[]> {
  const o = config.overhead;
  const windowMs = lab.windowMs;
  // A short window: segments turn over every 15 s within a session.
  lab.windowMs = o.rollingWindowMs;
  await setSiteAllowed(lab.ext, lab.server.origin, lab.allowed, lab.windowMs);
  const busy = emptySamples();
  const large = emptySamples();
  const load = emptySamples();
  const pages: [Workload, number, number, Samples, number][] = [
    ['busy', config.busyRows, o.sessionMs, busy, o.runs.busy],
    ['large', config.largeRows, o.sessionMs, large, o.runs.large],
    ['idle', o.loadRows, o.loadSessionMs, load, o.runs.load],
  ];
  const runs = Math.max(o.runs.busy, o.runs.large, o.runs.load);
  try {
    for (let run = 0; run < runs; run++) {
      const order = VARIANTS.map((_, i) => VARIANTS[(i + run) % VARIANTS.length]!);
      for (const [workload, rows, sessionMs, into, pageRuns] of pages) {
        if (run >= pageRuns) continue;
        for (const variant of order) {
          into[variant][run] = await attempt(ctx, `session, ${workload} page, ${variant}`, () =>
            measureSession(lab, variant, workload, rows, sessionMs),
          );
        }
      }
      ctx.log(`whole sessions: run ${run + 1}/${runs} done`);
    }
  } finally {
    lab.windowMs = windowMs;
    await setSiteAllowed(lab.ext, lab.server.origin, lab.allowed, lab.windowMs);
  }
  return [
    ...rowsFor('busy SPA', busy, o.sessionMs / 1000, true),
    ...rowsFor(`large doc (${(config.largeRows * 3) / 1000}k nodes)`, large, o.sessionMs / 1000, true),
    ...rowsFor(`${(o.loadRows * 2) / 1000}k-element load page`, load, o.loadSessionMs / 1000, false),
    ...loadRows(load, o.loadRows),
  ];
}
