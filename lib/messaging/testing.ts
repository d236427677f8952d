/**
 * Test helper: delivers a message to the registered handlers as the browser would, with a chosen
 * sender. WXT's fake browser passes an empty sender and drops promise answers, so tests use this.
 */
import { fakeBrowser } from 'wxt/testing/fake-browser';
import type { Browser } from 'wxt/browser';
import type { MessageData, MessageType } from './protocol';

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

/** Delivers a protocol message. */
export function deliver<K extends MessageType>(type: K, data: MessageData<K>, sender: Browser.runtime.MessageSender): Promise<unknown> {
  return deliverRaw({ repro: 1, type, data }, sender);
}
