import { expect, it } from 'vitest';
import { buildEnvironment, fromUaData, metricsFromTabSize, parseUserAgent } from './environment';

const CHROME_LINUX = 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36';
const FIREFOX_MAC = 'Mozilla/5.0 (Macintosh; Intel Mac OS X 14.5; rv:128.0) Gecko/20100101 Firefox/128.0';
const EDGE_WIN =
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36 Edg/131.0.2903.70';
const SAFARI_IOS =
  'Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Mobile/15E148 Safari/604.1';

it('parses browsers and systems from user-agent strings', () => {
  expect(parseUserAgent(CHROME_LINUX)).toEqual({ browser: 'Chrome', browserVersion: '131.0.0.0', os: 'Linux' });
  expect(parseUserAgent(FIREFOX_MAC)).toEqual({ browser: 'Firefox', browserVersion: '128.0', os: 'macOS 14.5' });
  expect(parseUserAgent(EDGE_WIN)).toEqual({ browser: 'Edge', browserVersion: '131.0.2903.70', os: 'Windows 10/11' });
  expect(parseUserAgent(SAFARI_IOS)).toEqual({ browser: 'Safari', browserVersion: '17.4', os: 'iOS 17.4' });
  expect(parseUserAgent('curl/8')).toEqual({ browser: 'Unknown', browserVersion: '', os: 'Unknown' });
});

it('prefers a named brand of userAgentData and tells Windows 11 apart', () => {
  expect(
    fromUaData({
      fullVersionList: [
        { brand: 'Not)A;Brand', version: '99.0.0.0' },
        { brand: 'Chromium', version: '131.0.6778.86' },
        { brand: 'Google Chrome', version: '131.0.6778.86' },
      ],
      platform: 'Windows',
      platformVersion: '15.0.0',
    }),
  ).toEqual({ browser: 'Chrome', browserVersion: '131.0.6778.86', os: 'Windows 11' });
  // Plain Chromium names only the generic brand.
  expect(
    fromUaData({
      brands: [
        { brand: 'Chromium', version: '156' },
        { brand: 'Not_A Brand', version: '24' },
      ],
      platform: 'Linux',
    }),
  ).toEqual({
    browser: 'Chromium',
    browserVersion: '156',
    os: 'Linux',
  });
  expect(fromUaData({})).toBeNull();
});

it('falls back to the user agent and keeps the tab metrics', () => {
  const env = buildEnvironment({
    userAgent: FIREFOX_MAC,
    uaData: null,
    language: 'fr-FR',
    timezone: 'Europe/Paris',
    extensionVersion: '0.1.0',
    tab: { viewport: { width: 1280, height: 720 }, screen: { width: 2560, height: 1440 }, devicePixelRatio: 2 },
  });
  expect(env).toMatchObject({ browser: 'Firefox', os: 'macOS 14.5', language: 'fr-FR', timezone: 'Europe/Paris', devicePixelRatio: 2 });
  expect(env.viewport).toEqual({ width: 1280, height: 720 });
});

it('estimates the pixel ratio from the screenshot when the tab cannot be asked', () => {
  expect(metricsFromTabSize({ width: 1280, height: 720 }, 2560).devicePixelRatio).toBe(2);
  expect(metricsFromTabSize({ width: 1280, height: 720 }, null)).toEqual({
    viewport: { width: 1280, height: 720 },
    screen: { width: 0, height: 0 },
    devicePixelRatio: 1,
  });
});
