import { beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { browser } from 'wxt/browser';
import { handle, isCloneError, refused, send, senderAllowed } from './runtime';
import { deliver, deliverRaw, senders } from './testing';

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
    handle('capture:status', ({ tabId }) => okStatus(tabId));
    expect(await deliver('capture:status', { tabId: 7 }, senders.popup())).toEqual(okStatus(7));
  });

  it('ignores a message from a content script when only extension pages may send it', async () => {
    let ran = false;
    handle('capture:status', ({ tabId }) => ((ran = true), okStatus(tabId)));
    expect(await deliver('capture:status', { tabId: 7 }, senders.contentScript())).toBeUndefined();
    expect(await deliver('capture:status', { tabId: 7 }, senders.otherExtension())).toBeUndefined();
    expect(ran).toBe(false);
    expect(refused.sender).toBe(2);
  });

  it('ignores a malformed message and counts it', async () => {
    handle('capture:status', () => {
      throw new Error('must not run');
    });
    expect(await deliverRaw({ repro: 1, type: 'capture:status', data: { tabId: -1 } }, senders.popup())).toBeUndefined();
    expect(await deliverRaw({ repro: 1, type: 'capture:status', data: 'x' }, senders.popup())).toBeUndefined();
    expect(refused.shape).toBe(2);
  });

  it('ignores messages that are not in the protocol, or not envelopes', async () => {
    let ran = false;
    handle('capture:status', ({ tabId }) => ((ran = true), okStatus(tabId)));
    expect(await deliverRaw({ repro: 1, type: 'capture:delete-everything', data: {} }, senders.popup())).toBeUndefined();
    expect(await deliverRaw({ type: 'capture:status', data: { tabId: 1 } }, senders.popup())).toBeUndefined();
    expect(ran).toBe(false);
  });

  it('carries a handler error back as an error reply, which send() rethrows', async () => {
    handle('capture:status', () => {
      throw new Error('tab is gone');
    });
    expect(await deliver('capture:status', { tabId: 3 }, senders.popup())).toEqual({ reproError: 'tab is gone' });
    vi.spyOn(browser.runtime, 'sendMessage').mockResolvedValue({ reproError: 'tab is gone' } as never);
    await expect(send('capture:status', { tabId: 3 })).rejects.toThrow('tab is gone');
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
    expect(await send('capture:status', state)).toEqual(okStatus(3));
    expect(seen).toHaveLength(2);
    expect(seen[1]).toEqual({ repro: 1, type: 'capture:status', data: { tabId: 3 } });
    expect(Object.getPrototypeOf((seen[1] as { data: object }).data)).toBe(Object.prototype);

    vi.spyOn(browser.runtime, 'sendMessage').mockRejectedValue(new Error('Could not establish connection. Receiving end does not exist.'));
    await expect(send('capture:status', { tabId: 3 })).rejects.toThrow('Receiving end');
  });

  it('knows a refused clone in Chromium\'s words and the spec\'s', () => {
    expect(isCloneError(new TypeError('Error in invocation of runtime.sendMessage(any message): Could not serialize message.'))).toBe(true);
    expect(isCloneError(new DOMException('#<Object> could not be cloned.', 'DataCloneError'))).toBe(true);
    expect(isCloneError(new Error('The message port closed before a response was received.'))).toBe(false);
    expect(isCloneError('Could not serialize message.')).toBe(false);
  });
});
