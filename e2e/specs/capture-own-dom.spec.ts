import { expect, test } from '../harness/fixtures';
import { eventsOf, readStoredCapture } from './capture-support';

test("recording adds nothing to the page's document that the page could see", async ({ ext, server }) => {
  await ext.allowOrigin(server.origin);
  const page = await ext.context.newPage();
  await page.goto(server.url('/capture/own-dom.html'));
  const tabId = await ext.tabIdOf(page);
  const options = await ext.openExtensionPage('options.html');
  // The page's snapshot is stored: the recorder has walked the whole document.
  await expect
    .poll(async () => eventsOf(await readStoredCapture(options), tabId).some((e) => e.type === 2), { timeout: 15_000 })
    .toBe(true);
  // The page's own observer saw the parser's elements and the one the page added, nothing else: rrweb
  // used to put a hidden iframe in every recorded page, for a copy of Element's prototype it never needed.
  expect(await page.evaluate(() => (window as unknown as { __added: string[] }).__added)).toEqual(['BODY', 'H1', 'UL', 'LI', 'LI', 'P']);
});
