/**
 * Replay in real Chromium for the fidelity specs: rrweb's own Replayer rebuilds a recording and the
 * rebuilt document is described node by node (shadow roots, same-origin frames, CSSOM rules, adopted
 * sheets, form values, scroll positions), so two recordings of one page can be compared.
 */
import { createRequire } from 'node:module';
import path from 'node:path';
import type { Page } from '@playwright/test';

/**
 * rrweb's published browser bundle, with the Replayer, for a page that replays (`page.addScriptTag`). It
 * defines the global `rrweb`; the package's exports do not list it, so it is found beside the main file.
 */
export const rrwebScript = path.join(path.dirname(createRequire(import.meta.url).resolve('rrweb')), 'rrweb.umd.min.cjs');

/** A blank page of its own with rrweb's bundle loaded, ready to replay. */
export async function replayPage(opener: { newPage(): Promise<Page> }): Promise<Page> {
  const page = await opener.newPage();
  await page.setContent('<!doctype html><html><body></body></html>');
  await page.addScriptTag({ path: rrwebScript });
  return page;
}

export type Recorded = { type: number; timestamp: number; data: { source?: number } & Record<string, unknown> };

/** Replays `events` to their end with rrweb's Replayer and describes the rebuilt document. */
export async function rebuilt(page: Page, events: Recorded[]): Promise<unknown> {
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
    const attribute = (a: Attr) => [
      a.name,
      a.name === 'class'
        ? a.value
            .split(/\s+/)
            .filter((c) => c && !own.has(c))
            .join(' ')
        : a.value,
    ];
    await new Promise((r) => setTimeout(r, 300));
    // The replayer fills a frame's document only once the frame has loaded, which on a busy machine
    // takes longer than the pause above: wait for every replayed frame to hold recorded nodes.
    const framesFilled = () =>
      [...replayer.iframe.contentDocument!.querySelectorAll('iframe')].every(
        (f) => !recordedNode(f) || [...(f.contentDocument?.childNodes ?? [])].some(recordedNode),
      );
    for (const deadline = Date.now() + 10_000; !framesFilled() && Date.now() < deadline;) await new Promise((r) => setTimeout(r, 50));
    const rules = (sheet: CSSStyleSheet | null) => (sheet ? [...sheet.cssRules].map((r) => r.cssText) : null);
    const describe = (node: Node): unknown => {
      if (node.nodeType === Node.TEXT_NODE) return node.textContent;
      if (node.nodeType === Node.DOCUMENT_TYPE_NODE) return '#doctype';
      if (node.nodeType === Node.DOCUMENT_NODE) {
        const doc = node as Document;
        return {
          doc: [...doc.childNodes].filter(recordedNode).map(describe),
          scroll: [doc.defaultView?.scrollX ?? 0, doc.defaultView?.scrollY ?? 0],
          adopted: doc.adoptedStyleSheets.map(rules),
        };
      }
      if (node.nodeType !== Node.ELEMENT_NODE) return null;
      const el = node as HTMLElement;
      const out: Record<string, unknown> = {
        tag: el.tagName.toLowerCase(),
        attributes: [...el.attributes]
          .map(attribute)
          .filter(([n, v]) => n !== 'class' || v)
          .sort(),
        // A sheet is compared as the rules it gives: a rebuilt sheet's text node may be the rebuild's own.
        children: el.tagName === 'STYLE' ? [] : [...el.childNodes].filter(recordedNode).map(describe),
      };
      if (el.scrollTop || el.scrollLeft) out.scroll = [el.scrollLeft, el.scrollTop];
      // Elements of the replay's frame: another realm, so tag names rather than instanceof.
      if (['INPUT', 'TEXTAREA', 'SELECT'].includes(el.tagName)) out.value = (el as HTMLInputElement).value;
      if (el.tagName === 'INPUT') out.checked = (el as HTMLInputElement).checked;
      if (el.tagName === 'STYLE') out.rules = rules((el as HTMLStyleElement).sheet);
      if (el.shadowRoot)
        out.shadow = {
          children: [...el.shadowRoot.childNodes].filter(recordedNode).map(describe),
          adopted: el.shadowRoot.adoptedStyleSheets.map(rules),
        };
      const frame = el.tagName === 'IFRAME' ? (el as HTMLIFrameElement).contentDocument : null;
      if (frame) out.frame = describe(frame);
      return out;
    };
    return describe(replayer.iframe.contentDocument!);
  }, events);
}
