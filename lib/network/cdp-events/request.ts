/** Handlers of the protocol events that start a request or tell its request headers. */
import type { Headers, RequestWillBeSent } from '../cdp-types';
import {
  applyResponseExtra,
  bodyBlocked,
  bound,
  headerValue,
  isMainFrame,
  MAX_EARLY,
  MAX_IN_FLIGHT,
  mergeHeaders,
  redactHeaderMap,
  requestCookies,
  startPage,
  type TrackedRequest,
} from '../log-state';
import { redactBody, redactUrl } from '../../redact';
import type { EventHandler } from './context';
import { keepExtra, responseInfo } from './response';

/**
 * `Network.requestWillBeSent`: a request (or the next hop of a redirect, which ends the previous hop as
 * its own entry) starts; a top-frame document starts a page.
 */
export const requestWillBeSent: EventHandler = ({ state, params, options, out, id, req }) => {
  const { rules } = options;
  const p = params as unknown as RequestWillBeSent;
  let hop = 0;
  if (p.redirectResponse && req) {
    req.response = { ...responseInfo(p.redirectResponse, rules), ...keepExtra(req.response) };
    // The redirect's own ExtraInfo (its Set-Cookie, the raw header size) came before this event.
    const parked = state.early[id];
    if (parked?.responseExtra) {
      applyResponseExtra(req, parked.responseExtra);
      state.early[id] = { ...parked, responseExtra: undefined };
    }
    req.end = p.timestamp;
    req.encodedDataLength = p.redirectResponse.encodedDataLength ?? req.encodedDataLength;
    out.finished.push(req);
    hop = req.hop + 1;
  }
  const url = p.request.url + (p.request.urlFragment ?? '');
  const early = state.early[id];
  const tracked: TrackedRequest = {
    requestId: id,
    hop,
    url: redactUrl(url, rules),
    method: p.request.method,
    headers: mergeHeaders(redactHeaderMap(p.request.headers, rules), early?.requestHeaders),
    cookies: early?.requestCookies ?? requestCookies(p.request.headers),
    ...(early?.requestHeaders ? { requestExtraSeen: true } : {}),
    noBody: bodyBlocked(url, options.noBodyUrls),
    wallTimeMs: p.wallTime * 1000,
    timestamp: p.timestamp,
    resourceType: p.type,
    initiator: p.initiator
      ? { type: p.initiator.type, url: p.initiator.url ? redactUrl(p.initiator.url, rules) : undefined, lineNumber: p.initiator.lineNumber }
      : undefined,
    frameId: p.frameId,
    loaderId: p.loaderId,
    dataLength: 0,
    encodedDataLength: 0,
  };
  delete state.early[id];
  const contentType = headerValue(p.request.headers, 'content-type');
  if (p.request.postData !== undefined) {
    tracked.postData = tracked.noBody ? undefined : redactBody(p.request.postData, contentType, rules);
  } else if (p.request.hasPostData && !tracked.noBody) {
    tracked.postDataPending = true;
  }
  state.requests[id] = tracked;
  bound(state.requests, MAX_IN_FLIGHT);
  if (p.type === 'Document' && id === p.loaderId && isMainFrame(state, p.frameId) && hop === 0) {
    state.mainFrameId ??= p.frameId ?? null;
    out.pages.push(startPage(state, p.loaderId, tracked.url, tracked.wallTimeMs, p.timestamp));
  }
};

/**
 * `Network.requestWillBeSentExtraInfo`: the request headers as sent (Cookie among them). It can come
 * before its request, then it waits in `early`, redacted.
 */
export const requestWillBeSentExtraInfo: EventHandler = ({ state, params, options, id, req }) => {
  const headers = params.headers as Headers | undefined;
  const cookies = requestCookies(headers);
  if (req) {
    req.headers = mergeHeaders(req.headers, redactHeaderMap(headers, options.rules));
    if (cookies.length) req.cookies = cookies;
    req.requestExtraSeen = true;
  } else if (id) {
    state.early[id] = { ...state.early[id], requestHeaders: redactHeaderMap(headers, options.rules), requestCookies: cookies };
    bound(state.early, MAX_EARLY);
  }
};

/** `Network.requestServedFromCache`: the answer came from the memory cache. */
export const requestServedFromCache: EventHandler = ({ req }) => {
  if (req) req.fromMemoryCache = true;
};
