/**
 * MAIN-world recorder: runs in the page's own world at document_start so it can patch the page's own
 * prototypes (CSSOM, console, input setters). It imports only `lib/page/**` and the page channel's
 * schemas, and speaks only through the private port it hands to the isolated script at document_start
 * (see `lib/page/handover.ts` and `lib/page/protocol.ts`).
 */
import { record } from 'rrweb';
import * as v from 'valibot';
import { portCommandSchema } from '@/lib/page/protocol';
import { offerRecorderPort } from '@/lib/page/handover';
import { createPageRecorder } from '@/lib/page/page-recorder';
import { UNKNOWN_SCROLL_HISTORY, watchScrollHistory } from '@/lib/page/scroll-history';

/** Batches kept while no port is bound yet. */
const MAX_UNBOUND = 100;

export default defineContentScript({
  registration: 'runtime',
  world: 'MAIN',
  runAt: 'document_start',
  main() {
    const marker = Symbol.for('repro.recorder');
    const w = window as unknown as Record<symbol, boolean>;
    // Injected twice (registered script plus a repro started from the popup): the first one records.
    if (w[marker]) return;
    try {
      Object.defineProperty(window, marker, { value: true });
      const topFrame = window === window.top;
      // First, so no page script's listener can stop a scroll event before it is seen; only the top
      // frame takes a snapshot (rrweb takes same-origin frames in from there).
      const scrollHistory = topFrame ? watchScrollHistory(window) : UNKNOWN_SCROLL_HISTORY;
      // Taken now, before any page script can replace them.
      const portPost = MessagePort.prototype.postMessage;
      const stringify = JSON.stringify;
      let active: MessagePort | null = null;
      const unbound: unknown[] = [];

      const post = (port: MessagePort, message: unknown) => {
        try {
          portPost.call(port, message);
        } catch {
          // Something that cannot be cloned: JSON drops what cannot travel.
          portPost.call(port, JSON.parse(JSON.stringify(message)));
        }
      };
      const recorder = createPageRecorder({
        rrweb: {
          record: (o) => record(o),
          takeFullSnapshot: (c) => record.takeFullSnapshot(c),
          freezePage: () => record.freezePage(),
          addCustomEvent: (tag, payload) => record.addCustomEvent(tag, payload),
          takeMutatedNodes: () => (record as unknown as { reproTakeMutatedNodes?: () => number }).reproTakeMutatedNodes?.() ?? 0,
        },
        send: (batch) => {
          if (active) post(active, batch);
          else if (unbound.length < MAX_UNBOUND) unbound.push(batch);
        },
        topFrame,
        serialize: (event) => stringify(event),
        scrollHistory,
      });

      // Commands come only on the port the isolated script took in the hand-over (lib/page/handover.ts):
      // no page script ever holds its other end.
      const handover = offerRecorderPort((port) => {
        active = port;
        port.onmessage = (event: MessageEvent) => {
          const command = v.safeParse(portCommandSchema, event.data);
          if (!command.success) return;
          if (command.output.type === 'start') recorder.start(command.output.config);
          else if (command.output.type === 'checkout') recorder.checkout();
          else if (command.output.type === 'flush') {
            recorder.flush();
            post(port, { type: 'flushed' });
          } else recorder.stop();
        };
        for (const batch of unbound.splice(0)) post(port, batch);
      });
      addEventListener('pagehide', () => recorder.flush(), { capture: true });
      addEventListener('visibilitychange', () => document.visibilityState === 'hidden' && recorder.flush(), { capture: true });
      // The script's result: the worker that injected it into a running page passes the key on to the isolated script.
      return handover.key;
    } catch {
      // Never let the recorder break the page.
      return undefined;
    }
  },
});
