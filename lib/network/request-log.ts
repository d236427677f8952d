/**
 * Turns a tab's devtools-protocol Network/Page events into finished requests: one handler per event
 * (`cdp-events/`), applied to the tab's plain-JSON log (`log-state.ts`). Headers, URLs, cookies, request
 * bodies and WebSocket frames are redacted as they arrive, so the in-flight state never holds a secret.
 */
import {
  applyResponseExtra,
  mergeHeaders,
  startPage,
  type LogOptions,
  type LogOutput,
  type LogState,
  type TrackedPage,
  type TrackedRequest,
} from './log-state';
import type { EventHandler } from './cdp-events/context';
import { frameNavigated, domContentEventFired, loadEventFired } from './cdp-events/page';
import { requestServedFromCache, requestWillBeSent, requestWillBeSentExtraInfo } from './cdp-events/request';
import { dataReceived, loadingFailed, loadingFinished, responseReceived, responseReceivedExtraInfo } from './cdp-events/response';
import * as socket from './cdp-events/socket';
import { redactUrl, type RedactionRules } from '../redact';

/** The handler of each protocol event Repro reads; any other event is ignored. */
export const eventHandlers: Readonly<Record<string, EventHandler>> = {
  'Network.requestWillBeSent': requestWillBeSent,
  'Network.requestWillBeSentExtraInfo': requestWillBeSentExtraInfo,
  'Network.requestServedFromCache': requestServedFromCache,
  'Network.responseReceived': responseReceived,
  'Network.responseReceivedExtraInfo': responseReceivedExtraInfo,
  'Network.dataReceived': dataReceived,
  'Network.loadingFinished': loadingFinished,
  'Network.loadingFailed': loadingFailed,
  'Network.webSocketCreated': socket.webSocketCreated,
  'Network.webSocketWillSendHandshakeRequest': socket.webSocketWillSendHandshakeRequest,
  'Network.webSocketHandshakeResponseReceived': socket.webSocketHandshakeResponseReceived,
  'Network.webSocketFrameSent': socket.webSocketFrameSent,
  'Network.webSocketFrameReceived': socket.webSocketFrameReceived,
  'Network.webSocketFrameError': socket.webSocketFrameError,
  'Network.webSocketClosed': socket.webSocketClosed,
  'Network.eventSourceMessageReceived': socket.eventSourceMessageReceived,
  'Page.domContentEventFired': domContentEventFired,
  'Page.loadEventFired': loadEventFired,
  'Page.frameNavigated': frameNavigated,
};

/**
 * Applies one event to `state` (mutating it) and returns what finished. Unknown events are ignored;
 * events for requests that started before capture began are ignored too (there is no start to show).
 */
export function applyEvent(state: LogState, method: string, params: Record<string, unknown>, options: LogOptions): LogOutput {
  const out: LogOutput = { finished: [], pages: [] };
  const handler = Object.hasOwn(eventHandlers, method) ? eventHandlers[method] : undefined;
  if (!handler) return out;
  const id = typeof params.requestId === 'string' ? params.requestId : '';
  handler({ state, params, options, out, id, req: id ? state.requests[id] : undefined });
  return out;
}

/**
 * Starts a page for the document already loaded when capture attached (its navigation request came
 * before us), so the entries that follow belong to a page. Returns it, or null when one exists.
 */
export function adoptCurrentPage(state: LogState, url: string, rules: RedactionRules, now = Date.now()): TrackedPage | null {
  if (state.pages.length || !/^https?:/.test(url)) return null;
  return startPage(state, '', redactUrl(url, rules), now, 0);
}

/**
 * ExtraInfo that came only after its request had finished, applied to it before it is stored, then
 * forgotten. Chromium does not order them: on a loaded machine a request's `requestWillBeSentExtraInfo`,
 * the only event with its Cookie header, can follow its `loadingFinished`.
 */
export function applyLateExtra(state: LogState, req: TrackedRequest): void {
  const late = state.early[req.requestId];
  if (!late) return;
  if (late.requestHeaders) {
    req.headers = mergeHeaders(req.headers, late.requestHeaders);
    req.requestExtraSeen = true;
  }
  if (late.requestCookies?.length) req.cookies = late.requestCookies;
  if (late.responseExtra) applyResponseExtra(req, late.responseExtra);
  delete state.early[req.requestId];
}
