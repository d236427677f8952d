import { beforeEach, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { defaultNetworkSettings, getNetworkSettings, networkSettings } from '../settings/network';
import { getRedactionSettings } from '../settings/redaction';
import { NetworkOptions } from './options.svelte';

beforeEach(() => fakeBrowser.reset());

const settle = () => new Promise((r) => setTimeout(r, 0));

it('loads the stored settings and saves changes', async () => {
  await networkSettings.setValue({ ...defaultNetworkSettings, maxBodyBytes: 4096 });
  const options = new NetworkOptions();
  await settle();
  expect(options.network.maxBodyBytes).toBe(4096);

  await options.saveNetwork({ ...options.network, disabledOrigins: ['https://bank.test'] });
  expect((await getNetworkSettings()).disabledOrigins).toEqual(['https://bank.test']);
  await options.saveRedaction({ headers: ['X-Tenant'], fields: [], patterns: ['EMP-\\d+'], noBodyUrls: ['/upload'] });
  expect(await getRedactionSettings()).toEqual({ headers: ['X-Tenant'], fields: [], patterns: ['EMP-\\d+'], noBodyUrls: ['/upload'] });
});
