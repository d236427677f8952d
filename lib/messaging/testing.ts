/**
 * Test helper: delivers a message to the registered handlers as the browser would, with a chosen
 * sender. WXT's fake browser passes an empty sender and drops promise answers, so tests use this.
 */
import { vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import type { Browser } from 'wxt/browser';

export const senders = {
  popup: (): Browser.runtime.MessageSender => ({ id: fakeBrowser.runtime.id, url: fakeBrowser.runtime.getURL('/popup.html') }),
  contentScript: (tabId = 1, frameId = 0, url = 'https://site.test/'): Browser.runtime.MessageSender => ({
    id: fakeBrowser.runtime.id,
    url,
    frameId,
    tab: { id: tabId, url } as Browser.tabs.Tab,
  }),
  background: (): Browser.runtime.MessageSender => ({ id: fakeBrowser.runtime.id, url: fakeBrowser.runtime.getURL('/background.js') }),
  otherExtension: (): Browser.runtime.MessageSender => ({ id: 'someone-else', url: 'chrome-extension://someone-else/x.html' }),
};

/** Delivers a raw message; resolves to the first answer, or undefined when every handler ignored it. */
export async function deliverRaw(message: unknown, sender: Browser.runtime.MessageSender): Promise<unknown> {
  const results = (await fakeBrowser.runtime.onMessage.trigger(message, sender, () => undefined)) as unknown[];
  const answers = await Promise.all(results);
  return answers.find((a) => a !== undefined);
}

/** Delivers a message of any feature's protocol. */
export function deliver(type: string, data: unknown, sender: Browser.runtime.MessageSender): Promise<unknown> {
  return deliverRaw({ repro: 1, type, data }, sender);
}

/**
 * Answers every message the code under test sends to the worker with `answer(type, data)`, as a worker
 * would (errors thrown come back as rejections). Spies on `runtime.sendMessage`; install it per test.
 */
export function answerSends(answer: (type: string, data: unknown) => unknown): void {
  vi.spyOn(fakeBrowser.runtime, 'sendMessage').mockImplementation((async (message: { type: string; data: unknown }) =>
    answer(message.type, message.data)) as never);
}
