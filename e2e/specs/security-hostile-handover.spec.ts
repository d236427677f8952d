/**
 * A page that attacks the recorder's hand-over from its first inline script (e2e/fixtures/sites/capture/
 * hostile-handover.html): it listens for every message and for the hand-over's own events, takes every
 * port it sees, posts forged ready/start/stop/checkout/flush messages and forged batches on `window`,
 * dispatches forged offers and asks, and repeats all of it five times a second. Recorded through the
 * registered scripts (an allowed site) and through a repro injected into the running page, the
 * recording must go on, hold what the page did after the attack, hold nothing forged, and count the
 * forgeries in the diagnostics.
 */
import type { Page } from '@playwright/test';
import { sendFrom } from '../fakes/seed-draft';
import { expect, test } from '../harness/fixtures';
import type { LaunchedExtension } from '../harness/chromium';
import type { ExtensionHelpers } from '../harness/fixtures';
import { eventsOf, readStoredCapture } from './capture-support';

type Ext = LaunchedExtension & ExtensionHelpers;

interface Attack {
  ports: number;
  offersSeen: number;
  asksSeen: number;
  rounds: number;
}

/** Acts on the page after the attack has run a while, and checks that only the real recording is stored. */
async function expectOnlyTheRealRecording(ext: Ext, page: Page, tabId: number): Promise<void> {
  const options = await ext.openExtensionPage('options.html');
  await expect.poll(async () => eventsOf(await readStoredCapture(options), tabId).some((e) => e.type === 2)).toBe(true);
  // Several rounds of the attack have run since the recorder started.
  const roundsAtStart = (await page.evaluate(() => (window as unknown as { __attack: Attack }).__attack.rounds)) as number;
  await expect
    .poll(() => page.evaluate(() => (window as unknown as { __attack: Attack }).__attack.rounds))
    .toBeGreaterThan(roundsAtStart + 3);

  await page.bringToFront();
  await page.locator('#act').click();
  const stored = async () => readStoredCapture(options);
  await expect
    .poll(async () => eventsOf(await stored(), tabId).some((e) => e.type === 3 && JSON.stringify(e.data).includes('AFTERATTACKDOM')))
    .toBe(true);
  await expect
    .poll(async () =>
      (await stored()).logs.some((l) => l.tabId === tabId && l.entry?.level === 'error' && l.entry.message.includes('AFTERATTACKERROR')),
    )
    .toBe(true);
  await expect
    .poll(async () => (await stored()).logs.some((l) => l.tabId === tabId && l.step?.text === 'Click "Change the page"'))
    .toBe(true);

  // Nothing forged was stored: no event, console line, step or gap of the page's making.
  expect(JSON.stringify(await stored()).includes('FORGEDMARKER')).toBe(false);
  // The page never held a port of the recorder's nor heard a hand-over event it did not dispatch itself.
  const attack = (await page.evaluate(() => (window as unknown as { __attack: Attack }).__attack)) as Attack;
  expect({ ports: attack.ports, offersSeen: attack.offersSeen, asksSeen: attack.asksSeen }).toEqual({
    ports: 0,
    offersSeen: 0,
    asksSeen: 0,
  });
  expect(await ext.inWorker((id) => chrome.action.getBadgeText({ tabId: id }), tabId)).toBe('REC');
  // Each round's forgeries reach the isolated script (6 window messages, an offer and an ask) and are counted.
  await expect
    .poll(async () => (await sendFrom<{ forged: number }>(options, 'recording:diagnostics', {})).forged)
    .toBeGreaterThanOrEqual(8 * 3);
}

test('a page attacking the hand-over from its first script cannot take, stop or feed the recorder (registered scripts)', async ({
  ext,
  server,
}) => {
  await ext.allowOrigin(server.origin);
  const page = await ext.context.newPage();
  await page.goto(server.url('/capture/hostile-handover.html'));
  const tabId = await ext.tabIdOf(page);
  await expect.poll(() => ext.inWorker((id) => chrome.action.getBadgeText({ tabId: id }), tabId)).toBe('REC');
  await expectOnlyTheRealRecording(ext, page, tabId);
});

test('a page attacking the hand-over cannot take, stop or feed a repro injected into it while it runs', async ({ ext, server }) => {
  const page = await ext.context.newPage();
  await page.goto(server.url('/capture/hostile-handover.html'));
  const tabId = await ext.tabIdOf(page);
  // The site is not allowed: the repro injects the recorder into the running page.
  await expect.poll(() => page.evaluate(() => (window as unknown as { __attack: Attack }).__attack.rounds)).toBeGreaterThan(2);
  const options = await ext.openExtensionPage('options.html');
  expect(await sendFrom(options, 'recording:start-repro', { tabId })).toMatchObject({ recording: true });
  await expect.poll(() => ext.inWorker((id) => chrome.action.getBadgeText({ tabId: id }), tabId)).toBe('REC');
  await options.close();
  await expectOnlyTheRealRecording(ext, page, tabId);
});
