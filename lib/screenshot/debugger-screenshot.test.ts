import { expect, it, vi } from 'vitest';
import { captureFullPage, captureWithDebugger, FULL_PAGE_MAX_HEIGHT } from './debugger-screenshot';

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

it('captures the whole page beyond the viewport, cut at the height limit, in its own session when needed', async () => {
  let attached = false;
  const commands: { method: string; params?: unknown }[] = [];
  const api = {
    attach: vi.fn(async () => void (attached = true)),
    detach: vi.fn(async () => void (attached = false)),
    sendCommand: vi.fn(async (_t: { tabId: number }, method: string, params?: object) => {
      if (!attached) throw new Error('Debugger is not attached to the tab with id: 1.');
      commands.push({ method, params });
      if (method === 'Page.getLayoutMetrics')
        return { cssContentSize: { width: 1280, height: 40_000 }, contentSize: { width: 2560, height: 80_000 } };
      return { data: 'iVBOR' };
    }),
  };
  expect(await captureFullPage(1, api)).toEqual({ dataUrl: 'data:image/png;base64,iVBOR', cut: true });
  expect(commands.at(-1)).toEqual({
    method: 'Page.captureScreenshot',
    params: { format: 'png', captureBeyondViewport: true, clip: { x: 0, y: 0, width: 1280, height: FULL_PAGE_MAX_HEIGHT, scale: 1 } },
  });
  expect(api.detach).toHaveBeenCalledOnce();
  expect(await captureFullPage(1, null)).toBeNull();
});
