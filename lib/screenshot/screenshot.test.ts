import { beforeEach, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { CAPTURE_SPACING_MS, captureQueue, captureTab, screenshotErrorMessage } from './screenshot';

beforeEach(() => fakeBrowser.reset());

/** A fake clock: sleeping advances it, so the queue's spacing is observable without real time. */
function clock() {
  let now = 10_000;
  return { now: () => now, sleep: async (ms: number) => void (now += ms) };
}

it('spaces captures so the browser never sees more than two a second', async () => {
  const c = clock();
  const at: number[] = [];
  const capture = captureQueue({ ...c, capture: async (w) => (at.push(c.now()), `png-${w}`) });
  expect(await Promise.all([capture(1), capture(2), capture(3)])).toEqual(['png-1', 'png-2', 'png-3']);
  expect(at[1]! - at[0]!).toBeGreaterThanOrEqual(CAPTURE_SPACING_MS);
  expect(at[2]! - at[1]!).toBeGreaterThanOrEqual(CAPTURE_SPACING_MS);
});

it('retries a capture the browser refused as too frequent, and fails other errors at once', async () => {
  const c = clock();
  let calls = 0;
  const flaky = captureQueue({
    ...c,
    capture: async () => {
      if (++calls < 3) throw new Error('This request exceeds the MAX_CAPTURE_VISIBLE_TAB_CALLS_PER_SECOND quota.');
      return 'png';
    },
  });
  expect(await flaky(1)).toBe('png');
  expect(calls).toBe(3);
  const broken = captureQueue({ ...c, capture: async () => Promise.reject(new Error('No window with id: 9.')) });
  await expect(broken(9)).rejects.toThrow('No window');
  // One failure does not block the queue.
  let ok = 0;
  const mixed = captureQueue({ ...c, capture: async (w) => (w === 1 ? Promise.reject(new Error('boom')) : String(++ok)) });
  const [a, b] = await Promise.allSettled([mixed(1), mixed(2)]);
  expect(a.status).toBe('rejected');
  expect(b).toEqual({ status: 'fulfilled', value: '1' });
});

it('captures a background tab by bringing it forward, then gives the front back', async () => {
  const win = (await fakeBrowser.windows.create({}))!;
  const page = await fakeBrowser.tabs.create({ windowId: win.id, url: 'https://shop.test/', active: true });
  const reporter = await fakeBrowser.tabs.create({ windowId: win.id, url: 'chrome-extension://x/popup.html', active: true });
  const seen: (number | undefined)[] = [];
  const result = await captureTab(page.id!, async () => {
    seen.push((await fakeBrowser.tabs.query({ active: true, windowId: win.id }))[0]?.id);
    return 'data:image/png;base64,AAA';
  });
  expect(result).toEqual({ ok: true, dataUrl: 'data:image/png;base64,AAA' });
  expect(seen).toEqual([page.id]);
  expect((await fakeBrowser.tabs.get(reporter.id!)).active).toBe(true);
});

it('explains failures in words a tester can act on', async () => {
  expect(await captureTab(12345, async () => 'x')).toMatchObject({ ok: false });
  expect(screenshotErrorMessage(new Error("Either the '<all_urls>' or 'activeTab' permission is required."))).toMatch(/may not capture/);
  // Firefox: only the toolbar button's grant helps, so the message does not send the tester to the site settings.
  expect(screenshotErrorMessage(new Error('Missing activeTab permission'), false)).toBe(
    'Repro may not capture this page. Open the reporter from the toolbar button on the page itself.',
  );
  expect(screenshotErrorMessage(new Error('Missing activeTab permission'), true)).toMatch(/, or allow the site\.$/);
  expect(screenshotErrorMessage(new Error('Cannot capture chrome:// pages'))).toMatch(/does not allow/);
  vi.restoreAllMocks();
});

it('falls back to the devtools protocol on an allowed site when there is no activeTab grant', async () => {
  const tab = await fakeBrowser.tabs.create({ url: 'https://shop.test/cart', active: true });
  const noGrant = async () => Promise.reject(new Error("Either the '<all_urls>' or 'activeTab' permission is required."));
  const viaDebugger = vi.fn(async () => 'data:image/png;base64,CDP');
  vi.spyOn(fakeBrowser.permissions, 'contains').mockResolvedValue(true as never);
  expect(await captureTab(tab.id!, noGrant, viaDebugger)).toEqual({ ok: true, dataUrl: 'data:image/png;base64,CDP' });
  // A site without host access gets the explanation, not a debugger session.
  vi.spyOn(fakeBrowser.permissions, 'contains').mockResolvedValue(false as never);
  viaDebugger.mockClear();
  expect(await captureTab(tab.id!, noGrant, viaDebugger)).toMatchObject({ ok: false, message: expect.stringMatching(/may not capture/) });
  expect(viaDebugger).not.toHaveBeenCalled();
});
