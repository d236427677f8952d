/**
 * Steps are the tester's: a frame that loads and routes by itself adds none, what the tester does in it
 * still counts, and a repro injected into a page reloaded earlier does not begin with a reload.
 */
import { sendFrom } from '../fakes/seed-draft';
import { expect, test } from '../harness/fixtures';
import { readStoredCapture } from './capture-support';

test('a frame loading and routing by itself adds no step; clicks in it and on the page do', async ({ ext, server }) => {
  await ext.allowOrigin(server.origin);
  const page = await ext.context.newPage();
  await page.goto(server.url('/capture/frames.html'));
  const tabId = await ext.tabIdOf(page);
  await expect.poll(() => ext.inWorker((id) => chrome.action.getBadgeText({ tabId: id }), tabId)).toBe('REC');
  const help = page.frameLocator('#help');
  await help.locator('#ask').waitFor();
  // The frame has routed itself by now.
  await expect
    .poll(() =>
      page
        .frames()
        .find((f) => f.url().includes('frame-help'))
        ?.url(),
    )
    .toContain('topic=getting-started');
  await help.locator('#ask').click();
  await page.locator('#open').click();

  const options = await ext.openExtensionPage('options.html');
  const steps = async () =>
    (await readStoredCapture(options, ['logs'])).logs.filter((l) => l.tabId === tabId && l.step).map((l) => l.step!.text);
  await expect.poll(steps).toEqual(expect.arrayContaining(['Click "Ask for help"', 'Click "Open the app"']));
  expect((await steps()).filter((text) => /^(Go to|Reload) /.test(text))).toEqual(['Go to /capture/frames.html']);
});

test('a repro injected into a page the tester reloaded earlier starts with where the page is, not a reload', async ({ ext, server }) => {
  const page = await ext.context.newPage();
  await page.goto(server.url('/capture/one.html'));
  await page.reload();
  const tabId = await ext.tabIdOf(page);
  const options = await ext.openExtensionPage('options.html');
  expect(await sendFrom(options, 'recording:start-repro', { tabId })).toMatchObject({ recording: true });
  await page.bringToFront();
  await page.locator('#submit').click();
  const steps = async () =>
    (await readStoredCapture(options, ['logs'])).logs.filter((l) => l.tabId === tabId && l.step).map((l) => l.step!.text);
  await expect.poll(steps).toEqual(['Go to /capture/one.html', 'Click "Sign in"']);
});
