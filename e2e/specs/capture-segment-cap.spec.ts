/**
 * A page that never lets a snapshot be taken after its first (and records changes the extension's
 * replica cannot follow) cannot grow its tab's store past the byte cap: the open segment stops at its
 * share of the cap, what follows is dropped as a recording gap, and the report still builds, with the
 * gap marked.
 */
import { expect, test } from '../harness/fixtures';
import { readStoredCapture } from './capture-support';
import { downloadZip, validReportJson } from './report-support';

const MAX_BYTES = 1_000_000;

test('a page that never checks out stays under its byte cap, and its report marks the gap', async ({ ext, server }) => {
  test.setTimeout(90_000);
  await ext.inWorker(async (maxBytesPerTab) => {
    const current = ((await chrome.storage.local.get('settings.capture'))['settings.capture'] ?? {}) as object;
    await chrome.storage.local.set({ 'settings.capture': { ...current, windowMs: 30_000, maxBytesPerTab } });
  }, MAX_BYTES);
  await ext.allowOrigin(server.origin);
  const page = await ext.context.newPage();
  await page.goto(server.url('/capture/never-checkout.html'));
  const tabId = await ext.tabIdOf(page);
  await expect.poll(() => ext.inWorker((id) => chrome.action.getBadgeText({ tabId: id }), tabId)).toBe('REC');
  const reader = await ext.openExtensionPage('options.html');

  // The flood fills the open segment within seconds; from then on its events are dropped.
  const overflowing = async () => {
    const row = (await readStoredCapture(reader, ['tabs'])).tabs.find((t) => t.tabId === tabId) as
      { buffer: { overflow?: Record<string, number> } } | undefined;
    return Object.keys(row?.buffer.overflow ?? {}).length;
  };
  await expect.poll(overflowing, { timeout: 30_000 }).toBe(1);
  // It keeps flooding for a while: what is stored does not grow past the cap.
  await page.waitForTimeout(5_000);
  const stored = await readStoredCapture(reader, ['tabs', 'chunks']);
  const chars = stored.chunks.filter((c) => c.tabId === tabId).reduce((n, c) => n + c.events.reduce((m, e) => m + e.length, 0), 0);
  expect(chars).toBeGreaterThan(MAX_BYTES / 4);
  expect(chars).toBeLessThanOrEqual(MAX_BYTES / 2);
  expect(await overflowing()).toBe(1);

  const reporter = await ext.openReporterFor(page);
  await reporter.getByLabel('Title').fill('Flooded page');
  const { zip } = await downloadZip(ext, reporter);
  const report = await validReportJson(zip);
  expect(report.recording.gaps).toEqual([
    expect.objectContaining({ kind: 'recording', to: null, reason: expect.stringMatching(/more than the recording may keep/) }),
  ]);
  const recording = JSON.parse(await zip.file('recording.json')!.async('string')) as { type: number }[] | { events: { type: number }[] };
  const events = Array.isArray(recording) ? recording : recording.events;
  expect(events[0]!.type).toBe(4);
  expect(events[1]!.type).toBe(2);
});
