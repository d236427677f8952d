import { expect, it } from 'vitest';
import { normalizeHar } from './data';
import { sampleConsole, sampleEvents, sampleHar, sampleReport } from './sample';
import { ViewerState } from './viewer-state.svelte';

const state = () =>
  new ViewerState({
    report: sampleReport(),
    events: sampleEvents(),
    console: sampleConsole(),
    har: normalizeHar(sampleHar()),
    screenshotUrl: null,
  });

it('seeks the replay to an entry and selects it in its tab', () => {
  const viewer = state();
  const seeks: number[] = [];
  viewer.attachSeeker((o) => seeks.push(o));
  viewer.open('network', 1);
  expect([viewer.tab, viewer.selectedRequest, viewer.offset]).toEqual(['network', 1, 4_100]);
  viewer.open('console', 0);
  expect([viewer.tab, viewer.selectedConsole, viewer.offset]).toEqual(['console', 0, 500]);
  viewer.open('page', 1);
  // Just past the page's full snapshot: a seek applies only the events before it.
  expect(seeks).toEqual([4_100, 500, 3_002]);
  expect(viewer.url).toBe('https://shop.test/cart');
});

it('puts recorded actions on the clock: a mark each, a click seeks, playback marks the current one', () => {
  const viewer = state();
  expect(viewer.marks.filter((m) => m.kind === 'step').map((m) => [m.offset, m.label])).toEqual([
    [1_000, 'Click "Add to cart"'],
    [2_900, 'Click "Cart"'],
  ]);
  const seeks: number[] = [];
  viewer.attachSeeker((o) => seeks.push(o));
  viewer.open('step', 1);
  expect([viewer.tab, seeks]).toEqual(['steps', [2_900]]);
  viewer.offset = 1_500;
  expect(viewer.currentAction).toBe(0);
  // A report made before actions were recorded opens the same, without them.
  const older = sampleReport();
  delete older.recording.actions;
  expect(new ViewerState({ report: older, events: sampleEvents(), console: null, har: null, screenshotUrl: null }).actions).toEqual([]);
});

it('follows playback: the current entry is the last one reached', () => {
  const viewer = state();
  viewer.offset = 0;
  expect([viewer.currentConsole, viewer.currentRequest]).toEqual([-1, -1]);
  viewer.offset = 3_500;
  expect([viewer.currentConsole, viewer.currentRequest]).toEqual([0, 0]);
  viewer.offset = 6_000;
  expect([viewer.currentConsole, viewer.currentRequest]).toEqual([1, 1]);
});

it('filters through its own state, and clamps seeks to the replay', () => {
  const viewer = state();
  viewer.toggleLevel('info');
  expect(viewer.consoleRows).toEqual([1]);
  viewer.networkFailedOnly = true;
  expect(viewer.networkRows).toEqual([1]);
  viewer.seek(99_999);
  expect(viewer.offset).toBe(6_000);
});

it('shows the network first when there is no console, and has no replay for a single event', () => {
  const viewer = new ViewerState({
    report: sampleReport(),
    events: sampleEvents().slice(0, 1),
    console: [],
    har: normalizeHar(sampleHar()),
    screenshotUrl: null,
  });
  expect(viewer.tab).toBe('network');
  expect(viewer.replayable).toBe(false);
  expect(viewer.currentRequest).toBe(-1);
});
