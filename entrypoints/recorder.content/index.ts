/**
 * ISOLATED-world recorder: asks the worker whether this page records, validates what the page world
 * sends, and relays it. Registered at runtime for the sites the tester allows.
 */
import { parsePageMessage } from '@/lib/messaging/page-protocol';
import { handle, send } from '@/lib/messaging/runtime';

export default defineContentScript({
  registration: 'runtime',
  runAt: 'document_start',
  async main(ctx) {
    let recording = false;
    let pageWorldReady = false;
    ctx.addEventListener(window, 'message', (event: MessageEvent) => {
      if (event.source !== window) return;
      const message = parsePageMessage(event.data);
      if (message?.type === 'ready') pageWorldReady = true;
    });
    const stop = handle('content:ping', () => ({ url: location.href, recording, pageWorldReady }));
    ctx.onInvalidated(stop);
    try {
      recording = (await send('capture:hello', { url: location.href, title: document.title })).record;
    } catch {
      recording = false;
    }
  },
});
