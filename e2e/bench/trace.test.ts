import { describe, expect, it } from 'vitest';
import { longestTasks, recorderScript, type TraceEvent } from './trace';

const PAGE = 'http://127.0.0.1:1/page?rows=5000';
const EXT = 'chrome-extension://abc/content-scripts/recorder-main.js';
const main = { pid: 1, tid: 7 };
const task = (ts: number, ms: number): TraceEvent => ({ name: 'ThreadControllerImpl::RunTask', ph: 'X', ...main, ts, dur: ms * 1000 });
const script = (name: string, ts: number, url: string, ms = 0.01): TraceEvent => ({
  name,
  ph: 'X',
  ...main,
  ts,
  dur: ms * 1000,
  args: { data: { url } },
});
const parse: TraceEvent = { name: 'ParseHTML', ph: 'X', ...main, ts: 1_000, dur: 1_000, args: { beginData: { url: PAGE } } };
const isExtension = (url: string) => url.startsWith('chrome-extension://');

describe('longest tasks of a load, from a trace', () => {
  it("takes every task on the page thread, rendering included, and the recorder's own time in one task", () => {
    const events = [
      parse,
      // The parse task: two content scripts evaluated (one calling into itself), then the page's parse.
      task(0, 60),
      script('EvaluateScript', 500, EXT, 12),
      script('FunctionCall', 600, EXT, 5), // inside the evaluation: counted once
      script('EvaluateScript', 13_000, EXT, 20),
      task(100_000, 210), // the first layout: no script at all
      task(400_000, 150), // a page task the recorder only touched
      script('FunctionCall', 410_000, EXT, 3),
      task(600_000, 45),
      script('FunctionCall', 610_000, 'http://127.0.0.1:1/bench-page.js', 40),
    ];
    expect(longestTasks(events, PAGE, isExtension)).toEqual({ longestMs: 210, longestRecorderMs: 32 });
  });
  it('ignores other threads and processes, and says 0 when the recorder never ran', () => {
    const events = [parse, task(0, 20), { ...task(0, 900), tid: 8 }, { ...script('EvaluateScript', 10, EXT), pid: 2 }];
    expect(longestTasks(events, PAGE, isExtension)).toEqual({ longestMs: 20, longestRecorderMs: 0 });
  });
  it('is null when the page was never parsed in the trace', () => {
    expect(longestTasks([task(0, 20)], PAGE, isExtension)).toBeNull();
  });
});

describe("the recorder's scripts in a trace", () => {
  it("counts Repro's content scripts, the page-world one by the name its calls go by, and rrweb's bundle", () => {
    const repro = recorderScript('repro');
    expect(repro(EXT)).toBe(true);
    expect(repro('repro-page-recorder.js')).toBe(true);
    expect(repro('http://127.0.0.1:1/bench-page.js')).toBe(false);
    expect(recorderScript('rrweb')('http://127.0.0.1:1/rrweb.js')).toBe(true);
    expect(recorderScript('rrweb')('repro-page-recorder.js')).toBe(false);
    expect(recorderScript('bare')(EXT)).toBe(false);
  });
});
