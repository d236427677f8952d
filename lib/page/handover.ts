/**
 * The hand-over of the recorder's private `MessagePort` from the page's MAIN world to the isolated
 * content script, done so that no page script can see, take or replace it.
 *
 * Registered scripts run at document_start, before any page script, in an order that differs by browser
 * (measured: Chromium runs the isolated one first whatever the registration order; Firefox follows the
 * registration order). So each side, when it starts, dispatches an event on `window` and listens for the
 * other's: the one that runs second finds the first already listening. `dispatchEvent` is synchronous,
 * so the port changes hands inside the browser's document_start injection, before a page script exists
 * to listen; the port travels in a synthetic `MessageEvent`'s `ports` (never `window.postMessage`, whose
 * delivery a page's first inline script can hear). The taker confirms with `preventDefault()`, which the
 * offering side reads back from `dispatchEvent`'s result. Either side answers these fixed-name events
 * only while the document is untouched since document_start (no node added: a page script needs its
 * `<script>` element inserted before it runs).
 *
 * A recorder injected into a page that is already running (a repro) cannot count on being first. It
 * makes a random key, answers only an ask whose event type carries it, and returns the key to the
 * worker as its script's result; the worker gives it to the isolated script in that script's own world
 * (`HANDOVER_KEY`), which then asks with it. A page has no way to listen for an event type it cannot
 * name, so it sees neither the ask nor the port.
 *
 * Every other hand-over event is a page's forgery: refused, and counted by the isolated side.
 * Page-safe: DOM only, no extension API.
 */

/** Event types of the hand-over at document_start; dispatched on `window`. */
export const HANDOVER_EVENTS = {
  /** The recorder offers a port (`MessageEvent.ports[0]`); the isolated script takes it with `preventDefault()`. */
  offer: 'repro:recorder-offer',
  /** The isolated script asks for an offer; the recorder answers with one inside the dispatch. */
  ask: 'repro:recorder-ask',
} as const;

/** Where the worker leaves an injected recorder's key for the isolated script: a global of the isolated world, which pages cannot see. */
export const HANDOVER_KEY = '__reproRecorderKey';

type EventNames = { offer: string; ask: string };

/** The event types of a hand-over keyed by `key` (an injected recorder's), or the document_start ones. */
function eventNames(key?: string): EventNames {
  return key ? { offer: `${HANDOVER_EVENTS.offer}:${key}`, ask: `${HANDOVER_EVENTS.ask}:${key}` } : HANDOVER_EVENTS;
}

/** Whether `doc` is still as it was at document_start: loading, nothing parsed, so no page script has run yet. */
function watchUntouched(doc: Document): { readonly untouched: boolean; stop(): void } {
  let untouched = doc.readyState === 'loading' && (!doc.documentElement || doc.documentElement.firstChild === null);
  // One callback is enough: the first added node ends it (records before the callback are read on demand).
  const observer = untouched
    ? new MutationObserver(() => {
        untouched = false;
        observer?.disconnect();
      })
    : null;
  observer?.observe(doc, { childList: true, subtree: true });
  return {
    get untouched() {
      if (untouched && observer && observer.takeRecords().length > 0) untouched = false;
      return untouched;
    },
    stop() {
      untouched = false;
      observer?.disconnect();
    },
  };
}

/** A key nobody can guess, for an injected recorder's hand-over. */
function randomKey(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

export interface RecorderOffer {
  /** The key an isolated script injected after this recorder must ask with (the worker passes it on). */
  readonly key: string;
  stop(): void;
}

/**
 * The recorder's side (MAIN world): hands the isolated end of a fresh channel to the isolated script and
 * calls `onTaken` with its own end once taken. At document_start it offers at once and answers the
 * isolated script's ask while the document is untouched; at any time it answers an ask keyed with `key`.
 */
export function offerRecorderPort(onTaken: (port: MessagePort) => void, win: Window = window): RecorderOffer {
  const key = randomKey();
  const keyed = eventNames(key);
  const fresh = watchUntouched(win.document);
  let taken = false;

  const offer = (type: string): MessagePort | null => {
    const channel = new MessageChannel();
    if (!win.dispatchEvent(new MessageEvent(type, { cancelable: true, ports: [channel.port2] }))) return channel.port1;
    channel.port1.close();
    return null;
  };
  const take = (port: MessagePort) => {
    taken = true;
    stop();
    onTaken(port);
  };
  const answer = (names: EventNames) => (event: Event) => {
    if (taken || (names === HANDOVER_EVENTS && !fresh.untouched)) return;
    const port = offer(names.offer);
    if (!port) return;
    event.preventDefault();
    take(port);
  };
  const onAsk = answer(HANDOVER_EVENTS);
  const onKeyedAsk = answer(keyed);
  function stop() {
    fresh.stop();
    win.removeEventListener(HANDOVER_EVENTS.ask, onAsk, true);
    win.removeEventListener(keyed.ask, onKeyedAsk, true);
  }

  win.addEventListener(keyed.ask, onKeyedAsk, true);
  if (fresh.untouched) {
    const port = offer(HANDOVER_EVENTS.offer);
    if (port) take(port);
    else win.addEventListener(HANDOVER_EVENTS.ask, onAsk, true);
  }
  return { key, stop };
}

/** What the isolated side learns: the recorder's port, and hand-over events that were not the recorder's. */
export interface PortTaker {
  onPort(port: MessagePort): void;
  onForged(): void;
}

/**
 * The isolated script's side: asks for the recorder's port (with `key` when the worker injected the
 * recorder and passed its key on) and takes the first one offered while a hand-over is possible (see
 * above); every other hand-over event is reported as forged. Returns a function that stops listening.
 */
export function takeRecorderPort(taker: PortTaker, win: Window = window, key?: string): () => void {
  const names = eventNames(key);
  // Injected with a key: only the keyed offer made inside our ask is the recorder's.
  const fresh = key ? { untouched: false, stop: () => undefined } : watchUntouched(win.document);
  let asking = false;
  let taken = false;

  const onOffer = (event: Event) => {
    const port = (event as MessageEvent).ports?.[0];
    if (taken || !port || event.defaultPrevented || !(asking || fresh.untouched)) return taker.onForged();
    taken = true;
    event.preventDefault();
    fresh.stop();
    taker.onPort(port);
  };
  const onForged = () => taker.onForged();
  const onAsk = () => {
    if (!asking) taker.onForged();
  };
  const listeners: [string, (event: Event) => void][] = [
    [names.offer, onOffer],
    [names.ask, onAsk],
  ];
  // The document_start names carry only forgeries once a key is in use.
  if (key) listeners.push([HANDOVER_EVENTS.offer, onForged], [HANDOVER_EVENTS.ask, onForged]);
  for (const [type, listener] of listeners) win.addEventListener(type, listener, true);
  asking = true;
  try {
    win.dispatchEvent(new Event(names.ask, { cancelable: true }));
  } finally {
    asking = false;
  }
  if (taken || !fresh.untouched) fresh.stop();
  return () => {
    fresh.stop();
    for (const [type, listener] of listeners) win.removeEventListener(type, listener, true);
  };
}
