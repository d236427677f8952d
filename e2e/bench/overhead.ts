/** Part 1: what recording costs a busy page and a large one, bare vs rrweb alone vs Repro, interleaved. */
import type { BenchConfig } from './config';
import { attempt, closePage, heapAfterGc, metrics, openVariant, sleep, VARIANTS, type Lab, type PartContext, type Variant } from './lab';
import { median, overheadRatio } from './stats';
import type { Row } from './table';

interface WindowSample {
  scriptMsPerS: number;
  fps: number;
  scriptMsPerFrame: number;
  heapBytes: number;
}

type Samples = Record<Variant, WindowSample[]>;

const emptySamples = (): Samples => ({ bare: [], rrweb: [], repro: [] });

async function measureWindow(lab: Lab, variant: Variant, workload: 'busy' | 'large', rows: number, config: BenchConfig): Promise<WindowSample> {
  const opened = await openVariant(lab, variant, { workload, rows });
  try {
    await sleep(config.warmupMs);
    const frames = () => opened.page.evaluate(() => (window as unknown as { __bench: { frames: number } }).__bench.frames);
    const m0 = await metrics(opened.cdp);
    const f0 = await frames();
    await sleep(config.windowMs);
    const m1 = await metrics(opened.cdp);
    const f1 = await frames();
    const seconds = (m1.Timestamp ?? 0) - (m0.Timestamp ?? 0);
    const scriptMs = ((m1.ScriptDuration ?? 0) - (m0.ScriptDuration ?? 0)) * 1000;
    const frameCount = Math.max(1, f1 - f0);
    return {
      scriptMsPerS: scriptMs / seconds,
      fps: (f1 - f0) / seconds,
      // Work per frame is fixed by the page, so script time per frame cannot look better by dropping frames.
      scriptMsPerFrame: scriptMs / frameCount,
      heapBytes: await heapAfterGc(opened.cdp),
    };
  } finally {
    await closePage(opened);
  }
}

const pick = (samples: WindowSample[], key: keyof WindowSample) => median(samples.map((s) => s[key]));

function rowsFor(label: string, samples: Samples): Row[] {
  const get = (key: keyof WindowSample) => ({
    bare: pick(samples.bare, key),
    rrweb: pick(samples.rrweb, key),
    repro: pick(samples.repro, key),
  });
  const all = (key: keyof WindowSample) => ({
    samples: { bare: samples.bare.map((s) => s[key]), rrweb: samples.rrweb.map((s) => s[key]), repro: samples.repro.map((s) => s[key]) },
  });
  const perFrame = get('scriptMsPerFrame');
  const heap = get('heapBytes');
  const mb = (v: number | null) => (v === null ? null : v / 1e6);
  return [
    { part: '1 overhead', measure: `${label}: main-thread script`, unit: 'ms/s', ...get('scriptMsPerS'), ...all('scriptMsPerS') },
    { part: '1 overhead', measure: `${label}: script per frame`, unit: 'ms', digits: 2, ...perFrame, ...all('scriptMsPerFrame') },
    { part: '1 overhead', measure: `${label}: frames`, unit: 'fps', ...get('fps'), ...all('fps') },
    { part: '1 overhead', measure: `${label}: JS heap after window`, unit: 'MB', bare: mb(heap.bare), rrweb: mb(heap.rrweb), repro: mb(heap.repro) },
    {
      part: '1 overhead',
      measure: `${label}: (Repro−bare)/(rrweb−bare)`,
      unit: '',
      digits: 2,
      value: overheadRatio(perFrame.bare, perFrame.rrweb, perFrame.repro),
      target: { max: 1.0, label: '≤ 1.0 (aim 0.5)' },
    },
  ];
}

/** Runs every variant of both pages `config.runs` times, rotating the order each run. */
export async function measureOverhead(lab: Lab, config: BenchConfig, ctx: PartContext): Promise<Row[]> {
  const busy = emptySamples();
  const large = emptySamples();
  for (let run = 0; run < config.runs; run++) {
    const order = VARIANTS.map((_, i) => VARIANTS[(i + run) % VARIANTS.length]!);
    for (const variant of order) {
      for (const [workload, rows, into] of [['busy', config.busyRows, busy], ['large', config.largeRows, large]] as const) {
        const sample = await attempt(ctx, `overhead, ${workload} page, ${variant}`, () =>
          measureWindow(lab, variant, workload, rows, config),
        );
        if (sample) into[variant].push(sample);
      }
    }
    ctx.log(`overhead: run ${run + 1}/${config.runs} done`);
  }
  return [
    ...rowsFor('busy SPA', busy),
    ...rowsFor(`large doc (${(config.largeRows * 3) / 1000}k nodes)`, large),
  ];
}
