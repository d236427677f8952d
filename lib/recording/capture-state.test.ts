import { expect, it } from 'vitest';
import { CaptureState } from './capture-state.svelte';
import type { TabStatus } from './status';

function status(recording: boolean, windowStart: number | null, windowEnd: number | null): TabStatus {
  return {
    tabId: 1,
    url: 'https://shop.test/',
    decision: 'record',
    contentScript: true,
    recording,
    captured: { events: 10, consoleErrors: 0, windowStart, windowEnd },
  } as TabStatus;
}

it('counts a live recording up to now, even when the page has been quiet since its last event', () => {
  const state = new CaptureState(1);
  state.status = status(true, 1_000, 2_000);
  state.now = 96_000;
  expect(state.covered).toBe('1:35');
});

it('counts a stopped recording from its first to its last event', () => {
  const state = new CaptureState(1);
  state.status = status(false, 1_000, 31_000);
  state.now = 500_000;
  expect(state.covered).toBe('0:30');
});

it('has nothing to say when nothing is kept', () => {
  const state = new CaptureState(1);
  state.status = status(true, null, null);
  expect(state.covered).toBeNull();
});
