/**
 * Part 1: what recording costs a busy page and a large one, bare vs rrweb alone vs Repro, interleaved.
 * The pages change at a fixed rate whatever their frame rate (see `pages/bench-page.js`), so every
 * variant does the same work each second and main-thread script time per second compares them. The
 * ratio is taken per run, from the three variants measured one after the other, and its median
 * printed: this machine's speed drifts over minutes (the frame rate of one page moves between 13 and
 * 28 fps from one run to the next), and a ratio of medians taken from different minutes carries that.
 */
import type { BenchConfig } from './config';
import { recordingGapsIn, tabIdOf } from './extension';
import { attempt, closePage, heapAfterGc, metrics, openVariant, sleep, VARIANTS, type Lab, type PartContext, type Variant } from './lab';
import { median, pairedRatios } from './stats';
import type { Row } from './table';

interface WindowSample {
  scriptMsPerS: number;
  fps: number;
  /** Page changes made per second (ticks of the workload, each what a 60 fps page does in a frame). */
  ticksPerS: number;
  /** Ticks the page skipped because its frames were too slow to run them all. */
  skipped: number;
  heapBytes: number;
  /** Recording gaps Repro stored in the window (0 for the other variants): its figure then measures less than recording. */
  gaps: number;
}

/** One sample per variant per run (null where the measurement failed), so runs stay paired. */
type Samples = Record<Variant, (WindowSample | null)[]>;

const emptySamples = (): Samples => ({ bare: [], rrweb: [], repro: [] });

interface BenchWindow {
  __bench: { frames: number; ticks: number; skipped: number };
}

async function measureWindow(lab: Lab, variant: Variant, workload: 'busy' | 'large', rows: number, config: BenchConfig): Promise<WindowSample> {
  const opened = await openVariant(lab, variant, { workload, rows });
  try {
    await sleep(config.warmupMs);
    const counts = () => opened.page.evaluate(() => {
      const b = (window as unknown as BenchWindow).__bench;
      return { frames: b.frames, ticks: b.ticks, skipped: b.skipped };
    });
    const m0 = await metrics(opened.cdp);
    const c0 = await counts();
    const from = Date.now();
    await sleep(config.windowMs);
    const m1 = await metrics(opened.cdp);
    const c1 = await counts();
    const to = Date.now();
    const gaps = variant === 'repro' ? await recordingGapsIn(lab.ext, await tabIdOf(lab.ext, opened.page), from, to) : 0;
    const seconds = (m1.Timestamp ?? 0) - (m0.Timestamp ?? 0);
    const scriptMs = ((m1.ScriptDuration ?? 0) - (m0.ScriptDuration ?? 0)) * 1000;
    return {
      scriptMsPerS: scriptMs / seconds,
      fps: (c1.frames - c0.frames) / seconds,
      ticksPerS: (c1.ticks - c0.ticks) / seconds,
      skipped: c1.skipped - c0.skipped,
      heapBytes: await heapAfterGc(opened.cdp),
      gaps,
    };
  } finally {
    await closePage(opened);
  }
}

const present = (samples: (WindowSample | null)[]) => samples.filter((s): s is WindowSample => s !== null);
const pick = (samples: (WindowSample | null)[], key: keyof WindowSample) => median(present(samples).map((s) => s[key]));

function rowsFor(label: string, samples: Samples): Row[] {
  const get = (key: keyof WindowSample) => ({
    bare: pick(samples.bare, key),
    rrweb: pick(samples.rrweb, key),
    repro: pick(samples.repro, key),
  });
  const all = (key: keyof WindowSample) => ({
    samples: { bare: present(samples.bare).map((s) => s[key]), rrweb: present(samples.rrweb).map((s) => s[key]), repro: present(samples.repro).map((s) => s[key]) },
  });
  const heap = get('heapBytes');
  const mb = (v: number | null) => (v === null ? null : v / 1e6);
  // A run where Repro stepped back in the window measured less than recording: left out of the ratio.
  const stepped = samples.repro.filter((s) => s !== null && s.gaps > 0).length;
  const script = (v: Variant) => samples[v].map((s, run) => (samples.repro[run]?.gaps ? null : (s?.scriptMsPerS ?? null)));
  const ratios = pairedRatios(script('bare'), script('rrweb'), script('repro'));
  const leftOut = stepped ? ` (${stepped} left out: Repro stepped back in the window)` : '';
  const skipped = VARIANTS.reduce((n, v) => n + present(samples[v]).reduce((m, s) => m + s.skipped, 0), 0);
  return [
    { part: '1 overhead', measure: `${label}: main-thread script`, unit: 'ms/s', ...get('scriptMsPerS'), ...all('scriptMsPerS') },
    { part: '1 overhead', measure: `${label}: page changes (ticks)`, unit: '/s', ...get('ticksPerS'), ...all('ticksPerS'), ...(skipped ? { note: `${skipped} ticks skipped` } : {}) },
    { part: '1 overhead', measure: `${label}: frames`, unit: 'fps', ...get('fps'), ...all('fps') },
    { part: '1 overhead', measure: `${label}: JS heap after window`, unit: 'MB', bare: mb(heap.bare), rrweb: mb(heap.rrweb), repro: mb(heap.repro) },
    {
      part: '1 overhead',
      measure: `${label}: (Repro−bare)/(rrweb−bare), median of ${ratios.length} runs${leftOut}`,
      unit: '',
      digits: 2,
      value: median(ratios),
      target: { max: 1.0, label: '≤ 1.0 (aim 0.5)' },
      samples: { repro: ratios },
    },
  ];
}

/** Runs every variant of both pages `config.runs` times, rotating the order each run. */
export async function measureOverhead(lab: Lab, config: BenchConfig, ctx: PartContext): Promise<Row[]> {
  const busy = emptySamples();
  const large = emptySamples();
  for (let run = 0; run < config.runs; run++) {
    const order = VARIANTS.map((_, i) => VARIANTS[(i + run) % VARIANTS.length]!);
    for (const [workload, rows, into] of [['busy', config.busyRows, busy], ['large', config.largeRows, large]] as const) {
      // The three variants of one page one after the other, so each run's ratio comes from one stretch of time.
      for (const variant of order) {
        const sample = await attempt(ctx, `overhead, ${workload} page, ${variant}`, () =>
          measureWindow(lab, variant, workload, rows, config),
        );
        into[variant][run] = sample;
      }
    }
    ctx.log(`overhead: run ${run + 1}/${config.runs} done`);
  }
  return [
    ...rowsFor('busy SPA', busy),
    ...rowsFor(`large doc (${(config.largeRows * 3) / 1000}k nodes)`, large),
  ];
}
