import { expect, it } from 'vitest';
import { checkoutInterval, defaultPrivacyCapture, getPrivacyCapture, privacyCapture, recorderConfig } from './privacy-capture';

it('checks out at half the window, between 15 s and 60 s', () => {
  expect(checkoutInterval(30_000)).toBe(15_000);
  expect(checkoutInterval(60_000)).toBe(30_000);
  expect(checkoutInterval(2 * 60_000)).toBe(60_000);
  expect(checkoutInterval(15 * 60_000)).toBe(60_000);
});

it('private by default', async () => {
  expect(await getPrivacyCapture()).toEqual(defaultPrivacyCapture);
  expect(recorderConfig(defaultPrivacyCapture)).toEqual({
    unmaskInputs: false,
    maskAllText: false,
    blockSelectors: [],
    maskSelectors: [],
  });
});

it('falls back to the private defaults when the stored value is malformed', async () => {
  await privacyCapture.setValue({ unmaskInputs: 'yes' } as never);
  expect(await getPrivacyCapture()).toEqual(defaultPrivacyCapture);
});

it('trims selectors and drops empty ones', () => {
  expect(recorderConfig({ ...defaultPrivacyCapture, blockSelectors: [' .ads ', ''], maskSelectors: ['  '] })).toMatchObject({
    blockSelectors: ['.ads'],
    maskSelectors: [],
  });
});
