/** Handlers of the protocol events that tell a request's response and how it ended. */
import type { CdpResponse, Headers } from '../cdp-types';
import {
  applyResponseExtra,
  bound,
  finish,
  MAX_EARLY,
  redactHeaderMap,
  responseCookies,
  type ResponseExtra,
  type ResponseInfo,
} from '../log-state';
import type { RedactionRules } from '../../redact';
import type { EventHandler } from './context';

/** The redacted response of a protocol `Response` object. */
export function responseInfo(response: CdpResponse, rules: RedactionRules): ResponseInfo {
  return {
    status: response.status,
    statusText: response.statusText,
    headers: redactHeaderMap(response.headers, rules),
    mimeType: response.mimeType,
    protocol: response.protocol,
    remoteIPAddress: response.remoteIPAddress,
    connectionId: response.connectionId,
    fromDiskCache: response.fromDiskCache,
    fromServiceWorker: response.fromServiceWorker,
    fromPrefetchCache: response.fromPrefetchCache,
    timing: response.timing,
    cookies: responseCookies(response.headers),
    headersSize: -1,
  };
}

/** Fields only ExtraInfo events bring, kept when the ordinary response event replaces the rest. */
export function keepExtra(previous: ResponseInfo | undefined): Partial<ResponseInfo> {
  return previous && previous.headersSize >= 0 ? { headersSize: previous.headersSize } : {};
}

/** `Network.responseReceived`: status, headers and timing of the response. */
export const responseReceived: EventHandler = ({ state, params, options, id, req }) => {
  if (!req) return;
  req.response = { ...responseInfo(params.response as CdpResponse, options.rules), ...keepExtra(req.response) };
  if (typeof params.type === 'string') req.resourceType = params.type;
  const early = state.early[id];
  if (early?.responseExtra) applyResponseExtra(req, early.responseExtra);
};

/** `Network.responseReceivedExtraInfo`: the raw response headers (Set-Cookie among them); may come first. */
export const responseReceivedExtraInfo: EventHandler = ({ state, params, options, id, req }) => {
  const headers = params.headers as Headers;
  const extra: ResponseExtra = {
    headers: redactHeaderMap(headers, options.rules),
    cookies: responseCookies(headers),
    headersSize: typeof params.headersText === 'string' ? params.headersText.length : undefined,
  };
  if (req?.response) applyResponseExtra(req, extra);
  else if (id) {
    state.early[id] = { ...state.early[id], responseExtra: extra };
    bound(state.early, MAX_EARLY);
  }
};

/** `Network.dataReceived`: a chunk of the body arrived. */
export const dataReceived: EventHandler = ({ params, req }) => {
  if (!req) return;
  req.dataLength += Number(params.dataLength) || 0;
  req.encodedDataLength += Number(params.encodedDataLength) || 0;
};

/** `Network.loadingFinished`: the request is done. */
export const loadingFinished: EventHandler = ({ state, params, out, req }) => {
  if (!req) return;
  req.end = Number(params.timestamp);
  if (typeof params.encodedDataLength === 'number') req.encodedDataLength = params.encodedDataLength;
  finish(state, req, out);
};

/** `Network.loadingFailed`: the request ended in an error, was blocked or canceled. */
export const loadingFailed: EventHandler = ({ state, params, out, req }) => {
  if (!req) return;
  req.end = Number(params.timestamp);
  req.errorText = String(params.errorText ?? 'failed');
  if (params.blockedReason) req.errorText += ` (blocked: ${String(params.blockedReason)})`;
  req.canceled = params.canceled === true;
  if (typeof params.type === 'string') req.resourceType = params.type;
  finish(state, req, out);
};
