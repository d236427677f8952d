import { afterEach, expect, it, vi } from 'vitest';
import { chromeDebuggerClient } from './cdp-client';

type Listener = (...args: unknown[]) => void;
const event = () => {
  const listeners = new Set<Listener>();
  return {
    addListener: (l: Listener) => listeners.add(l),
    removeListener: (l: Listener) => listeners.delete(l),
    fire: (...a: unknown[]) => listeners.forEach((l) => l(...a)),
  };
};

afterEach(() => vi.unstubAllGlobals());

it('is null where the browser has no debugger API', () => {
  vi.stubGlobal('chrome', {});
  expect(chromeDebuggerClient()).toBeNull();
});

it('wraps chrome.debugger: tab targets, protocol 1.3, tab events only', async () => {
  const onEvent = event();
  const onDetach = event();
  const api = {
    attach: vi.fn(async () => undefined),
    detach: vi.fn(async () => undefined),
    sendCommand: vi.fn(async () => ({ ok: 1 })),
    onEvent,
    onDetach,
  };
  vi.stubGlobal('chrome', { debugger: api });
  const client = chromeDebuggerClient()!;
  await client.attach(4);
  expect(api.attach).toHaveBeenCalledWith({ tabId: 4 }, '1.3');
  expect(await client.sendCommand(4, 'Network.enable', { a: 1 })).toEqual({ ok: 1 });
  expect(api.sendCommand).toHaveBeenCalledWith({ tabId: 4 }, 'Network.enable', { a: 1 });

  const seen: unknown[] = [];
  const stop = client.onEvent((...args) => seen.push(args));
  client.onDetach((...args) => seen.push(['detach', ...args]));
  onEvent.fire({ tabId: 4 }, 'Network.dataReceived', { requestId: '1' });
  onEvent.fire({ targetId: 'x' }, 'Network.dataReceived', {});
  onDetach.fire({ tabId: 4 }, 'canceled_by_user');
  stop();
  onEvent.fire({ tabId: 4 }, 'Network.loadingFinished', {});
  expect(seen).toEqual([
    [4, 'Network.dataReceived', { requestId: '1' }],
    ['detach', 4, 'canceled_by_user'],
  ]);
});
