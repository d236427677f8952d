/**
 * Part 5's console figures: what a `console.log` costs a page with DevTools closed, bare and recorded
 * by Repro. Measured in a Chromium of its own (`raw-cdp.ts`) that no devtools client listens to: in
 * the benchmark's Playwright browser every call is reported to Playwright's session, which costs each
 * call more than anything Repro does and varies with it (see docs/performance.md).
 */
import { rmSync } from 'node:fs';
import type { BenchConfig } from './config';
import { launchWithExtension } from '../harness/chromium';
import { setSiteAllowed } from './extension';
import { metrics, sleep, startBenchServer, type MetricsReply, type PartContext } from './lab';
import { pagePath } from './pages';
import { launchPlainChromium, type RawCdp } from './raw-cdp';
import { median } from './stats';
import type { Row } from './table';

type Variant = 'bare' | 'repro';

/** µs per call, every repetition: the calls themselves (page clock) and the script time they left for later. */
export interface ConsoleSamples {
  call: Record<Variant, number[]>;
  after: Record<Variant, number[]>;
}

/** Long enough for Repro to hand the entries over: they go with the next batch, at most a second later. */
const SETTLE_MS = 1_500;

async function scriptSeconds(cdp: RawCdp, sessionId: string): Promise<number> {
  return (await metrics(() => cdp.send<MetricsReply>('Performance.getMetrics', {}, sessionId))).ScriptDuration ?? 0;
}

async function samplePage(cdp: RawCdp, url: string, variant: Variant, config: BenchConfig, into: ConsoleSamples): Promise<void> {
  const { targetId } = await cdp.send<{ targetId: string }>('Target.createTarget', { url });
  try {
    const { sessionId } = await cdp.send<{ sessionId: string }>('Target.attachToTarget', { targetId, flatten: true });
    // Runtime.evaluate needs no Runtime.enable, which would make the page report its console to us.
    const evaluate = async (expression: string): Promise<unknown> => {
      const reply = await cdp.send<{ result: { value?: unknown }; exceptionDetails?: { text: string } }>(
        'Runtime.evaluate',
        { expression, returnByValue: true, awaitPromise: true },
        sessionId,
      );
      if (reply.exceptionDetails) throw new Error(`the console probe page threw: ${reply.exceptionDetails.text}`);
      return reply.result.value;
    };
    for (let waited = 0; !(await evaluate(`document.readyState === 'complete' && !!window.__bench`)); waited += 100) {
      if (waited > 60_000) throw new Error('the console probe page did not load within 60 s');
      await sleep(100);
    }
    await sleep(config.warmupMs);
    // Repro's console hook is a wrapper in the page's world: a native console.log means it is not recording.
    const hooked = !(await evaluate(`Function.prototype.toString.call(console.log).includes('[native code]')`));
    if (hooked !== (variant === 'repro')) throw new Error(`the ${variant} page's console.log is ${hooked ? '' : 'not '}hooked`);
    await cdp.send('Performance.enable', {}, sessionId);
    const n = config.unit.logs;
    for (let rep = 0; rep < config.unit.reps; rep++) {
      const before = await scriptSeconds(cdp, sessionId);
      const callMs = Number(await evaluate(`window.__bench.logs(${n})`));
      await sleep(SETTLE_MS);
      const after = await scriptSeconds(cdp, sessionId);
      into.call[variant].push((callMs * 1000) / n);
      // The evaluate that makes the calls is the devtools client's, not counted in the page's script time.
      into.after[variant].push(((after - before) * 1e6) / n);
    }
  } finally {
    await cdp.send('Target.closeTarget', { targetId }).catch(() => undefined);
  }
}

/** Interleaved runs of 1,000 calls a repetition, on a page Repro records and on one it does not. */
export async function measureConsole(extensionDir: string, config: BenchConfig, ctx: PartContext): Promise<Row[]> {
  const recorded = await startBenchServer();
  const unrecorded = await startBenchServer();
  // The profile is prepared with Playwright (the site allowed), which then lets go of it.
  const prepared = await launchWithExtension(extensionDir);
  const samples: ConsoleSamples = { call: { bare: [], repro: [] }, after: { bare: [], repro: [] } };
  try {
    await setSiteAllowed(prepared, recorded.origin, true, config.session.rollingWindowMs);
    await prepared.context.close();
    const browser = await launchPlainChromium(prepared.userDataDir, extensionDir);
    try {
      const path = pagePath({ workload: 'idle', rows: config.unit.rows, rrweb: false });
      for (let run = 0; run < config.runs; run++) {
        const order: Variant[] = run % 2 === 0 ? ['bare', 'repro'] : ['repro', 'bare'];
        for (const variant of order) {
          const server = variant === 'repro' ? recorded : unrecorded;
          await samplePage(browser.cdp, server.url(path), variant, config, samples);
        }
        ctx.log(`console without devtools: run ${run + 1}/${config.runs} done`);
      }
    } finally {
      await browser.close();
    }
  } finally {
    // Closes the (already closed) context and removes the profile.
    await prepared.close().catch(() => rmSync(prepared.userDataDir, { recursive: true, force: true }));
    await recorded.close();
    await unrecorded.close();
  }
  return consoleRows(samples);
}

/** The console rows: the calls, the work left for later, and what Repro adds in all (its target). */
export function consoleRows(samples: ConsoleSamples): Row[] {
  const figure = (kind: keyof ConsoleSamples, variant: Variant) => median(samples[kind][variant]);
  const row = (kind: keyof ConsoleSamples, measure: string): Row => ({
    part: '5 unit costs',
    measure,
    unit: 'µs',
    bare: figure(kind, 'bare'),
    repro: figure(kind, 'repro'),
    samples: samples[kind],
  });
  const parts = [figure('call', 'bare'), figure('call', 'repro'), figure('after', 'bare'), figure('after', 'repro')];
  const [callBare, callRepro, afterBare, afterRepro] = parts;
  return [
    row('call', 'per console.log: the call itself, page clock, no devtools listening'),
    row('after', 'per console.log: script after the calls, no devtools listening'),
    {
      part: '5 unit costs',
      measure: 'per console.log, added by Repro (call + after), no devtools listening',
      unit: 'µs',
      value: parts.every((p) => p !== null) ? callRepro! - callBare! + (afterRepro! - afterBare!) : null,
      target: { max: 20, label: '≤ 20 µs' },
    },
  ];
}
