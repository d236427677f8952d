/**
 * MAIN-world recorder: runs in the page's own world at document_start so it can patch the page's own
 * prototypes (CSSOM, console, input setters). It imports only `lib/page/**` and the page channel's
 * schemas, and speaks only through its private port (see `lib/messaging/page-protocol.ts`).
 */
import { record } from 'rrweb';
import * as v from 'valibot';
import { PAGE_NAMESPACE, portCommandSchema } from '@/lib/messaging/page-protocol';
import { createPageRecorder } from '@/lib/page/page-recorder';

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
      // Taken now, before any page script can replace them.
      const portPost = MessagePort.prototype.postMessage;
      const channel = new MessageChannel();
      const port = channel.port1;
      const send = (message: unknown) => {
        try {
          portPost.call(port, message);
        } catch {
          // An event that cannot be cloned: go through JSON, which drops what cannot travel.
          portPost.call(port, JSON.parse(JSON.stringify(message)));
        }
      };
      const recorder = createPageRecorder({
        rrweb: { record: (o) => record(o), takeFullSnapshot: (c) => record.takeFullSnapshot(c) },
        send,
        topFrame: window === window.top,
      });
      port.onmessage = (event: MessageEvent) => {
        const command = v.safeParse(portCommandSchema, event.data);
        if (!command.success) return;
        if (command.output.type === 'start') recorder.start(command.output.config);
        else recorder.stop();
      };
      addEventListener('pagehide', () => recorder.flush(), { capture: true });
      addEventListener('visibilitychange', () => document.visibilityState === 'hidden' && recorder.flush(), { capture: true });
      window.postMessage({ ns: PAGE_NAMESPACE, type: 'ready', href: location.href }, location.origin === 'null' ? '*' : location.origin, [
        channel.port2,
      ]);
    } catch {
      // Never let the recorder break the page.
    }
  },
});
