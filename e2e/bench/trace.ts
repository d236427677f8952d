/**
 * The longest tasks of a page load, from a Chromium trace. The page's own long-task timing cannot be
 * used for this: it reports only tasks that ran after its observer was registered, so the task that
 * evaluates content scripts at `document_start` (before any page script) never shows, and it leaves
 * out rendering tasks without script, so whether the first layout of a big page counts depends on
 * where a frame callback fell. The trace sees every task on the page's main thread.
 */
import type { CDPSession } from '@playwright/test';
import { PAGE_SCRIPT_NAME } from '../../lib/build/page-script-name';
import type { Variant } from './lab';

export interface TraceEvent {
  name: string;
  ph: string;
  pid: number;
  tid: number;
  ts: number;
  dur?: number;
  args?: { data?: { url?: string }; beginData?: { url?: string } };
}

/** Categories with every main-thread task and the scripts run in them. */
const CATEGORIES = 'toplevel,devtools.timeline';
/** Top-level task events, by the names Chromium versions give them. */
const TASK_NAMES = new Set(['ThreadControllerImpl::RunTask', 'RunTask']);
/** Events that name the script they run. */
const SCRIPT_EVENTS = new Set(['EvaluateScript', 'FunctionCall', 'v8.compile', 'TimerFire', 'FireIdleCallback', 'FireAnimationFrame']);

export interface LoadTasks {
  /** The longest task on the page's main thread, whatever ran in it (ms). */
  longestMs: number;
  /**
   * The most time scripts matching `isRecorder` took within one task (ms; 0 when none ran): their
   * evaluation and calls, with what they caused inside them (a forced layout, a collection), summed over
   * the task. The rest of that task (the page's parse, its rendering) is not counted.
   */
  longestRecorderMs: number;
}

/**
 * The longest tasks on the main thread of the renderer that parsed `pageUrl` (its first `ParseHTML`):
 * the longest of all, and the most time the recorder's scripts (`isRecorder` of their URL) took in one.
 */
export function longestTasks(events: readonly TraceEvent[], pageUrl: string, isRecorder: (url: string) => boolean): LoadTasks | null {
  const parse = events.find((e) => e.name === 'ParseHTML' && e.args?.beginData?.url === pageUrl);
  if (!parse) return null;
  const onMain = (e: TraceEvent) => e.pid === parse.pid && e.tid === parse.tid && e.ph === 'X' && e.dur !== undefined;
  const tasks = events.filter((e) => onMain(e) && TASK_NAMES.has(e.name)).sort((a, b) => a.ts - b.ts);
  // Outermost runs of the recorder's scripts: one nested in another is counted once.
  const runs = events
    .filter((e) => onMain(e) && SCRIPT_EVENTS.has(e.name) && isRecorder(e.args?.data?.url ?? ''))
    .sort((a, b) => a.ts - b.ts);
  const outermost: TraceEvent[] = [];
  for (const run of runs) {
    const last = outermost[outermost.length - 1];
    if (!last || run.ts >= last.ts + last.dur!) outermost.push(run);
  }
  let longestMs = 0;
  let longestRecorderMs = 0;
  let next = 0;
  for (const task of tasks) {
    longestMs = Math.max(longestMs, task.dur! / 1000);
    while (next < outermost.length && outermost[next]!.ts < task.ts) next++;
    let inTask = 0;
    for (; next < outermost.length && outermost[next]!.ts <= task.ts + task.dur!; next++) inTask += outermost[next]!.dur!;
    longestRecorderMs = Math.max(longestRecorderMs, inTask / 1000);
  }
  return { longestMs, longestRecorderMs };
}

/**
 * Which scripts are the recorder's in a variant's trace: the extension's (the page-world script's calls
 * go by its own name, `lib/build/page-script-name.ts`), or rrweb's bundle (none when bare).
 */
export function recorderScript(variant: Variant): (url: string) => boolean {
  if (variant === 'repro') return (url) => url.startsWith('chrome-extension://') || url === PAGE_SCRIPT_NAME;
  if (variant === 'rrweb') return (url) => url.endsWith('/rrweb.js');
  return () => false;
}

/** Starts tracing the page's tasks; `stop` ends it and gives the events. */
export async function startTrace(cdp: CDPSession): Promise<{ stop(): Promise<TraceEvent[]> }> {
  const events: TraceEvent[] = [];
  cdp.on('Tracing.dataCollected', (batch) => events.push(...(batch.value as unknown as TraceEvent[])));
  await cdp.send('Tracing.start', { categories: CATEGORIES, transferMode: 'ReportEvents' });
  return {
    async stop() {
      const complete = new Promise<void>((resolve) => cdp.once('Tracing.tracingComplete', () => resolve()));
      await cdp.send('Tracing.end');
      await complete;
      return events;
    },
  };
}
