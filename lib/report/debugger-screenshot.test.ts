import { expect, it, vi } from 'vitest';
import { captureWithDebugger } from './debugger-screenshot';

function fakeDebugger(attached: boolean) {
  let isAttached = attached;
  return {
    attach: vi.fn(async () => void (isAttached = true)),
    detach: vi.fn(async () => void (isAttached = false)),
    sendCommand: vi.fn(async (_t: { tabId: number }, method: string) => {
      if (!isAttached) throw new Error('Debugger is not attached to the tab with id: 1.');
      expect(method).toBe('Page.captureScreenshot');
      return { data: 'iVBOR' };
    }),
  };
}

it('attaches for the capture and detaches after when nobody else was attached', async () => {
  const api = fakeDebugger(false);
  expect(await captureWithDebugger(1, api)).toBe('data:image/png;base64,iVBOR');
  expect(api.attach).toHaveBeenCalledOnce();
  expect(api.detach).toHaveBeenCalledOnce();
});

it("reuses the network capture's session and leaves it attached", async () => {
  const api = fakeDebugger(true);
  expect(await captureWithDebugger(1, api)).toBe('data:image/png;base64,iVBOR');
  expect(api.attach).not.toHaveBeenCalled();
  expect(api.detach).not.toHaveBeenCalled();
  expect(await captureWithDebugger(1, null)).toBeNull();
});
