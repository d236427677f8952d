/**
 * The full snapshots that start the rolling window's later segments are written by the worker from its
 * replica of the recording, not taken by the page. Replaying from such a snapshot at time T must show
 * the page exactly as replaying the recorded stream up to T does: rrweb's own Replayer rebuilds both in
 * real Chromium, and the two rebuilt documents are compared node by node, with their shadow roots,
 * same-origin frames, CSSOM rules, adopted sheets, form values and scroll positions. The worker is
 * stopped in between, so the replica it writes from was rebuilt from the store.
 */
import { createRequire } from 'node:module';
import path from 'node:path';
import type { Page } from '@playwright/test';
import { expect, test } from '../harness/fixtures';
import { eventsOf, readStoredCapture } from './capture-support';
import { stopWorker } from './worker-support';

const rrwebScript = path.join(path.dirname(createRequire(import.meta.url).resolve('rrweb')), 'rrweb.umd.min.cjs');
const META = 4;
const FULL_SNAPSHOT = 2;
const INCREMENTAL = 3;
const INPUT = 5;

type Recorded = { type: number; timestamp: number; data: { source?: number } & Record<string, unknown> };

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

/** Replays `events` to their end with rrweb's Replayer and describes the rebuilt document. */
async function rebuilt(page: Page, events: Recorded[]): Promise<unknown> {
  return page.evaluate(async (recorded) => {
    type Replayer = { pause(t: number): void; iframe: HTMLIFrameElement; getMirror(): { hasNode(n: Node): boolean } };
    const { Replayer } = (window as unknown as { rrweb: { Replayer: new (e: unknown[], o: object) => Replayer } }).rrweb;
    document.body.replaceChildren();
    const replayer = new Replayer(recorded, { root: document.body, mouseTail: false, showWarning: false });
    // Past the last event: the replayer applies those before the time it pauses at, not at it.
    replayer.pause(recorded.at(-1)!.timestamp - recorded[0]!.timestamp + 1);
    const recordedNode = (n: Node) => replayer.getMirror().hasNode(n);
    // What the replayer itself adds (its own style, the classes it puts on the hovered element and on a paused page) is not the page's.
    const own = new Set([':hover', 'rrweb-paused']);
    const attribute = (a: Attr) => [a.name, a.name === 'class' ? a.value.split(/\s+/).filter((c) => c && !own.has(c)).join(' ') : a.value];
    await new Promise((r) => setTimeout(r, 300));
    // The replayer fills a frame's document only once the frame has loaded, which on a busy machine
    // takes longer than the pause above: wait for every replayed frame to hold recorded nodes.
    const framesFilled = () =>
      [...replayer.iframe.contentDocument!.querySelectorAll('iframe')].every((f) => !recordedNode(f) || [...(f.contentDocument?.childNodes ?? [])].some(recordedNode));
    for (const deadline = Date.now() + 10_000; !framesFilled() && Date.now() < deadline; ) await new Promise((r) => setTimeout(r, 50));
    const rules = (sheet: CSSStyleSheet | null) => (sheet ? [...sheet.cssRules].map((r) => r.cssText) : null);
    const describe = (node: Node): unknown => {
      if (node.nodeType === Node.TEXT_NODE) return node.textContent;
      if (node.nodeType === Node.DOCUMENT_TYPE_NODE) return '#doctype';
      if (node.nodeType === Node.DOCUMENT_NODE) {
        const doc = node as Document;
        return { doc: [...doc.childNodes].filter(recordedNode).map(describe), scroll: [doc.defaultView?.scrollX ?? 0, doc.defaultView?.scrollY ?? 0], adopted: doc.adoptedStyleSheets.map(rules) };
      }
      if (node.nodeType !== Node.ELEMENT_NODE) return null;
      const el = node as HTMLElement;
      const out: Record<string, unknown> = {
        tag: el.tagName.toLowerCase(),
        attributes: [...el.attributes].map(attribute).filter(([n, v]) => n !== 'class' || v).sort(),
        // A sheet is compared as the rules it gives: a rebuilt sheet's text node may be the rebuild's own.
        children: el.tagName === 'STYLE' ? [] : [...el.childNodes].filter(recordedNode).map(describe),
      };
      if (el.scrollTop || el.scrollLeft) out.scroll = [el.scrollLeft, el.scrollTop];
      // Elements of the replay's frame: another realm, so tag names rather than instanceof.
      if (['INPUT', 'TEXTAREA', 'SELECT'].includes(el.tagName)) out.value = (el as HTMLInputElement).value;
      if (el.tagName === 'INPUT') out.checked = (el as HTMLInputElement).checked;
      if (el.tagName === 'STYLE') out.rules = rules((el as HTMLStyleElement).sheet);
      if (el.shadowRoot) out.shadow = { children: [...el.shadowRoot.childNodes].filter(recordedNode).map(describe), adopted: el.shadowRoot.adoptedStyleSheets.map(rules) };
      const frame = el.tagName === 'IFRAME' ? (el as HTMLIFrameElement).contentDocument : null;
      if (frame) out.frame = describe(frame);
      return out;
    };
    return describe(replayer.iframe.contentDocument!);
  }, events);
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
  const status = await stopWorker(ext);
  await page.evaluate(() => (window as unknown as { round(n: number): void }).round(2));
  await page.locator('#name').pressSequentially(' II');
  await page.locator('#scroller').evaluate((el) => el.scrollTo(0, 320));
  await expect(status).toHaveText('RUNNING', { timeout: 15_000 });

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

  const replay = await ext.context.newPage();
  await replay.setContent('<!doctype html><html><body></body></html>');
  await replay.addScriptTag({ path: rrwebScript });
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
  // Typed values replay masked, one asterisk a character.
  expect(shown).toMatch(/"value":"\*{12,}"/);
  for (const secret of ['Ada Lovelace', 'private notes']) expect(shown.includes(secret)).toBe(false);
});
