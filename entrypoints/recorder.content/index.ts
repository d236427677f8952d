/**
 * ISOLATED-world recorder: asks the worker whether this page records, takes the page-world recorder's
 * private port in the document_start hand-over (`lib/page/handover.ts`), and relays what it records (validated, bounded, redacted) to the worker. Registered at
 * runtime for the sites the tester allows, or injected into one tab for a repro.
 */
import { HANDOVER_KEY } from '@/lib/page/handover';
import { recordingMessages } from '@/lib/recording/messages';
import { createPageLink } from '@/lib/recording/page-link';
import { createPageRelay } from '@/lib/recording/page-relay';

/** How long the page world may take to hand over what it holds when the reporter asks. */
const FLUSH_TIMEOUT_MS = 1000;

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
    const pageId = crypto.randomUUID();
    // Batches go over one long-lived port: about half the cost of a message each, on the page's thread.
    const batches = recordingMessages.openChannel('recording:batch');
    const relay = createPageRelay({
      page: () => ({ pageId, url: location.href, title: document.title }),
      send: (data) => batches.send(data),
      onStop: () => {
        recording = false;
        link.command({ type: 'stop' });
      },
      onCheckout: () => link.command({ type: 'checkout' }),
    });
    const link = createPageLink(relay);
    ctx.addEventListener(window, 'message', (event: MessageEvent) => link.onWindowMessage(event));
    // Set by the worker when it injected the page-world recorder first (a repro on a running page).
    const key = (globalThis as Record<string, unknown>)[HANDOVER_KEY];
    delete (globalThis as Record<string, unknown>)[HANDOVER_KEY];
    link.connect(typeof key === 'string' ? key : undefined);

    const stopPing = recordingMessages.handle('recording:tab-ping', () => ({ url: location.href, recording, pageWorldReady: link.bound }));
    const stopFlush = recordingMessages.handle('recording:tab-flush', async () => {
      if (!recording) return { flushed: false };
      const flushed = await link.flush(FLUSH_TIMEOUT_MS);
      // Answered once the worker has stored what the recorder handed over.
      await relay.idle();
      return { flushed };
    });
    ctx.onInvalidated(() => {
      link.close();
      stopPing();
      stopFlush();
      batches.close();
      relay.setRecording(false);
    });
    try {
      const answer = await recordingMessages.send('recording:hello', { url: location.href, title: document.title });
      recording = answer.record;
      if (answer.rules) relay.setRules(answer.rules);
      if (answer.record && answer.config) link.command({ type: 'start', config: answer.config });
      relay.setRecording(answer.record);
    } catch {
      relay.setRecording(false);
    }
  },
});
