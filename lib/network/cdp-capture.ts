/**
 * Capture through the devtools protocol (Chromium): attaches to a tab, applies its Network/Page events to
 * the tab's session (`applyEvent`), fetches each finished request's bodies and hands it to the writer.
 */
import type { CdpClient } from './cdp-client';
import type { CaptureDeps, CaptureFactory, CaptureSource } from './capture-source';
import { isTextLike, type ResponseBody } from './har-entry';
import { headerValue, type TrackedRequest } from './log-state';
import { adoptCurrentPage, applyEvent, applyLateExtra } from './request-log';
import { closeGap, openGap } from './store';
import { redactBody } from '../redact';

/**
 * How long a finished request whose full request or response headers have not come yet waits for them
 * before it is stored. Requests that never get them (served from a cache, `data:`) are only stored that much later.
 */
export const LATE_EXTRA_WAIT_MS = 300;

/** Buffer sizes for `Network.enable`: the defaults evict bodies over ~20 MB before we can fetch them. */
const BUFFERS = { maxTotalBufferSize: 200 * 1024 * 1024, maxResourceBufferSize: 50 * 1024 * 1024, maxPostDataSize: 1024 * 1024 };

const detachReasons: Record<string, string> = {
  canceled_by_user: 'The debugging bar was closed, so network capture stopped; it resumes on the next page load.',
  target_closed: 'The tab closed.',
};

/** Human text of why capture stopped. */
export function describeDetach(reason: string): string {
  return detachReasons[reason] ?? `Network capture stopped (${reason}); it resumes on the next page load.`;
}

/** The response body of a finished request, fetched from the protocol, or why there is none. */
async function fetchBody(client: CdpClient, tabId: number, req: TrackedRequest, cap: number): Promise<ResponseBody | undefined> {
  if (req.errorText) return { kind: 'omitted', reason: `request failed: ${req.errorText}` };
  if (req.messages) return undefined;
  if (req.noBody) return { kind: 'omitted', reason: 'not captured: a redaction rule excludes this URL' };
  const status = req.response?.status ?? 0;
  if (status >= 300 && status < 400) return undefined;
  if (!isTextLike(req.response?.mimeType)) return { kind: 'omitted', reason: 'binary body not captured' };
  if (req.dataLength > cap) return { kind: 'truncated', size: req.dataLength };
  try {
    const got = await client.sendCommand<{ body: string; base64Encoded: boolean }>(tabId, 'Network.getResponseBody', {
      requestId: req.requestId,
    });
    const size = got.base64Encoded ? Math.floor((got.body.length * 3) / 4) : got.body.length;
    if (size > cap) return { kind: 'truncated', size };
    return { kind: 'text', text: got.body, base64: got.base64Encoded };
  } catch {
    return { kind: 'omitted', reason: 'body no longer available in the browser' };
  }
}

/** The devtools-protocol capture source over `client`. */
export function cdpCapture(client: CdpClient): CaptureFactory {
  return ({ queue, sessions, states, writer, config }: CaptureDeps): CaptureSource => {
    /** A request body the protocol did not inline, fetched, redacted and capped. */
    async function fetchPostData(tabId: number, req: TrackedRequest): Promise<void> {
      const { settings, options } = await config.get();
      try {
        const got = await client.sendCommand<{ postData: string }>(tabId, 'Network.getRequestPostData', { requestId: req.requestId });
        if (got.postData.length > settings.maxBodyBytes) req.postDataTruncated = got.postData.length;
        else req.postData = redactBody(got.postData, headerValue(req.headers, 'content-type'), options.rules);
      } catch {
        // The body was a stream or a file: nothing the protocol can give back.
      }
      delete req.postDataPending;
    }

    async function finishRequest(tabId: number, req: TrackedRequest, pageref: string | undefined): Promise<void> {
      const { settings, options } = await config.get();
      if (req.postDataPending) await fetchPostData(tabId, req);
      const body = await fetchBody(client, tabId, req, settings.maxBodyBytes);
      // Its full request or response headers may still be on their way (they are not ordered with
      // loadingFinished), or already received and waiting in the tab's queue behind slower work: both
      // are applied first.
      if (!req.requestExtraSeen || (req.response && !req.responseExtraSeen)) {
        await new Promise((resolve) => setTimeout(resolve, LATE_EXTRA_WAIT_MS));
        await queue.enqueue(tabId, async () => undefined);
      }
      const log = sessions.peek(tabId);
      if (log) {
        applyLateExtra(log, req);
        sessions.changed();
      }
      await writer.writeRequest(tabId, req, body, options.rules, pageref);
    }

    function onEvent(tabId: number, method: string, params: Record<string, unknown>): void {
      void queue.enqueue(tabId, async () => {
        const { options } = await config.get();
        const log = await sessions.get(tabId);
        const out = applyEvent(log, method, params, options);
        sessions.changed();
        for (const page of out.pages) void queue.track(writer.writePage(tabId, page));
        const pageref = log.pages.at(-1)?.id;
        // Body fetches run beside the queue: a slow body must not hold back later events.
        for (const req of out.finished) {
          void queue.track(
            finishRequest(tabId, structuredClone(req), pageref).catch((e: unknown) => console.warn('Repro: could not store a request', e)),
          );
        }
      });
    }

    function onDetach(tabId: number, reason: string): void {
      void queue.enqueue(tabId, async () => {
        sessions.drop(tabId);
        if (reason === 'target_closed') {
          await states.set(tabId, null);
          return;
        }
        await states.set(tabId, { attached: false, detachReason: reason, userDetached: reason === 'canceled_by_user', fallback: true });
        await openGap(tabId, describeDetach(reason));
      });
    }

    async function attach(tabId: number): Promise<void> {
      try {
        await client.attach(tabId);
      } catch (error) {
        // After a worker restart the session may still be ours: a command then works.
        const ours = await client.sendCommand(tabId, 'Runtime.evaluate', { expression: '1' }).then(
          () => true,
          () => false,
        );
        if (!ours) {
          const message = error instanceof Error ? error.message : String(error);
          await states.set(tabId, { attached: false, fallback: true, detachReason: message });
          await openGap(tabId, `Network capture could not start: ${message}`);
          return;
        }
      }
      try {
        await client.sendCommand(tabId, 'Network.enable', BUFFERS);
        await client.sendCommand(tabId, 'Page.enable');
        const tree = await client.sendCommand<{ frameTree: { frame: { id: string; url: string } } }>(tabId, 'Page.getFrameTree');
        const log = await sessions.get(tabId);
        log.mainFrameId = tree.frameTree.frame.id;
        const { options } = await config.get();
        const page = adoptCurrentPage(log, tree.frameTree.frame.url, options.rules);
        if (page) await writer.writePage(tabId, page);
        sessions.changed();
      } catch (error) {
        console.warn('Repro: network capture could not enable the Network domain', error);
      }
      await states.set(tabId, { attached: true, detachReason: null, userDetached: false, fallback: false });
      await closeGap(tabId);
    }

    async function detach(tabId: number): Promise<void> {
      await client.detach(tabId).catch(() => undefined);
      sessions.drop(tabId);
      await states.set(tabId, { attached: false, fallback: false });
    }

    const stops = [client.onEvent(onEvent), client.onDetach(onDetach)];
    return {
      kind: 'devtools',
      attach,
      detach,
      live: (tabId) => sessions.has(tabId),
      stop: () => stops.forEach((stop) => stop()),
    };
  };
}
