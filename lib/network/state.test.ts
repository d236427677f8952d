import { beforeEach, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { getNetworkSettings } from '../settings/network';
import { NetworkState } from './state.svelte';
import type { NetworkStatus } from './status';

import { answerSends } from '../messaging/testing';

const sendMock = vi.fn();

const status: NetworkStatus = {
  tabId: 5,
  available: true,
  source: 'devtools',
  origin: 'https://shop.test',
  recording: true,
  siteEnabled: true,
  attached: true,
  fallback: false,
  gap: null,
  entries: 2,
  barExplained: false,
};

beforeEach(() => {
  fakeBrowser.reset();
  sendMock.mockReset();
  answerSends(sendMock);
});

it('shows the status and explains the debugging bar until dismissed', async () => {
  sendMock.mockResolvedValue(status as never);
  const state = new NetworkState(5);
  await state.refresh();
  expect(sendMock).toHaveBeenCalledWith('network:status', { tabId: 5 });
  expect(state.label).toBe('Capturing network (2 requests kept)');
  expect(state.explainBar).toBe(true);
  await state.dismissBarNote();
  expect(state.explainBar).toBe(false);
  expect((await getNetworkSettings()).debuggerBarExplained).toBe(true);
});

it('has no debugging bar to explain where Firefox captures through webRequest', async () => {
  sendMock.mockResolvedValue({ ...status, source: 'webRequest' } as never);
  const state = new NetworkState(5);
  await state.refresh();
  expect(state.label).toBe('Capturing network (2 requests kept)');
  expect(state.explainBar).toBe(false);
});

it('switches the site and says so when the worker cannot be reached', async () => {
  sendMock.mockResolvedValueOnce(status as never);
  const state = new NetworkState(5);
  await state.refresh();
  sendMock.mockResolvedValueOnce({ ok: true } as never).mockResolvedValueOnce({ ...status, siteEnabled: false } as never);
  await state.setSite(false);
  expect(sendMock).toHaveBeenCalledWith('network:set-site', { origin: 'https://shop.test', enabled: false });
  expect(state.label).toBe('Network capture is off on this site');

  sendMock.mockRejectedValueOnce(new Error('no worker'));
  await state.refresh();
  expect(state.error).toBe('Could not read the network capture state: no worker');
});
