import { beforeEach, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { defaultNetworkSettings, getNetworkSettings, networkOnFor, setNetworkForOrigin } from './network';
import { linesOf, patternError, toRules } from './redaction';

beforeEach(() => fakeBrowser.reset());

it('captures every recorded site unless turned off for its origin or everywhere', () => {
  const s = { ...defaultNetworkSettings, disabledOrigins: ['https://bank.test'] };
  expect(networkOnFor('https://shop.test/cart', s)).toBe(true);
  expect(networkOnFor('https://bank.test/login', s)).toBe(false);
  expect(networkOnFor('https://shop.test/', { ...s, enabled: false })).toBe(false);
  expect(networkOnFor('not a url', s)).toBe(false);
});

it('stores the per-site switch', async () => {
  await setNetworkForOrigin('https://bank.test', false);
  expect((await getNetworkSettings()).disabledOrigins).toEqual(['https://bank.test']);
  await setNetworkForOrigin('https://bank.test', true);
  expect((await getNetworkSettings()).disabledOrigins).toEqual([]);
  expect((await getNetworkSettings()).maxBodyBytes).toBe(1024 * 1024);
});

it('reads user redaction rules from text areas and checks patterns', () => {
  expect(linesOf(' X-Tenant \n\nX-Tenant\nX-Org')).toEqual(['X-Tenant', 'X-Org']);
  expect(patternError('EMP-\\d+')).toBeNull();
  expect(patternError('(')).toMatch(/./);
  expect(toRules({ headers: ['a'], fields: ['b'], patterns: ['c'], noBodyUrls: ['d'] })).toEqual({
    headers: ['a'],
    fields: ['b'],
    patterns: ['c'],
  });
});
