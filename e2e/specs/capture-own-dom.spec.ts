import { expect, test } from '../harness/fixtures';
import { eventsOf, openRecordedPage, readStoredCapture } from './capture-support';

test("recording adds nothing to the page's document that the page could see", async ({ ext, server }) => {
  const { page, tabId, options } = await openRecordedPage(ext, server, '/capture/own-dom.html');
  // The page's snapshot is stored: the recorder has walked the whole document.
  expect(eventsOf(await readStoredCapture(options), tabId).some((e) => e.type === 2)).toBe(true);
  // The page's own observer saw the parser's elements and the one the page added, nothing else: rrweb
  // used to put a hidden iframe in every recorded page, for a copy of Element's prototype it never needed.
  expect(await page.evaluate(() => (window as unknown as { __added: string[] }).__added)).toEqual(['BODY', 'H1', 'UL', 'LI', 'LI', 'P']);
});
