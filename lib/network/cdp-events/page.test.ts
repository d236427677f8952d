import { expect, it } from 'vitest';
import { emptyLogState, startPage, type LogOptions, type LogOutput, type LogState } from '../log-state';
import { noExtraRules } from '../../redact';
import type { EventHandler } from './context';
import { domContentEventFired, frameNavigated, loadEventFired } from './page';

const options: LogOptions = { rules: noExtraRules, noBodyUrls: [], maxMessages: 3, maxMessageBytes: 16 };

function run(handler: EventHandler, state: LogState, params: Record<string, unknown>): LogOutput {
  const out: LogOutput = { finished: [], pages: [] };
  handler({ state, params, options, out, id: '', req: undefined });
  return out;
}

it('times the current page from its start to DOMContentLoaded and load', () => {
  const state = emptyLogState('F');
  startPage(state, 'L', 'https://app.test/', 1_000, 10);
  expect(run(domContentEventFired, state, { timestamp: 10.25 }).pages.map((p) => p.onContentLoad)).toEqual([250]);
  expect(run(loadEventFired, state, { timestamp: 10.5 }).pages.map((p) => [p.onContentLoad, p.onLoad])).toEqual([[250, 500]]);
});

it('leaves a page adopted at attach time untimed (it has no protocol clock)', () => {
  const state = emptyLogState('F');
  startPage(state, '', 'https://app.test/', 1_000, 0);
  expect(run(loadEventFired, state, { timestamp: 5 }).pages).toEqual([]);
  expect(run(loadEventFired, emptyLogState(), { timestamp: 5 }).pages).toEqual([]);
});

it('takes the id of the top frame that navigated, not of a child frame', () => {
  const state = emptyLogState('OLD');
  run(frameNavigated, state, { frame: { id: 'CHILD', parentId: 'OLD' } });
  expect(state.mainFrameId).toBe('OLD');
  run(frameNavigated, state, { frame: { id: 'NEW' } });
  expect(state.mainFrameId).toBe('NEW');
});
