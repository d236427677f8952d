import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Browser } from 'wxt/browser';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { browser } from 'wxt/browser';
import * as v from 'valibot';
import { message, tabIdSchema } from './define';
import { defineMessaging, isCloneError, refused, senderAllowed, serveChannels } from './runtime';
import { deliver, deliverRaw, senders } from './testing';

/** A protocol of the test's own: the runtime knows no feature. */
const testMessages = defineMessaging(
  {
    'test:status': message<{ tabId: number; url: string | null; decision: string; contentScript: boolean; recording: boolean }>()(
      v.object({ tabId: tabIdSchema }),
      'extension-page',
    ),
    'test:batch': message<{ record: boolean }>()(v.looseObject({ pageId: v.pipe(v.string(), v.minLength(1)) }), 'content-script'),
  },
  { channels: ['test:batch'] },
);
const { handle, openChannel, send } = testMessages;

const ext = () => browser.runtime.getURL('/');
const id = () => browser.runtime.id;

describe('senderAllowed', () => {
  it('accepts extension pages only for extension-page messages', () => {
    expect(senderAllowed('extension-page', { id: id(), url: `${ext()}popup.html` })).toBe(true);
    expect(senderAllowed('extension-page', { id: id(), url: 'https://evil.test/', tab: { id: 1 } as never })).toBe(false);
    expect(senderAllowed('extension-page', { id: 'other-extension', url: `${ext()}popup.html` })).toBe(false);
  });

  it('accepts content scripts in tabs, and only the top frame for content-script-top', () => {
    const cs = { id: id(), url: 'https://site.test/', tab: { id: 4 } as never };
    expect(senderAllowed('content-script', { ...cs, frameId: 3 })).toBe(true);
    expect(senderAllowed('content-script-top', { ...cs, frameId: 3 })).toBe(false);
    expect(senderAllowed('content-script-top', { ...cs, frameId: 0 })).toBe(true);
    expect(senderAllowed('content-script', { id: id(), url: `${ext()}popup.html`, tab: { id: 4 } as never })).toBe(false);
  });
});

describe('handle', () => {
  const okStatus = (tabId: number) => ({ tabId, url: null, decision: 'unsupported' as const, contentScript: false, recording: false });

  beforeEach(() => {
    fakeBrowser.reset();
    refused.sender = 0;
    refused.shape = 0;
  });

  it('answers a well-formed message from an allowed sender', async () => {
    handle('test:status', ({ tabId }) => okStatus(tabId));
    expect(await deliver('test:status', { tabId: 7 }, senders.popup())).toEqual(okStatus(7));
  });

  it('ignores a message from a content script when only extension pages may send it', async () => {
    let ran = false;
    handle('test:status', ({ tabId }) => ((ran = true), okStatus(tabId)));
    expect(await deliver('test:status', { tabId: 7 }, senders.contentScript())).toBeUndefined();
    expect(await deliver('test:status', { tabId: 7 }, senders.otherExtension())).toBeUndefined();
    expect(ran).toBe(false);
    expect(refused.sender).toBe(2);
  });

  it('ignores a malformed message and counts it', async () => {
    handle('test:status', () => {
      throw new Error('must not run');
    });
    expect(await deliverRaw({ repro: 1, type: 'test:status', data: { tabId: -1 } }, senders.popup())).toBeUndefined();
    expect(await deliverRaw({ repro: 1, type: 'test:status', data: 'x' }, senders.popup())).toBeUndefined();
    expect(refused.shape).toBe(2);
  });

  it('ignores messages that are not in the protocol, or not envelopes', async () => {
    let ran = false;
    handle('test:status', ({ tabId }) => ((ran = true), okStatus(tabId)));
    expect(await deliverRaw({ repro: 1, type: 'test:delete-everything', data: {} }, senders.popup())).toBeUndefined();
    expect(await deliverRaw({ type: 'test:status', data: { tabId: 1 } }, senders.popup())).toBeUndefined();
    expect(ran).toBe(false);
  });

  it('carries a handler error back as an error reply, which send() rethrows', async () => {
    handle('test:status', () => {
      throw new Error('tab is gone');
    });
    expect(await deliver('test:status', { tabId: 3 }, senders.popup())).toEqual({ reproError: 'tab is gone' });
    vi.spyOn(browser.runtime, 'sendMessage').mockResolvedValue({ reproError: 'tab is gone' } as never);
    await expect(send('test:status', { tabId: 3 })).rejects.toThrow('tab is gone');
  });

  it('sends what the structured clone refuses (a UI state proxy) as its JSON instead, and nothing else twice', async () => {
    const seen: unknown[] = [];
    vi.spyOn(browser.runtime, 'sendMessage').mockImplementation((async (message: unknown) => {
      seen.push(message);
      // Chromium's wording for a value its structured clone refuses.
      if (seen.length === 1) throw new TypeError('Error in invocation of runtime.sendMessage(...): Could not serialize message.');
      return okStatus(3);
    }) as never);
    const state = new Proxy({ tabId: 3 }, {});
    expect(await send('test:status', state)).toEqual(okStatus(3));
    expect(seen).toHaveLength(2);
    expect(seen[1]).toEqual({ repro: 1, type: 'test:status', data: { tabId: 3 } });
    expect(Object.getPrototypeOf((seen[1] as { data: object }).data)).toBe(Object.prototype);

    vi.spyOn(browser.runtime, 'sendMessage').mockRejectedValue(new Error('Could not establish connection. Receiving end does not exist.'));
    await expect(send('test:status', { tabId: 3 })).rejects.toThrow('Receiving end');
  });

  it("knows a refused clone in Chromium's words and the spec's", () => {
    expect(isCloneError(new TypeError('Error in invocation of runtime.sendMessage(any message): Could not serialize message.'))).toBe(true);
    expect(isCloneError(new DOMException('#<Object> could not be cloned.', 'DataCloneError'))).toBe(true);
    expect(isCloneError(new Error('The message port closed before a response was received.'))).toBe(false);
    expect(isCloneError('Could not serialize message.')).toBe(false);
  });
});

/** Two ends of a runtime port, as the browser would connect them; `drop()` is the worker going away. */
function portPair(name: string, sender: Browser.runtime.MessageSender) {
  type Listener = (message: unknown) => void;
  const make = () => {
    const onMessage: Listener[] = [];
    const onDisconnect: (() => void)[] = [];
    return { onMessage, onDisconnect, connected: true };
  };
  const a = make();
  const b = make();
  const end = (self: ReturnType<typeof make>, other: ReturnType<typeof make>, withSender: boolean) =>
    ({
      name,
      sender: withSender ? sender : undefined,
      onMessage: { addListener: (fn: Listener) => self.onMessage.push(fn) },
      onDisconnect: { addListener: (fn: () => void) => self.onDisconnect.push(fn) },
      postMessage(message: unknown) {
        if (!self.connected) throw new Error('Attempting to use a disconnected port object');
        const copy = structuredClone(message);
        queueMicrotask(() => other.connected && other.onMessage.forEach((fn) => fn(copy)));
      },
      disconnect() {
        self.connected = other.connected = false;
        other.onDisconnect.forEach((fn) => fn());
      },
    }) as unknown as Browser.runtime.Port;
  const client = end(a, b, false);
  const server = end(b, a, true);
  return {
    client,
    server,
    drop() {
      a.connected = b.connected = false;
      a.onDisconnect.forEach((fn) => fn());
    },
  };
}

describe('channels', () => {
  let accept: ((port: Browser.runtime.Port) => void) | null = null;
  let stopServing: (() => void) | null = null;
  const pairs: ReturnType<typeof portPair>[] = [];

  beforeEach(() => {
    fakeBrowser.reset();
    refused.sender = 0;
    refused.shape = 0;
    pairs.length = 0;
    vi.spyOn(browser.runtime.onConnect, 'addListener').mockImplementation((fn) => void (accept = fn as never));
    vi.spyOn(browser.runtime.onConnect, 'removeListener').mockImplementation(() => void (accept = null));
    stopServing = serveChannels();
  });
  afterEach(() => stopServing?.());

  /** A `connect` for `openChannel` that reaches the served side as a content script of tab 4. */
  const connectAs = (sender: Browser.runtime.MessageSender) => (name: string) => {
    const pair = portPair(name, sender);
    pairs.push(pair);
    accept?.(pair.server);
    return pair.client;
  };
  const batch = (pageId: string) => ({
    pageId,
    url: 'https://site.test/',
    title: 't',
    events: [],
    console: [],
    steps: [],
    gaps: [],
    custom: {},
    diagnostics: { pageErrors: 0, forged: 0, dropped: 0 },
  });

  it('answers a channel message with its handler, one at a time and in order', async () => {
    const order: string[] = [];
    handle('test:batch', async (data) => {
      order.push(`start ${data.pageId}`);
      await new Promise((r) => setTimeout(r, data.pageId === 'a' ? 20 : 0));
      order.push(`end ${data.pageId}`);
      return { record: data.pageId === 'a' };
    });
    const channel = openChannel('test:batch', connectAs(senders.contentScript(4)));
    const [a, b] = await Promise.all([channel.send(batch('a')), channel.send(batch('b'))]);
    expect([a, b]).toEqual([{ record: true }, { record: false }]);
    expect(order).toEqual(['start a', 'end a', 'start b', 'end b']);
    expect(pairs).toHaveLength(1);
  });

  it("refuses what the handler's checks refuse, with an error instead of silence", async () => {
    handle('test:batch', () => ({ record: true }));
    const fromPopup = openChannel('test:batch', connectAs(senders.popup()));
    await expect(fromPopup.send(batch('a'))).rejects.toThrow('refused');
    const fromPage = openChannel('test:batch', connectAs(senders.contentScript(4)));
    await expect(fromPage.send({ ...batch('a'), pageId: '' })).rejects.toThrow('refused');
    expect(refused).toEqual({ sender: 1, shape: 1 });
  });

  it('fails what is unanswered when the worker goes, and connects afresh for the next message', async () => {
    let release: (() => void) | null = null;
    handle('test:batch', () => new Promise((r) => (release = () => r({ record: true }))));
    const channel = openChannel('test:batch', connectAs(senders.contentScript(4)));
    const first = channel.send(batch('a'));
    await vi.waitFor(() => expect(release).not.toBeNull());
    pairs[0]!.drop();
    await expect(first).rejects.toThrow('closed before an answer');
    release = null;
    const second = channel.send(batch('b'));
    await vi.waitFor(() => expect(release).not.toBeNull());
    release!();
    expect(await second).toEqual({ record: true });
    expect(pairs).toHaveLength(2);
  });

  it('serves only the messages declared as channels', async () => {
    handle('test:status', () => ({ tabId: 1 }) as never);
    const channel = openChannel('test:status', connectAs(senders.popup()));
    const answer = channel.send({ tabId: 1 });
    // Nobody listens on a port of another name: closing it is the only way the promise ends.
    await new Promise((r) => setTimeout(r, 10));
    channel.close();
    await expect(answer).rejects.toThrow('closed');
  });
});
