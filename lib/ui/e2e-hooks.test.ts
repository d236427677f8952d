import { beforeEach, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { registerE2eHooks, requestedPage, STARTS_KEY } from './e2e-hooks';

beforeEach(() => fakeBrowser.reset());

it('reads the page a test asks for, and nothing from any other address', () => {
  expect(requestedPage('http://127.0.0.1:4000/__repro-e2e/open?path=popup.html%3FtabId%3D3')).toBe('popup.html?tabId=3');
  expect(requestedPage('http://127.0.0.1:4000/__repro-e2e/open?path=options.html')).toBe('options.html');
  expect(requestedPage('https://127.0.0.1/__repro-e2e/open?path=popup.html')).toBeNull();
  expect(requestedPage('http://example.com/__repro-e2e/open?path=popup.html')).toBeNull();
  expect(requestedPage('http://127.0.0.1:4000/__repro-e2e/open?path=..%2Fmanifest.json')).toBeNull();
  expect(requestedPage('http://127.0.0.1:4000/__repro-e2e/open?path=https%3A%2F%2Fevil.test%2Fx.html')).toBeNull();
  expect(requestedPage('not a url')).toBeNull();
});

it('sends the asking tab to the extension page', async () => {
  const tab = await fakeBrowser.tabs.create({ url: 'about:blank' });
  const stop = registerE2eHooks();
  await fakeBrowser.tabs.onUpdated.trigger(tab.id!, { url: 'http://127.0.0.1:4000/__repro-e2e/open?path=viewer.html' }, tab);
  await new Promise((r) => setTimeout(r, 10));
  expect((await fakeBrowser.tabs.get(tab.id!)).url).toBe(fakeBrowser.runtime.getURL('/viewer.html'));
  stop();
});

it('counts the starts of the background', async () => {
  for (let start = 0; start < 2; start++) {
    registerE2eHooks()();
    await new Promise((r) => setTimeout(r, 10));
  }
  expect((await fakeBrowser.storage.session.get(STARTS_KEY))[STARTS_KEY]).toBe(2);
});
