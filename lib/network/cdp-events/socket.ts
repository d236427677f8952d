/** Handlers of the protocol events of WebSockets and EventSource streams: bounded, redacted message lists. */
import type { Headers } from '../cdp-types';
import {
  bodyBlocked,
  finish,
  redactHeaderMap,
  requestCookies,
  responseCookies,
  type LogOptions,
  type SocketMessage,
  type TrackedRequest,
} from '../log-state';
import { redactBase64Body, redactBody, redactUrl } from '../../redact';
import type { EventHandler } from './context';

function wallSeconds(req: TrackedRequest, timestamp: number): number {
  if (!req.timestamp || !Number.isFinite(timestamp)) return Date.now() / 1000;
  return (req.wallTimeMs + (timestamp - req.timestamp) * 1000) / 1000;
}

function pushMessage(req: TrackedRequest, message: SocketMessage, options: LogOptions): void {
  req.messages ??= [];
  if (req.messages.length >= options.maxMessages) {
    // Bounded: keep the latest, count the rest.
    req.messages.shift();
    req.messagesDropped = (req.messagesDropped ?? 0) + 1;
  }
  // Binary frames come base64-encoded: those that decode to text (a JSON payload sent as bytes) are
  // redacted like text frames; true binary stays as it is.
  let data = req.noBody
    ? ''
    : message.opcode === 1
      ? redactBody(message.data, undefined, options.rules)
      : redactBase64Body(message.data, undefined, options.rules);
  if (data.length > options.maxMessageBytes) data = data.slice(0, options.maxMessageBytes);
  req.messages.push({ ...message, data });
}

/** `Network.webSocketCreated`: a socket opens; its handshake and frames follow. */
export const webSocketCreated: EventHandler = ({ state, params, options, id }) => {
  const url = String(params.url ?? '');
  state.requests[id] = {
    requestId: id,
    hop: 0,
    url: redactUrl(url, options.rules),
    method: 'GET',
    headers: {},
    cookies: [],
    noBody: bodyBlocked(url, options.noBodyUrls),
    wallTimeMs: Date.now(),
    timestamp: 0,
    resourceType: 'WebSocket',
    dataLength: 0,
    encodedDataLength: 0,
    messages: [],
  };
};

/** `Network.webSocketWillSendHandshakeRequest`: the upgrade request, with its clock and headers. */
export const webSocketWillSendHandshakeRequest: EventHandler = ({ params, options, req }) => {
  if (!req) return;
  req.timestamp = Number(params.timestamp);
  req.wallTimeMs = Number(params.wallTime) * 1000;
  const request = params.request as { headers: Headers };
  req.headers = redactHeaderMap(request.headers, options.rules);
  req.cookies = requestCookies(request.headers);
};

/** `Network.webSocketHandshakeResponseReceived`: the server's answer to the upgrade. */
export const webSocketHandshakeResponseReceived: EventHandler = ({ params, options, req }) => {
  if (!req) return;
  const response = params.response as { status: number; statusText: string; headers: Headers };
  req.response = {
    status: response.status,
    statusText: response.statusText,
    headers: redactHeaderMap(response.headers, options.rules),
    mimeType: 'x-unknown',
    cookies: responseCookies(response.headers),
    headersSize: -1,
  };
};

function frame(type: SocketMessage['type']): EventHandler {
  return ({ params, options, req }) => {
    if (!req?.messages) return;
    const payload = params.response as { opcode: number; payloadData: string };
    pushMessage(
      req,
      { type, time: wallSeconds(req, Number(params.timestamp)), opcode: payload.opcode, data: payload.payloadData },
      options,
    );
  };
}

/** `Network.webSocketFrameSent`. */
export const webSocketFrameSent = frame('send');
/** `Network.webSocketFrameReceived`. */
export const webSocketFrameReceived = frame('receive');

/** `Network.eventSourceMessageReceived`: one server-sent event, kept like a received text frame. */
export const eventSourceMessageReceived: EventHandler = ({ params, options, req }) => {
  if (!req) return;
  req.messages ??= [];
  pushMessage(
    req,
    { type: 'receive', time: wallSeconds(req, Number(params.timestamp)), opcode: 1, data: String(params.data ?? '') },
    options,
  );
};

/** `Network.webSocketFrameError`. */
export const webSocketFrameError: EventHandler = ({ params, req }) => {
  if (req) req.errorText = String(params.errorMessage ?? 'WebSocket error');
};

/** `Network.webSocketClosed`: the socket's entry is complete. */
export const webSocketClosed: EventHandler = ({ state, params, out, req }) => {
  if (!req) return;
  req.end = Number(params.timestamp);
  finish(state, req, out);
};
