import { beforeEach, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { networkTabs } from './session';
import { TabStates } from './tab-states';

beforeEach(() => fakeBrowser.reset());

it('knows at start which tabs storage says are captured or listed', async () => {
  await networkTabs.setValue({
    '1': { attached: true, detachReason: null, userDetached: false },
    '2': { attached: false, detachReason: 'x', userDetached: true, fallback: true },
  });
  const states = new TabStates();
  await states.loaded;
  expect([states.isAttached(1), states.isFallback(1), states.isAttached(2), states.isFallback(2)]).toEqual([true, false, false, true]);
});

it('applies concurrent changes one after another, none lost, with defaults for a new tab', async () => {
  const states = new TabStates();
  await Promise.all([states.set(1, { attached: true }), states.set(2, { fallback: true }), states.set(1, { detachReason: 'bar closed' })]);
  expect(await states.all()).toEqual({
    '1': { attached: true, detachReason: 'bar closed', userDetached: false },
    '2': { attached: false, detachReason: null, userDetached: false, fallback: true },
  });
  expect(states.isAttached(1)).toBe(true);
  expect(states.isFallback(2)).toBe(true);
  await states.set(1, null);
  expect(await states.get(1)).toBeUndefined();
  expect(states.isAttached(1)).toBe(false);
});
