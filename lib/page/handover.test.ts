import { afterEach, describe, expect, it } from 'vitest';
import { HANDOVER_EVENTS, offerRecorderPort, takeRecorderPort } from './handover';

/** A window stand-in: a real event target with a document in the state under test. */
function fakeWindow(state: 'document_start' | 'loaded') {
  const doc = document.implementation.createHTMLDocument('');
  if (state === 'document_start') {
    doc.documentElement.replaceChildren();
    Object.defineProperty(doc, 'readyState', { value: 'loading' });
  }
  return Object.assign(new EventTarget(), { document: doc }) as unknown as Window;
}

const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const fn of cleanups.splice(0)) fn();
});

function isolated(win: Window, key?: string) {
  const got = { ports: [] as MessagePort[], forged: 0 };
  cleanups.push(takeRecorderPort({ onPort: (p) => got.ports.push(p), onForged: () => got.forged++ }, win, key));
  return got;
}

function recorder(win: Window) {
  const got = { ports: [] as MessagePort[], key: '' };
  const offer = offerRecorderPort((p) => got.ports.push(p), win);
  got.key = offer.key;
  cleanups.push(offer.stop);
  return got;
}

/** True when the two ends belong to one channel. */
async function connected(a: MessagePort, b: MessagePort): Promise<boolean> {
  const heard = new Promise((resolve) => {
    b.onmessage = (e) => resolve(e.data);
    setTimeout(() => resolve(null), 200);
  });
  a.postMessage('ping');
  const ok = (await heard) === 'ping';
  a.close();
  b.close();
  return ok;
}

/** A page script offering its own port, as a forged recorder would. */
function forgeOffer(win: Window): MessageChannel {
  const channel = new MessageChannel();
  win.dispatchEvent(new MessageEvent(HANDOVER_EVENTS.offer, { cancelable: true, ports: [channel.port2] }));
  return channel;
}

describe('the recorder hand-over', () => {
  it('works when the recorder runs first (Firefox, in registration order): it answers the ask', async () => {
    const win = fakeWindow('document_start');
    const main = recorder(win);
    expect(main.ports).toEqual([]);
    const iso = isolated(win);
    expect([main.ports.length, iso.ports.length, iso.forged]).toEqual([1, 1, 0]);
    expect(await connected(main.ports[0]!, iso.ports[0]!)).toBe(true);
  });

  it('works when the isolated script runs first (Chromium): it takes the offer made at start', async () => {
    const win = fakeWindow('document_start');
    const iso = isolated(win);
    expect(iso.ports).toEqual([]);
    const main = recorder(win);
    expect([main.ports.length, iso.ports.length, iso.forged]).toEqual([1, 1, 0]);
    expect(await connected(main.ports[0]!, iso.ports[0]!)).toBe(true);
  });

  it('after the hand-over, a forged offer is not taken and a forged ask gets no port; both are counted', () => {
    const win = fakeWindow('document_start');
    const iso = isolated(win);
    const main = recorder(win);
    const forged = forgeOffer(win);
    const asked = new Event(HANDOVER_EVENTS.ask, { cancelable: true });
    const offers: Event[] = [];
    win.addEventListener(HANDOVER_EVENTS.offer, (e) => offers.push(e));
    win.dispatchEvent(asked);
    expect(iso.ports).toHaveLength(1);
    expect(main.ports).toHaveLength(1);
    expect(offers).toEqual([]);
    expect(asked.defaultPrevented).toBe(false);
    expect(iso.forged).toBe(2);
    forged.port1.close();
  });

  it('an isolated script waiting from document_start refuses an offer once the page has parsed a node', () => {
    const win = fakeWindow('document_start');
    const iso = isolated(win);
    // The parser inserts a page script: it could be the one offering next.
    win.document.documentElement.append(win.document.createElement('script'));
    const forged = forgeOffer(win);
    expect(iso.ports).toEqual([]);
    expect(iso.forged).toBe(1);
    forged.port1.close();
  });

  it("injected into a running page, the two meet on events keyed by the recorder's key, which a page cannot hear", async () => {
    const win = fakeWindow('loaded');
    // The page listens for the hand-over by name, and would claim and answer anything it hears.
    const heard: string[] = [];
    const claim = (e: Event) => {
      heard.push(e.type);
      e.preventDefault();
      e.stopImmediatePropagation();
    };
    const answer = (e: Event) => {
      claim(e);
      forgeOffer(win);
    };
    win.addEventListener(HANDOVER_EVENTS.offer, claim, true);
    win.addEventListener(HANDOVER_EVENTS.ask, answer, true);
    // Injected first, as the worker does; its key reaches the isolated script through the worker.
    const main = recorder(win);
    expect(main.key).toMatch(/^[0-9a-f]{32}$/);
    const iso = isolated(win, main.key);
    expect([main.ports.length, iso.ports.length, iso.forged]).toEqual([1, 1, 0]);
    expect(heard).toEqual([]);
    expect(await connected(main.ports[0]!, iso.ports[0]!)).toBe(true);
    // The page's forgeries on the document_start names are counted (when it lets them through).
    win.removeEventListener(HANDOVER_EVENTS.offer, claim, true);
    win.removeEventListener(HANDOVER_EVENTS.ask, answer, true);
    forgeOffer(win).port1.close();
    win.dispatchEvent(new Event(HANDOVER_EVENTS.ask, { cancelable: true }));
    expect(iso.forged).toBe(2);
  });

  it('a recorder in a running page never offers on the document_start names, and an isolated script there takes nothing unasked', () => {
    const win = fakeWindow('loaded');
    const offers: Event[] = [];
    win.addEventListener(HANDOVER_EVENTS.offer, (e) => offers.push(e), true);
    const main = recorder(win);
    win.dispatchEvent(new Event(HANDOVER_EVENTS.ask, { cancelable: true }));
    expect(offers).toEqual([]);
    expect(main.ports).toEqual([]);

    // An isolated script without a key (no recorder injected before it) asks once and takes nothing later.
    const lone = fakeWindow('loaded');
    const alone = isolated(lone);
    const forged = forgeOffer(lone);
    expect(alone.ports).toEqual([]);
    expect(alone.forged).toBe(1);
    forged.port1.close();
  });

  it('an offer something else already claimed is not taken', () => {
    const win = fakeWindow('document_start');
    win.addEventListener(HANDOVER_EVENTS.offer, (e) => e.preventDefault(), true);
    const iso = isolated(win);
    const main = recorder(win);
    expect(iso.ports).toEqual([]);
    expect(iso.forged).toBe(1);
    // The recorder saw its offer taken (by whatever claimed it) and stopped offering.
    expect(main.ports).toHaveLength(1);
    main.ports[0]!.close();
  });
});
