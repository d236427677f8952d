/**
 * Part 5: unit costs of single kinds of work in an otherwise idle page, and checkout costs. The console
 * figures are measured apart, in a browser no devtools client listens to (`console-cost.ts`).
 */
import type { BenchConfig } from './config';
import {
  attempt,
  closePage,
  openVariant,
  scriptTimeOf,
  sleep,
  VARIANTS,
  variantUrl,
  type Lab,
  type PartContext,
  type Variant,
} from './lab';
import { flushTab, tabIdOf } from './extension';
import { median, microsPer } from './stats';
import { longestTasks, recorderScript, startTrace } from './trace';
import type { Row } from './table';

type BenchWindow = {
  __bench: {
    addNodes(n: number): void;
    clearScratch(): void;
    setAttributes(n: number): void;
    setTexts(n: number): void;
    checkout(): number | null;
  };
};

type Kind = 'addNodes' | 'setAttributes' | 'setTexts';
const KINDS: readonly Kind[] = ['addNodes', 'setAttributes', 'setTexts'];

/** Script ms of each kind of work, per variant, every repetition of every run. */
type UnitSamples = Record<Variant, Record<Kind, number[]>>;

async function unitRun(lab: Lab, variant: Variant, config: BenchConfig, into: UnitSamples): Promise<void> {
  const opened = await openVariant(lab, variant, { workload: 'idle', rows: config.unit.rows });
  try {
    await sleep(config.warmupMs);
    // Repro holds changes back (a quarter second) and writes them out in idle time (up to a second
    // later): each kind's window asks the recorder to write out and hand over at once, as the reporter
    // does, so its cost lands in its own window and not in the next kind's.
    const tabId = variant === 'repro' ? await tabIdOf(lab.ext, opened.page) : null;
    const flushRecorder = async () => {
      if (tabId !== null && !(await flushTab(lab.ext, tabId))) throw new Error('the recorder did not flush');
    };
    for (let rep = 0; rep < config.unit.reps; rep++) {
      for (const kind of KINDS) {
        const count = config.unit.count;
        const ms = await scriptTimeOf(
          opened.cdp,
          async () => {
            await opened.page.evaluate(([k, n]) => (window as unknown as BenchWindow).__bench[k](n), [kind, count] as const);
            await flushRecorder();
          },
          config.unit.settleMs,
        );
        into[variant][kind].push(ms);
        if (kind === 'addNodes') {
          await opened.page.evaluate(() => (window as unknown as BenchWindow).__bench.clearScratch());
          await flushRecorder();
          await sleep(config.unit.settleMs);
        }
      }
    }
  } finally {
    await closePage(opened);
  }
}

/** The most the recorder's code took in one task of a load (for bare, the longest task), from a trace of the load. */
async function longestLoadTask(lab: Lab, variant: Variant, config: BenchConfig): Promise<number> {
  const options = { workload: 'idle', rows: config.longTask.rows } as const;
  let trace: Awaited<ReturnType<typeof startTrace>> | null = null;
  const opened = await openVariant(lab, variant, options, {
    measureLoad: true,
    beforeNavigation: async (cdp) => void (trace = await startTrace(cdp)),
  });
  try {
    await sleep(config.longTask.watchMs);
    const traced = trace as Awaited<ReturnType<typeof startTrace>> | null;
    const tasks = traced && longestTasks(await traced.stop(), variantUrl(lab, variant, options), recorderScript(variant));
    if (!tasks) throw new Error('the trace holds no parse of the page');
    return variant === 'bare' ? tasks.longestMs : tasks.longestRecorderMs;
  } finally {
    await closePage(opened);
  }
}

/** Warm full snapshots with the inlined rrweb: one cold call first, then `runs` timed ones. */
async function warmCheckouts(lab: Lab, rows: number, config: BenchConfig): Promise<number[]> {
  const opened = await openVariant(lab, 'rrweb', { workload: 'idle', rows });
  try {
    await sleep(config.warmupMs);
    const checkout = () => opened.page.evaluate(() => (window as unknown as BenchWindow).__bench.checkout());
    await checkout();
    const times: number[] = [];
    for (let i = 0; i < config.runs; i++) {
      const ms = await checkout();
      if (ms !== null) times.push(ms);
    }
    return times;
  } finally {
    await closePage(opened);
  }
}

export async function measureUnits(lab: Lab, config: BenchConfig, ctx: PartContext): Promise<Row[]> {
  const samples = Object.fromEntries(VARIANTS.map((v) => [v, Object.fromEntries(KINDS.map((k) => [k, [] as number[]]))])) as UnitSamples;
  const longTasks: Record<Variant, number[]> = { bare: [], rrweb: [], repro: [] };
  for (let run = 0; run < config.runs; run++) {
    const order = VARIANTS.map((_, i) => VARIANTS[(i + run) % VARIANTS.length]!);
    for (const variant of order) {
      await attempt(ctx, `unit costs, ${variant}`, () => unitRun(lab, variant, config, samples));
      const longest = await attempt(ctx, `long task, ${variant}`, () => longestLoadTask(lab, variant, config));
      if (longest !== null) longTasks[variant].push(longest);
    }
    ctx.log(`unit costs: run ${run + 1}/${config.runs} done`);
  }
  const per = (variant: Variant, kind: Kind) => microsPer(median(samples[variant][kind]), config.unit.count);
  const unitRow = (kind: Kind, measure: string): Row => ({
    part: '5 unit costs',
    measure,
    unit: 'µs',
    bare: per('bare', kind),
    rrweb: per('rrweb', kind),
    repro: per('repro', kind),
    samples: Object.fromEntries(VARIANTS.map((v) => [v, samples[v][kind].map((ms) => (ms * 1000) / config.unit.count)])),
  });
  const rows: Row[] = [
    unitRow('addNodes', 'per added node (rrweb ref. ~23)'),
    unitRow('setAttributes', 'per attribute change (rrweb ref. ~5)'),
    unitRow('setTexts', 'per text change (rrweb ref. ~5)'),
  ];
  for (const checkoutRows of config.checkoutRows) {
    const times = (await attempt(ctx, `checkout, ${checkoutRows * 2} elements`, () => warmCheckouts(lab, checkoutRows, config))) ?? [];
    rows.push({
      part: '5 unit costs',
      measure: `warm checkout, ${(checkoutRows * 2) / 1000}k elements`,
      unit: 'ms',
      digits: 0,
      rrweb: median(times),
      repro: null,
      note: 'Repro: see long task',
    });
    ctx.log(`checkout at ${checkoutRows * 2} elements done`);
  }
  rows.push({
    part: '5 unit costs',
    measure: `most the recorder's code took in one task, ${(config.longTask.rows * 2) / 1000}k-element page load (bare: longest task; trace)`,
    unit: 'ms',
    digits: 0,
    bare: median(longTasks.bare),
    rrweb: median(longTasks.rrweb),
    repro: median(longTasks.repro),
    value: median(longTasks.repro),
    target: { max: 100, label: '≤ 100 ms' },
    samples: longTasks,
  });
  return rows;
}
