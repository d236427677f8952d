/**
 * ISOLATED-world recorder: asks the worker whether this page records, binds the page-world recorder's
 * private port, and relays what it records (validated, bounded, redacted) to the worker. Registered at
 * runtime for the sites the tester allows, or injected into one tab for a repro.
 */
import { parsePageMessage, PAGE_NAMESPACE, type PortCommand } from '@/lib/messaging/page-protocol';
import { handle, send } from '@/lib/messaging/runtime';
import { APP_NAMESPACE, parseAppMessage } from '@/lib/recorder/app-messages';
import { createPageRelay } from '@/lib/recorder/page-relay';

export default defineContentScript({
  registration: 'runtime',
  runAt: 'document_start',
  allFrames: true,
  async main(ctx) {
    const marker = Symbol.for('repro.relay');
    const w = window as unknown as Record<symbol, boolean>;
    // Injected for a repro into a page where the registered script already runs: one relay is enough.
    if (w[marker]) return;
    w[marker] = true;

    let recording = false;
    let port: MessagePort | null = null;
    let pendingCommand: PortCommand | null = null;
    const pageId = crypto.randomUUID();
    const command = (c: PortCommand) => {
      if (port) port.postMessage(c);
      else pendingCommand = c;
    };
    const relay = createPageRelay({
      page: () => ({ pageId, url: location.href, title: document.title }),
      send: (data) => send('capture:batch', data),
      onStop: () => {
        recording = false;
        command({ type: 'stop' });
      },
      onCheckout: () => command({ type: 'checkout' }),
    });

    ctx.addEventListener(window, 'message', (event: MessageEvent) => {
      if (event.source !== window) return;
      const data = event.data as { ns?: unknown } | null;
      if (data?.ns === APP_NAMESPACE) {
        const app = parseAppMessage(data);
        if (app?.type === 'log') relay.appLog({ ...app.entry, url: location.href });
        else if (app?.type === 'metadata') relay.appMetadata(app.data);
        return;
      }
      if (data?.ns !== PAGE_NAMESPACE) return;
      const message = parsePageMessage(data);
      if (message?.type === 'connect') return;
      if (message?.type === 'ready' && event.ports.length === 1) {
        // Only the first port is the recorder's (see page-protocol); later offers are closed unheard.
        if (port) return;
        port = event.ports[0]!;
        port.onmessage = (e: MessageEvent) => relay.fromPort(e.data);
        port.postMessage({ type: 'bound' } satisfies PortCommand);
        if (pendingCommand) port.postMessage(pendingCommand);
        pendingCommand = null;
        return;
      }
      relay.forged();
    });
    // In case the recorder's first handshake came before this listener existed.
    window.postMessage({ ns: PAGE_NAMESPACE, type: 'connect' }, location.origin === 'null' ? '*' : location.origin);

    const stop = handle('content:ping', () => ({ url: location.href, recording, pageWorldReady: port !== null }));
    ctx.onInvalidated(() => {
      stop();
      relay.setRecording(false);
    });
    try {
      const answer = await send('capture:hello', { url: location.href, title: document.title });
      recording = answer.record;
      if (answer.record && answer.config) command({ type: 'start', config: answer.config });
      relay.setRecording(answer.record);
    } catch {
      relay.setRecording(false);
    }
  },
});
