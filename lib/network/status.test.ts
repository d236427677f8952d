import { expect, it } from 'vitest';
import { networkLabel, type NetworkStatus } from './status';

const base: NetworkStatus = {
  tabId: 1,
  available: true,
  source: 'devtools',
  origin: 'https://shop.test',
  recording: true,
  siteEnabled: true,
  attached: true,
  fallback: false,
  gap: null,
  entries: 3,
  barExplained: false,
};

it.each<[Partial<NetworkStatus>, string]>([
  [{}, 'Capturing network (3 requests kept)'],
  [{ entries: 1 }, 'Capturing network (1 request kept)'],
  [{ available: false, source: null }, 'This browser lets Repro list requests only, without bodies'],
  [{ source: 'webRequest' }, 'Capturing network (3 requests kept)'],
  [{ siteEnabled: false }, 'Network capture is off on this site'],
  [
    { attached: false, gap: { kind: 'network', from: 1, to: null, reason: 'The debugging bar was closed' } },
    'The debugging bar was closed',
  ],
  [{ attached: false, recording: false }, 'Network capture starts when this tab records'],
  [
    { attached: false, fallback: true, gap: { kind: 'network', from: 1, to: null, reason: 'Bar closed.' } },
    'Bar closed. Requests are still listed, without bodies.',
  ],
  [{ attached: false, available: true, fallback: true }, 'Listing network requests without bodies (3 kept)'],
])('%o', (patch, label) => {
  expect(networkLabel({ ...base, ...patch })).toBe(label);
});

it('says it is checking before the first answer', () => {
  expect(networkLabel(null)).toBe('Checking network capture…');
});
