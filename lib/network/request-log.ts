/**
 * Turns a tab's devtools-protocol Network/Page events into finished requests. Pure and serializable:
 * the state is plain JSON so the worker can save it to session storage and pick it up after a restart.
 *
 * Headers, URLs, cookies, request bodies and WebSocket frames are redacted as they arrive, so the
 * in-flight state never holds a secret either.
 */
import type { CdpResponse, Headers, RequestWillBeSent } from './cdp-types';
import { REDACTED, redactBase64Body, redactBody, redactCookies, redactHeaderValue, redactUrl, type RedactionRules } from '../redact';

export interface LogOptions {
  rules: RedactionRules;
  /** URL patterns (substring or `*` wildcard) whose bodies are never captured. */
  noBodyUrls: string[];
  /** WebSocket / EventSource messages kept per connection. */
  maxMessages: number;
  /** Bytes of one message payload kept. */
  maxMessageBytes: number;
}

export interface HarCookie {
  name: string;
  value: string;
  path?: string;
  domain?: string;
  httpOnly?: boolean;
  secure?: boolean;
}

export interface SocketMessage {
  type: 'send' | 'receive';
  /** Seconds since the epoch, as HAR viewers expect. */
  time: number;
  opcode: number;
  data: string;
}

/** What is known about a response, already redacted. */
export interface ResponseInfo {
  status: number;
  statusText: string;
  headers: Headers;
  mimeType: string;
  protocol?: string;
  remoteIPAddress?: string;
  connectionId?: number;
  fromDiskCache?: boolean;
  fromServiceWorker?: boolean;
  fromPrefetchCache?: boolean;
  timing?: CdpResponse['timing'];
  cookies: HarCookie[];
  headersSize: number;
}

/** One request in flight (or, once `end` is set, finished). Plain JSON. */
export interface TrackedRequest {
  /** The protocol's requestId; redirects share it, so `hop` tells the entries apart. */
  requestId: string;
  hop: number;
  url: string;
  method: string;
  headers: Headers;
  cookies: HarCookie[];
  /** Its `requestWillBeSentExtraInfo` (the full request headers, Cookie among them) has been applied. */
  requestExtraSeen?: boolean;
  postData?: string;
  /** The protocol said a body exists but did not inline it (`Network.getRequestPostData` fetches it). */
  postDataPending?: boolean;
  /** Size of a request body that was over the cap and not kept. */
  postDataTruncated?: number;
  /** Bodies of this URL are never captured (a user rule). */
  noBody: boolean;
  /** Epoch ms of the start. */
  wallTimeMs: number;
  /** Monotonic seconds of the start (the protocol's `timestamp`). */
  timestamp: number;
  resourceType?: string;
  initiator?: RequestWillBeSent['initiator'];
  frameId?: string;
  loaderId?: string;
  response?: ResponseInfo;
  dataLength: number;
  encodedDataLength: number;
  fromMemoryCache?: boolean;
  /** Monotonic seconds of the end; set when finished. */
  end?: number;
  errorText?: string;
  canceled?: boolean;
  messages?: SocketMessage[];
  messagesDropped?: number;
}

export interface TrackedPage {
  id: string;
  loaderId: string;
  url: string;
  wallTimeMs: number;
  timestamp: number;
  onContentLoad?: number;
  onLoad?: number;
}

export interface LogState {
  mainFrameId: string | null;
  requests: Record<string, TrackedRequest>;
  /** ExtraInfo events can come before the event they belong to; they wait here. */
  /**
   * ExtraInfo that came before its request or response, parked until it can be applied. Already
   * redacted (headers, cookies) and reduced to a size (raw header text): this state is saved to
   * session storage as it is.
   */
  early: Record<string, { requestHeaders?: Headers; requestCookies?: HarCookie[]; responseExtra?: ResponseExtra; statusCode?: number }>;
  pages: TrackedPage[];
  pageCount: number;
}

export function emptyLogState(mainFrameId: string | null = null): LogState {
  return { mainFrameId, requests: {}, early: {}, pages: [], pageCount: 0 };
}

/** What one event produced: finished requests to store and pages that started or changed. */
export interface LogOutput {
  finished: TrackedRequest[];
  pages: TrackedPage[];
}

function matchesUrlPattern(url: string, pattern: string): boolean {
  const p = pattern.trim();
  if (!p) return false;
  if (!p.includes('*')) return url.includes(p);
  const re = new RegExp(p.split('*').map((s) => s.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*'));
  return re.test(url);
}

/** True when a user rule says bodies of `url` are never captured. */
export function bodyBlocked(url: string, noBodyUrls: string[]): boolean {
  return noBodyUrls.some((p) => matchesUrlPattern(url, p));
}

function redactHeaderMap(headers: Headers | undefined, rules: RedactionRules): Headers {
  const out: Headers = {};
  for (const [name, value] of Object.entries(headers ?? {})) out[name] = redactHeaderValue(name, String(value), rules);
  return out;
}

/**
 * `extra` over `base`, names compared case-insensitively: the `ExtraInfo` events repeat the headers
 * already known (lower-cased on HTTP/2) and add the rest, and each header should appear once.
 */
function mergeHeaders(base: Headers | undefined, extra: Headers | undefined): Headers {
  const out: Headers = {};
  const extraNames = new Set(Object.keys(extra ?? {}).map((k) => k.toLowerCase()));
  for (const [name, value] of Object.entries(base ?? {})) if (!extraNames.has(name.toLowerCase())) out[name] = value;
  return Object.assign(out, extra);
}

function headerValue(headers: Headers | undefined, name: string): string | undefined {
  if (!headers) return undefined;
  const key = Object.keys(headers).find((k) => k.toLowerCase() === name);
  return key === undefined ? undefined : headers[key];
}

/** Cookie names from a `Cookie` request header, values redacted. */
export function requestCookies(headers: Headers | undefined): HarCookie[] {
  const raw = headerValue(headers, 'cookie');
  if (!raw) return [];
  const cookies = raw
    .split(/;\s*/)
    .filter(Boolean)
    .map((pair) => ({ name: pair.split('=')[0]!.trim(), value: '' }));
  return redactCookies(cookies);
}

/** Cookies a response sets (`Set-Cookie`, one per line), values redacted, attributes kept. */
export function responseCookies(headers: Headers | undefined): HarCookie[] {
  const raw = headerValue(headers, 'set-cookie');
  if (!raw) return [];
  return raw
    .split('\n')
    .filter(Boolean)
    .map((line) => {
      const [pair, ...attrs] = line.split(';').map((s) => s.trim());
      const cookie: HarCookie = { name: (pair ?? '').split('=')[0]!, value: REDACTED };
      for (const attr of attrs) {
        const [k, v] = attr.split('=');
        const key = (k ?? '').toLowerCase();
        if (key === 'path' && v) cookie.path = v;
        else if (key === 'domain' && v) cookie.domain = v;
        else if (key === 'httponly') cookie.httpOnly = true;
        else if (key === 'secure') cookie.secure = true;
      }
      return cookie;
    });
}

function responseInfo(response: CdpResponse, rules: RedactionRules): ResponseInfo {
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

/**
 * Applies one event to `state` (mutating it) and returns what finished. Unknown events are ignored;
 * events for requests that started before capture began are ignored too (there is no start to show).
 */
export function applyEvent(state: LogState, method: string, params: Record<string, unknown>, options: LogOptions): LogOutput {
  const out: LogOutput = { finished: [], pages: [] };
  const { rules } = options;
  const id = typeof params.requestId === 'string' ? params.requestId : '';
  const req = id ? state.requests[id] : undefined;

  switch (method) {
    case 'Network.requestWillBeSent': {
      const p = params as unknown as RequestWillBeSent;
      let hop = 0;
      if (p.redirectResponse && req) {
        // The previous hop ends here with the redirect response: it becomes its own entry.
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
        initiator: p.initiator ? { type: p.initiator.type, url: p.initiator.url ? redactUrl(p.initiator.url, rules) : undefined, lineNumber: p.initiator.lineNumber } : undefined,
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
        const page: TrackedPage = { id: `page_${++state.pageCount}`, loaderId: p.loaderId, url: tracked.url, wallTimeMs: tracked.wallTimeMs, timestamp: p.timestamp };
        state.pages.push(page);
        // Only the latest few pages stay in memory: older ones are already stored.
        if (state.pages.length > 5) state.pages.shift();
        out.pages.push(page);
      }
      break;
    }
    case 'Network.requestWillBeSentExtraInfo': {
      const headers = params.headers as Headers | undefined;
      const cookies = requestCookies(headers);
      if (req) {
        req.headers = mergeHeaders(req.headers, redactHeaderMap(headers, rules));
        if (cookies.length) req.cookies = cookies;
        req.requestExtraSeen = true;
      } else if (id) {
        state.early[id] = { ...state.early[id], requestHeaders: redactHeaderMap(headers, rules), requestCookies: cookies };
        bound(state.early, MAX_EARLY);
      }
      break;
    }
    case 'Network.responseReceived': {
      if (!req) break;
      const response = params.response as CdpResponse;
      req.response = { ...responseInfo(response, rules), ...keepExtra(req.response) };
      if (typeof params.type === 'string') req.resourceType = params.type;
      const early = state.early[id];
      if (early?.responseExtra) applyResponseExtra(req, early.responseExtra);
      break;
    }
    case 'Network.responseReceivedExtraInfo': {
      const headers = params.headers as Headers;
      const extra: ResponseExtra = {
        headers: redactHeaderMap(headers, rules),
        cookies: responseCookies(headers),
        headersSize: typeof params.headersText === 'string' ? params.headersText.length : undefined,
      };
      if (req?.response) applyResponseExtra(req, extra);
      else if (id) {
        state.early[id] = { ...state.early[id], responseExtra: extra };
        bound(state.early, MAX_EARLY);
      }
      break;
    }
    case 'Network.requestServedFromCache':
      if (req) req.fromMemoryCache = true;
      break;
    case 'Network.dataReceived':
      if (req) {
        req.dataLength += Number(params.dataLength) || 0;
        req.encodedDataLength += Number(params.encodedDataLength) || 0;
      }
      break;
    case 'Network.loadingFinished':
      if (!req) break;
      req.end = Number(params.timestamp);
      if (typeof params.encodedDataLength === 'number') req.encodedDataLength = params.encodedDataLength;
      finish(state, req, out);
      break;
    case 'Network.loadingFailed':
      if (!req) break;
      req.end = Number(params.timestamp);
      req.errorText = String(params.errorText ?? 'failed');
      if (params.blockedReason) req.errorText += ` (blocked: ${String(params.blockedReason)})`;
      req.canceled = params.canceled === true;
      if (typeof params.type === 'string') req.resourceType = params.type;
      finish(state, req, out);
      break;
    case 'Network.webSocketCreated': {
      const url = String(params.url ?? '');
      state.requests[id] = {
        requestId: id,
        hop: 0,
        url: redactUrl(url, rules),
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
      break;
    }
    case 'Network.webSocketWillSendHandshakeRequest':
      if (req) {
        req.timestamp = Number(params.timestamp);
        req.wallTimeMs = Number(params.wallTime) * 1000;
        const request = params.request as { headers: Headers };
        req.headers = redactHeaderMap(request.headers, rules);
        req.cookies = requestCookies(request.headers);
      }
      break;
    case 'Network.webSocketHandshakeResponseReceived':
      if (req) {
        const response = params.response as { status: number; statusText: string; headers: Headers };
        req.response = {
          status: response.status,
          statusText: response.statusText,
          headers: redactHeaderMap(response.headers, rules),
          mimeType: 'x-unknown',
          cookies: responseCookies(response.headers),
          headersSize: -1,
        };
      }
      break;
    case 'Network.webSocketFrameSent':
    case 'Network.webSocketFrameReceived':
      if (req?.messages) {
        const frame = params.response as { opcode: number; payloadData: string };
        pushMessage(req, {
          type: method === 'Network.webSocketFrameSent' ? 'send' : 'receive',
          time: wallSeconds(req, Number(params.timestamp)),
          opcode: frame.opcode,
          data: frame.payloadData,
        }, options);
      }
      break;
    case 'Network.eventSourceMessageReceived':
      if (req) {
        req.messages ??= [];
        pushMessage(req, { type: 'receive', time: wallSeconds(req, Number(params.timestamp)), opcode: 1, data: String(params.data ?? '') }, options);
      }
      break;
    case 'Network.webSocketFrameError':
      if (req) req.errorText = String(params.errorMessage ?? 'WebSocket error');
      break;
    case 'Network.webSocketClosed':
      if (!req) break;
      req.end = Number(params.timestamp);
      finish(state, req, out);
      break;
    case 'Page.domContentEventFired':
    case 'Page.loadEventFired': {
      const page = state.pages.at(-1);
      // A page adopted at attach time has no protocol timestamp to measure its load from.
      if (!page || !page.timestamp) break;
      const ms = Math.max(0, (Number(params.timestamp) - page.timestamp) * 1000);
      if (method === 'Page.loadEventFired') page.onLoad = ms;
      else page.onContentLoad = ms;
      out.pages.push(page);
      break;
    }
    case 'Page.frameNavigated': {
      const frame = params.frame as { id: string; parentId?: string } | undefined;
      if (frame && !frame.parentId) state.mainFrameId = frame.id;
      break;
    }
  }
  return out;
}

/**
 * Starts a page for the document already loaded when capture attached (its navigation request came
 * before us), so the entries that follow belong to a page. Returns it, or null when one exists.
 */
export function adoptCurrentPage(state: LogState, url: string, rules: RedactionRules, now = Date.now()): TrackedPage | null {
  if (state.pages.length || !/^https?:/.test(url)) return null;
  const page: TrackedPage = { id: `page_${++state.pageCount}`, loaderId: '', url: redactUrl(url, rules), wallTimeMs: now, timestamp: 0 };
  state.pages.push(page);
  return page;
}

/**
 * Requests that never finish (long polls the page abandons) and ExtraInfo events whose request we never
 * see (CORS preflights) must not grow the saved state without end: the oldest go first.
 */
const MAX_IN_FLIGHT = 500;
const MAX_EARLY = 200;

function bound(map: Record<string, unknown>, max: number): void {
  const keys = Object.keys(map);
  for (let i = 0; i < keys.length - max; i++) delete map[keys[i]!];
}

function isMainFrame(state: LogState, frameId: string | undefined): boolean {
  return state.mainFrameId === null || frameId === state.mainFrameId;
}

/** Fields only ExtraInfo events bring, kept when the ordinary response event replaces the rest. */
function keepExtra(previous: ResponseInfo | undefined): Partial<ResponseInfo> {
  return previous && previous.headersSize >= 0 ? { headersSize: previous.headersSize } : {};
}

/** What a `responseReceivedExtraInfo` adds to a response, redacted as soon as it arrives. */
interface ResponseExtra {
  headers: Headers;
  cookies: HarCookie[];
  headersSize?: number;
}

function applyResponseExtra(req: TrackedRequest, extra: ResponseExtra): void {
  if (!req.response) return;
  req.response.headers = mergeHeaders(req.response.headers, extra.headers);
  if (extra.cookies.length) req.response.cookies = extra.cookies;
  if (extra.headersSize) req.response.headersSize = extra.headersSize;
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

function finish(state: LogState, req: TrackedRequest, out: LogOutput): void {
  out.finished.push(req);
  delete state.requests[req.requestId];
  delete state.early[req.requestId];
}

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
  let data = req.noBody ? '' : message.opcode === 1 ? redactBody(message.data, undefined, options.rules) : redactBase64Body(message.data, undefined, options.rules);
  if (data.length > options.maxMessageBytes) data = data.slice(0, options.maxMessageBytes);
  req.messages.push({ ...message, data });
}
