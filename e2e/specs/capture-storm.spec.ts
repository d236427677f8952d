import { expect, test } from '../harness/fixtures';
import { eventsOf, openRecordedPage, readStoredCapture } from './capture-support';

test('under a mutation storm the recorder steps back, resumes with a full snapshot, and records the gap', async ({ ext, server }) => {
  const { page, tabId, options } = await openRecordedPage(ext, server, '/capture/storm.html');

  await page.locator('#storm').click();
  await expect(page.locator('#state')).toHaveText('calm again', { timeout: 15_000 });

  await expect
    .poll(async () => (await readStoredCapture(options)).logs.filter((l) => l.tabId === tabId && l.kind === 'gap').length, {
      timeout: 20_000,
    })
    .toBeGreaterThan(0);
  const stored = await readStoredCapture(options);
  const gap = stored.logs.find((l) => l.tabId === tabId && l.kind === 'gap') as unknown as {
    gap: { kind: string; from: number; to: number; reason: string };
  };
  expect(gap.gap.kind).toBe('recording');
  expect(gap.gap.reason).toMatch(/fresh snapshot/);
  // Recording went on: a full snapshot follows the gap.
  const events = eventsOf(stored, tabId);
  expect(events.some((e) => e.type === 2 && e.timestamp >= gap.gap.to)).toBe(true);
  // The page itself never saw an error from the recorder, and kept running.
  expect(await page.evaluate(() => document.querySelectorAll('#box div').length)).toBe(2000);
});
