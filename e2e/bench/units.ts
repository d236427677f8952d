/** Part 5: unit costs of single kinds of work in an otherwise idle page, and checkout costs. */
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
    /** Milliseconds the calls took by the page's clock. */
    logs(n: number): number;
    checkout(): number | null;
  };
};

type Kind = 'addNodes' | 'setAttributes' | 'setTexts' | 'logs';
const KINDS: readonly Kind[] = ['addNodes', 'setAttributes', 'setTexts', 'logs'];

/** Script ms of each kind of work, per variant, every repetition of every run. */
type UnitSamples = Record<Variant, Record<Kind, number[]>>;
/** Milliseconds the console calls themselves took by the page's clock, per variant. */
type CallSamples = Record<Variant, number[]>;

async function unitRun(lab: Lab, variant: Variant, config: BenchConfig, into: UnitSamples, calls: CallSamples): Promise<void> {
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
        // rrweb's record() at its defaults has no console capture; its console row would only repeat "bare".
        if (kind === 'logs' && variant === 'rrweb') continue;
        const count = kind === 'logs' ? config.unit.logs : config.unit.count;
        let returned: unknown;
        const ms = await scriptTimeOf(
          opened.cdp,
          async () => {
            returned = await opened.page.evaluate(([k, n]) => (window as unknown as BenchWindow).__bench[k](n), [kind, count] as const);
            await flushRecorder();
          },
          config.unit.settleMs,
        );
        into[variant][kind].push(ms);
        if (kind === 'logs' && typeof returned === 'number') calls[variant].push(returned);
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
  const calls: CallSamples = { bare: [], rrweb: [], repro: [] };
  for (let run = 0; run < config.runs; run++) {
    const order = VARIANTS.map((_, i) => VARIANTS[(i + run) % VARIANTS.length]!);
    for (const variant of order) {
      await attempt(ctx, `unit costs, ${variant}`, () => unitRun(lab, variant, config, samples, calls));
      const longest = await attempt(ctx, `long task, ${variant}`, () => longestLoadTask(lab, variant, config));
      if (longest !== null) longTasks[variant].push(longest);
    }
    ctx.log(`unit costs: run ${run + 1}/${config.runs} done`);
  }
  const countOf = (kind: Kind) => (kind === 'logs' ? config.unit.logs : config.unit.count);
  const per = (variant: Variant, kind: Kind) => microsPer(median(samples[variant][kind]), countOf(kind));
  const unitRow = (kind: Kind, measure: string, extra: Partial<Row> = {}): Row => ({
    part: '5 unit costs',
    measure,
    unit: 'µs',
    bare: per('bare', kind),
    rrweb: kind === 'logs' ? undefined : per('rrweb', kind),
    repro: per('repro', kind),
    samples: Object.fromEntries(VARIANTS.map((v) => [v, samples[v][kind].map((ms) => (ms * 1000) / countOf(kind))])),
    ...extra,
  });
  const logBare = per('bare', 'logs');
  const logRepro = per('repro', 'logs');
  const callBare = microsPer(median(calls.bare), config.unit.logs);
  const callRepro = microsPer(median(calls.repro), config.unit.logs);
  const known = (...figures: (number | null)[]) => figures.every((f) => f !== null);
  const rows: Row[] = [
    unitRow('addNodes', 'per added node (rrweb ref. ~23)'),
    unitRow('setAttributes', 'per attribute change (rrweb ref. ~5)'),
    unitRow('setTexts', 'per text change (rrweb ref. ~5)'),
    unitRow('logs', 'per console.log: script after the calls'),
    {
      part: '5 unit costs',
      // Playwright's own devtools session listens to the console, so Chromium reports every call to it:
      // that makes each call cost far more than with no devtools client (see docs/performance.md).
      measure: 'per console.log: the call itself, page clock, devtools attached',
      unit: 'µs',
      bare: callBare,
      repro: callRepro,
      samples: {
        bare: calls.bare.map((ms) => (ms * 1000) / config.unit.logs),
        repro: calls.repro.map((ms) => (ms * 1000) / config.unit.logs),
      },
    },
    {
      part: '5 unit costs',
      measure: 'per console.log, added by Repro, devtools attached (call + after)',
      unit: 'µs',
      value: known(logBare, logRepro, callBare, callRepro) ? logRepro! - logBare! + (callRepro! - callBare!) : null,
      target: { max: 20, label: '≤ 20 µs' },
    },
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
