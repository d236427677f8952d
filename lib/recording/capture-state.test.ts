import { beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { answerSends } from '../messaging/testing';
import { getCaptureSettings } from '../settings/capture';
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

describe('allowing the site from the popup', () => {
  beforeEach(() => fakeBrowser.reset());

  it('records the open tab at once, without a reload, and says from when', async () => {
    vi.spyOn(fakeBrowser.permissions, 'request').mockResolvedValue(true as never);
    const asked: unknown[] = [];
    answerSends((type, data) => {
      asked.push([type, data]);
      return { ...status(true, null, null), mode: 'rolling', since: 1_234 };
    });
    const state = new CaptureState(1);
    state.status = { ...status(false, null, null), decision: 'not-allowed', contentScript: false };
    await state.allow();
    expect(asked).toEqual([['recording:record-tab', { tabId: 1 }]]);
    expect((await getCaptureSettings()).allowedOrigins).toEqual(['https://shop.test']);
    expect(state.label).toBe('Recording this tab');
    expect(state.startedAt).toBe(1_234);
  });

  it('starts nothing when the permission is refused, and says why', async () => {
    vi.spyOn(fakeBrowser.permissions, 'request').mockResolvedValue(false as never);
    const asked: string[] = [];
    answerSends((type) => {
      asked.push(type);
      return { ...status(false, null, null), decision: 'not-allowed' };
    });
    const state = new CaptureState(1);
    state.status = { ...status(false, null, null), decision: 'not-allowed' };
    await state.allow();
    expect(asked).toEqual(['recording:status']);
    expect(state.error).toMatch(/Permission was not granted/);
    expect(state.startedAt).toBeNull();
  });

  it('says plainly when the recorder could not be started', async () => {
    vi.spyOn(fakeBrowser.permissions, 'request').mockResolvedValue(true as never);
    answerSends(() => Promise.reject(new Error('Repro could not start recording in this tab: Cannot access contents of the page.')));
    const state = new CaptureState(1);
    state.status = { ...status(false, null, null), decision: 'not-allowed' };
    await state.allow();
    expect(state.error).toMatch(/^The site is allowed, but recording could not start in this tab: .*Cannot access/);
  });
});

it('tells an allowed page it can start now from one whose recorder was stopped for good', () => {
  const state = new CaptureState(1);
  state.status = { ...status(false, null, null), contentScript: false };
  expect(state.label).toBe('Allowed: not recording this page yet');
  expect(state.canRecordNow).toBe(true);
  state.status = { ...status(false, null, null), contentScript: true };
  expect(state.label).toBe('Allowed: reload the page to record it');
  expect(state.canRecordNow).toBe(false);
});
