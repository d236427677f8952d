import { expect, it } from 'vitest';
import { defaultNetworkSettings } from '../settings/network';
import { createReconciler, planTabs, type PlanInput } from './reconciler';

const URL_ = 'http://127.0.0.1:8000/';
const rec = { url: URL_, mode: 'rolling' as const, since: 0 };
const state = (patch: object) => ({ attached: false, detachReason: null, userDetached: false, ...patch });
const base: PlanInput = { recording: {}, states: {}, settings: defaultNetworkSettings, canCapture: true, live: () => false };

it('captures a recording tab, lists it where no bodies can be captured, and leaves a live session alone', () => {
  expect(planTabs({ ...base, recording: { 1: rec } })).toEqual([{ tabId: 1, action: 'attach' }]);
  expect(planTabs({ ...base, recording: { 1: rec }, canCapture: false })).toEqual([{ tabId: 1, action: 'list' }]);
  expect(planTabs({ ...base, recording: { 1: rec }, canCapture: false, states: { 1: state({ fallback: true }) } })).toEqual([]);
  expect(planTabs({ ...base, recording: { 1: rec }, states: { 1: state({ attached: true }) }, live: () => true })).toEqual([]);
  // Stored as attached, but this (restarted) worker holds no session: attach again.
  expect(planTabs({ ...base, recording: { 1: rec }, states: { 1: state({ attached: true }) } })).toEqual([{ tabId: 1, action: 'attach' }]);
});

it('stops capture when recording stops or the site is switched off', () => {
  expect(planTabs({ ...base, states: { 1: state({ attached: true }) } })).toEqual([{ tabId: 1, action: 'detach' }]);
  const off = { ...defaultNetworkSettings, disabledOrigins: ['http://127.0.0.1:8000'] };
  expect(planTabs({ ...base, recording: { 1: rec }, settings: off, states: { 1: state({ attached: true }) } })).toEqual([
    { tabId: 1, action: 'detach' },
  ]);
  expect(planTabs({ ...base, states: { 1: state({}) } })).toEqual([]);
});

it('keeps listing a recording tab whose debugging bar the tester dismissed, until the next load', () => {
  const dismissed = { 1: state({ userDetached: true, fallback: true }) };
  expect(planTabs({ ...base, recording: { 1: rec }, states: dismissed })).toEqual([]);
  expect(planTabs({ ...base, states: dismissed })).toEqual([{ tabId: 1, action: 'detach' }]);
});

it('runs one pass at a time and goes on after a failed one', async () => {
  const applied: number[] = [];
  let reads = 0;
  const reconcile = createReconciler({
    read: async () => {
      reads++;
      if (reads === 1) throw new Error('storage gone');
      return { recording: { [reads]: rec }, states: {}, settings: defaultNetworkSettings };
    },
    canCapture: true,
    live: () => false,
    apply: async ({ tabId }) => {
      await new Promise((r) => setTimeout(r, 5));
      applied.push(tabId);
    },
  });
  const warn = console.warn;
  console.warn = () => undefined;
  await Promise.all([reconcile(), reconcile(), reconcile()]);
  console.warn = warn;
  expect(applied).toEqual([2, 3]);
});
