import { expect, test } from '../harness/fixtures';
import { eventsOf, openRecordedPage, readStoredCapture } from './capture-support';

const FULL_SNAPSHOT = 2;
const META = 4;

test('a two-page flow is stored as it happens, both pages replayable, private fields absent from every stored byte', async ({
  ext,
  server,
}) => {
  await ext.allowOrigin(server.origin);
  const page = await ext.context.newPage();
  await page.goto(server.url('/capture/one.html'));
  const tabId = await ext.tabIdOf(page);
  await expect.poll(() => ext.inWorker((id) => chrome.action.getBadgeText({ tabId: id }), tabId)).toBe('REC');

  await page.locator('#email').pressSequentially('typed-masked-value-7731');
  await page.locator('#password').pressSequentially('Sup3r-secret-Passw0rd');
  await page.locator('#card').pressSequentially('4111 1111 1111 1111');
  // A value set by script is masked like a typed one.
  await page.evaluate(() => ((document.getElementById('email') as HTMLInputElement).value = 'script-set-value-5519'));
  await page.locator('#submit').click();
  await page.locator('#next').click();
  await page.waitForURL(/two\.html$/);

  const options = await ext.openExtensionPage('options.html');
  // Both pages arrive in the store while the tab lives on: no report needed to move them out. Each page
  // has its own channel to the worker, so the last batch of page one (the click that left it) may be
  // stored after page two's first: wait for all of it.
  await expect
    .poll(async () => {
      const stored = await readStoredCapture(options);
      const row = stored.tabs.find((t) => t.tabId === tabId);
      const logs = stored.logs.filter((l) => l.tabId === tabId);
      return {
        pages: new Set(row?.buffer.segments.filter((s) => s.hasFull).map((s) => s.url.replace(/.*\//, ''))).size,
        pageOneError: logs.some((l) => l.entry?.level === 'error' && l.entry.message.includes('fixture one failed to load widget')),
        pageTwoLog: logs.some((l) => l.entry?.message.includes('page two ready')),
        // Handed over as the click happened, before the document went: a step that waited is lost.
        clickStep: logs.some((l) => l.step?.text === 'Click "Continue to the app"'),
      };
    })
    .toEqual({ pages: 2, pageOneError: true, pageTwoLog: true, clickStep: true });

  const stored = await readStoredCapture(options);
  const events = eventsOf(stored, tabId);
  expect(events[0]!.type).toBe(META);
  expect(events[1]!.type).toBe(FULL_SNAPSHOT);
  const fulls = events.filter((e) => e.type === FULL_SNAPSHOT).map((e) => JSON.stringify(e));
  expect(fulls.some((f) => f.includes('Sign in'))).toBe(true);
  expect(fulls.some((f) => f.includes('SECONDPAGEMARKER'))).toBe(true);
  // Events come in time order across the two pages.
  const times = events.map((e) => e.timestamp);
  expect([...times].sort((a, b) => a - b)).toEqual(times);

  // Nothing private anywhere in what was stored.
  const everything = JSON.stringify(stored);
  for (const secret of [
    'typed-masked-value-7731',
    'Sup3r-secret-Passw0rd',
    '4111 1111 1111 1111',
    '4111111111111111',
    'script-set-value-5519',
    'Zebulon',
    'BLOCKEDMARKER',
  ]) {
    expect([secret, everything.includes(secret)]).toEqual([secret, false]);
  }

  // The popup says what is there.
  const popup = await ext.openPopupFor(page);
  await expect(popup.getByTestId('capture-summary')).toContainText(/\d+ events/);
  await expect(popup.getByTestId('capture-summary')).toContainText(/1 console error/);
});

test('a closed tab takes its buffer with it', async ({ ext, server }) => {
  const { page, tabId, options } = await openRecordedPage(ext, server, '/capture/two.html');
  await page.close();
  await expect.poll(async () => (await readStoredCapture(options)).chunks.filter((c) => c.tabId === tabId).length).toBe(0);
});
