/**
 * The full snapshots that start the rolling window's later segments are written by the worker from its
 * replica of the recording, not taken by the page. Replaying from such a snapshot at time T must show
 * the page exactly as replaying the recorded stream up to T does: rrweb's own Replayer rebuilds both in
 * real Chromium, and the two rebuilt documents are compared node by node, with their shadow roots,
 * same-origin frames, CSSOM rules, adopted sheets, form values and scroll positions. The worker is
 * stopped in between, so the replica it writes from was rebuilt from the store.
 */
import { expect, test } from '../harness/fixtures';
import { eventsOf, readStoredCapture } from './capture-support';
import { rebuilt, replayPage, type Recorded } from './replay-support';
import { stopWorker } from './worker-support';

const META = 4;
const FULL_SNAPSHOT = 2;
const INCREMENTAL = 3;
const INPUT = 5;

/** Index of the last Meta the worker wrote (events after it at its time restore input values) whose snapshot holds `marker`. */
function lastWrittenStart(events: Recorded[], marker: string): number {
  for (let i = events.length - 2; i >= 0; i--) {
    const meta = events[i]!;
    if (meta.type !== META || events[i + 1]!.type !== FULL_SNAPSHOT || !JSON.stringify(events[i + 1]).includes(marker)) continue;
    const restores = events.slice(i + 2).filter((e) => e.timestamp === meta.timestamp && e.type === INCREMENTAL);
    if (restores.some((e) => e.data.source === INPUT)) return i;
  }
  return -1;
}

test('replaying from a snapshot the worker wrote shows the page as replaying the recorded stream does', async ({ ext, server }) => {
  test.setTimeout(120_000);
  // The shortest window: a segment starts every 15 s.
  await ext.inWorker(async () => {
    const current = ((await chrome.storage.local.get('settings.capture'))['settings.capture'] ?? {}) as object;
    await chrome.storage.local.set({ 'settings.capture': { ...current, windowMs: 30_000 } });
  }, null);
  await ext.allowOrigin(server.origin);
  const page = await ext.context.newPage();
  await page.goto(server.url('/capture/fidelity.html'));
  const tabId = await ext.tabIdOf(page);
  await expect.poll(() => ext.inWorker((id) => chrome.action.getBadgeText({ tabId: id }), tabId)).toBe('REC');
  const reader = await ext.openExtensionPage('options.html');

  await page.evaluate(() => (window as unknown as { round(n: number): void }).round(1));
  await page.locator('#name').pressSequentially('Ada Lovelace');
  await page.locator('#agree').check();
  await page.locator('#notes').fill('private notes');
  await page.locator('#scroller').evaluate((el) => el.scrollTo(0, 240));
  await page.evaluate(() => window.scrollTo(0, 400));
  await expect.poll(async () => JSON.stringify(eventsOf(await readStoredCapture(reader), tabId)).includes('text after round 1')).toBe(true);

  // The worker goes (as MV3 stops idle workers): its replica must come back from what was stored.
  const stopped = await stopWorker(ext);
  await page.evaluate(() => (window as unknown as { round(n: number): void }).round(2));
  await page.locator('#name').pressSequentially(' II');
  await page.locator('#scroller').evaluate((el) => el.scrollTo(0, 320));
  await stopped.runningAgain();

  let events: Recorded[] = [];
  await expect
    .poll(
      async () => {
        events = eventsOf(await readStoredCapture(reader), tabId) as Recorded[];
        return lastWrittenStart(events, 'text after round 2');
      },
      { timeout: 60_000, intervals: [1000] },
    )
    .toBeGreaterThan(0);
  const start = lastWrittenStart(events, 'text after round 2');
  const at = events[start]!.timestamp;
  const stream = events.slice(0, start);
  const written = events.slice(start).filter((e) => e.timestamp === at);

  // Each frame document is attached once between full snapshots: rrweb's Replayer builds a document id
  // once, so a frame attached again (the first time still empty, as it loaded) would replay empty.
  let attached = new Set<number>();
  for (const event of events) {
    if (event.type === FULL_SNAPSHOT) attached = new Set();
    if (event.type !== INCREMENTAL || !event.data.isAttachIframe) continue;
    for (const add of event.data.adds as Array<{ node: { id: number } }>) {
      expect(attached.has(add.node.id), `frame document ${add.node.id} attached twice`).toBe(false);
      attached.add(add.node.id);
    }
  }
  expect(events.some((e) => e.data.isAttachIframe)).toBe(true);

  const replay = await replayPage(ext.context);
  const fromStream = await rebuilt(replay, stream);
  const fromWritten = await rebuilt(replay, written);
  expect(fromWritten).toEqual(fromStream);

  // What was compared holds every kind of state, so the comparison cannot pass on an empty page.
  const shown = JSON.stringify(fromWritten);
  for (const expected of [
    'text after round 2',
    'added in round 2',
    'shadow round 2',
    'frame round 2',
    'card in shadow',
    '.r2 { margin-left: 2px; }',
    '.css-in-js-2 { padding: 2px; }',
    '.adopted-2 { border-width: 2px; }',
    '.in-shadow { letter-spacing: 2px; }',
    '"checked":true',
    '"scroll":[0,320]',
  ]) {
    expect([expected, shown.includes(expected)]).toEqual([expected, true]);
  }
  // Removed from the shadow root in round 2: a removal there names the host as its parent.
  expect(shown.includes('shadow round 1')).toBe(false);
  // Typed values replay masked, one asterisk a character.
  expect(shown).toMatch(/"value":"\*{12,}"/);
  for (const secret of ['Ada Lovelace', 'private notes']) expect(shown.includes(secret)).toBe(false);
});
