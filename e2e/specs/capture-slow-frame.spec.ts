/**
 * A same-origin frame that takes longer to load than rrweb waits for (5 s): rrweb attaches its document
 * when the wait runs out, with what has arrived so far, follows the rest as changes, and attaches the
 * document again (same id) when it loads. rrweb's Replayer builds an id once, so the replay must hold
 * what arrived last from the changes alone: it does, and a change made after the load replays too.
 */
import { expect, test } from '../harness/fixtures';
import { eventsOf, readStoredCapture } from './capture-support';
import { rebuilt, replayPage, type Recorded } from './replay-support';

const INCREMENTAL = 3;
/** Longer than rrweb's wait for a frame's load (`iframeLoadTimeout`, 5 s). */
const FRAME_STALLS_MS = 8_000;

test('a frame slower than rrweb waits for replays with all it loaded and what changed after', async ({ ext, server }) => {
  test.setTimeout(60_000);
  // The recorder snapshots the host at its DOMContentLoaded. For the frame to be caught loading (and not
  // still on its blank first document), the host's HTML ends only once the frame has parsed its first part.
  let frameStarted: () => void = () => {};
  const started = new Promise<void>((resolve) => (frameStarted = resolve));
  server.route('/capture/slow-frame/page.html', (_req, res) => {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    res.write('<!doctype html><html><body><h1>Host</h1><iframe id="frame" src="frame.html"></iframe>');
    void started.then(() => res.end('</body></html>'));
  });
  server.route('/capture/slow-frame/started', (_req, res) => {
    res.writeHead(204).end();
    frameStarted();
  });
  server.route('/capture/slow-frame/frame.html', (_req, res) => {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    res.write(`<!doctype html><html><body><p id="early">arrived first</p><script>fetch('started')</script>${' '.repeat(2048)}`);
    setTimeout(() => res.end('<p id="late">arrived last</p></body></html>'), FRAME_STALLS_MS);
  });
  await ext.allowOrigin(server.origin);
  const page = await ext.context.newPage();
  await page.goto(server.url('/capture/slow-frame/page.html'), { waitUntil: 'domcontentloaded' });
  const tabId = await ext.tabIdOf(page);
  const reader = await ext.openExtensionPage('options.html');
  await page.bringToFront();
  await expect
    .poll(() => page.evaluate(() => (document.getElementById('frame') as HTMLIFrameElement).contentDocument?.readyState), {
      timeout: FRAME_STALLS_MS + 10_000,
    })
    .toBe('complete');
  // A change after the load, to the part that arrived last.
  await page.evaluate(() => {
    (document.getElementById('frame') as HTMLIFrameElement).contentDocument!.getElementById('late')!.textContent =
      'arrived last, then changed';
  });

  let events: Recorded[] = [];
  await expect
    .poll(async () => {
      events = eventsOf(await readStoredCapture(reader), tabId) as Recorded[];
      return JSON.stringify(events).includes('then changed');
    })
    .toBe(true);

  // The frame was attached while it loaded: what arrived last came as changes.
  const attaches = events.filter((e) => e.type === INCREMENTAL && e.data.isAttachIframe);
  expect(JSON.stringify(attaches[0])).toContain('arrived first');
  expect(JSON.stringify(attaches[0])).not.toContain('arrived last');

  const replay = await replayPage(ext.context);
  const shown = JSON.stringify(await rebuilt(replay, events));
  expect(shown).toContain('arrived first');
  expect(shown).toContain('arrived last, then changed');
});
