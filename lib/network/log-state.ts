/**
 * The in-flight state of one tab's network log, shared by every capture source (the devtools protocol on
 * Chromium, `webRequest` on Firefox): requests as they progress, the pages they belong to, and the
 * helpers that keep it redacted. Plain JSON, so the worker can save it to session storage and pick it up
 * after a restart; every header, URL, cookie and body in it is redacted as it arrives.
 */
import type { CdpResponse, Headers, RequestWillBeSent } from './cdp-types';
import { REDACTED, redactCookies, redactHeaderValue, type RedactionRules } from '../redact';

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
  /** The source's request id; redirects share it, so `hop` tells the entries apart. */
  requestId: string;
  hop: number;
  url: string;
  method: string;
  headers: Headers;
  cookies: HarCookie[];
  /** Its full request headers (Cookie among them) are known: nothing more is to come. */
  requestExtraSeen?: boolean;
  /** Its full response headers (Set-Cookie among them) are known. */
  responseExtraSeen?: boolean;
  postData?: string;
  /** The type `postData` is in, where it differs from the request's Content-Type (a form Firefox parsed). */
  postDataMimeType?: string;
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
  /** Why the timings are estimates, where the source does not measure them (HAR `timings.comment`). */
  timingsEstimated?: string;
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

/** What a `responseReceivedExtraInfo` adds to a response, redacted as soon as it arrives. */
export interface ResponseExtra {
  headers: Headers;
  cookies: HarCookie[];
  headersSize?: number;
}

export interface LogState {
  mainFrameId: string | null;
  requests: Record<string, TrackedRequest>;
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
  const re = new RegExp(
    p
      .split('*')
      .map((s) => s.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
      .join('.*'),
  );
  return re.test(url);
}

/** True when a user rule says bodies of `url` are never captured. */
export function bodyBlocked(url: string, noBodyUrls: string[]): boolean {
  return noBodyUrls.some((p) => matchesUrlPattern(url, p));
}

/** Every header value redacted by name (and by the user's rules). */
export function redactHeaderMap(headers: Headers | undefined, rules: RedactionRules): Headers {
  const out: Headers = {};
  for (const [name, value] of Object.entries(headers ?? {})) out[name] = redactHeaderValue(name, String(value), rules);
  return out;
}

/**
 * `extra` over `base`, names compared case-insensitively: the `ExtraInfo` events repeat the headers
 * already known (lower-cased on HTTP/2) and add the rest, and each header should appear once.
 */
export function mergeHeaders(base: Headers | undefined, extra: Headers | undefined): Headers {
  const out: Headers = {};
  const extraNames = new Set(Object.keys(extra ?? {}).map((k) => k.toLowerCase()));
  for (const [name, value] of Object.entries(base ?? {})) if (!extraNames.has(name.toLowerCase())) out[name] = value;
  return Object.assign(out, extra);
}

/** The value of header `name` (lower-case), whatever case the source gave it. */
export function headerValue(headers: Headers | undefined, name: string): string | undefined {
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

/**
 * Requests that never finish (long polls the page abandons) and ExtraInfo events whose request we never
 * see (CORS preflights) must not grow the saved state without end: the oldest go first.
 */
export const MAX_IN_FLIGHT = 500;
export const MAX_EARLY = 200;

/** Drops the oldest keys of `map` beyond `max`. */
export function bound(map: Record<string, unknown>, max: number): void {
  const keys = Object.keys(map);
  for (let i = 0; i < keys.length - max; i++) delete map[keys[i]!];
}

/** Whether `frameId` is the tab's top frame (any frame, until the top one is known). */
export function isMainFrame(state: LogState, frameId: string | undefined): boolean {
  return state.mainFrameId === null || frameId === state.mainFrameId;
}

/** Starts a new page (a top-level navigation) at `url`, already redacted; only the latest few stay. */
export function startPage(state: LogState, loaderId: string, url: string, wallTimeMs: number, timestamp: number): TrackedPage {
  const page: TrackedPage = { id: `page_${++state.pageCount}`, loaderId, url, wallTimeMs, timestamp };
  state.pages.push(page);
  // Only the latest few pages stay in memory: older ones are already stored.
  if (state.pages.length > 5) state.pages.shift();
  return page;
}

/** Moves `req` out of the in-flight state into `out.finished`. */
export function finish(state: LogState, req: TrackedRequest, out: LogOutput): void {
  out.finished.push(req);
  delete state.requests[req.requestId];
  delete state.early[req.requestId];
}

/** Adds response ExtraInfo (full headers, Set-Cookie, raw header size) to a request's response. */
export function applyResponseExtra(req: TrackedRequest, extra: ResponseExtra): void {
  if (!req.response) return;
  req.responseExtraSeen = true;
  req.response.headers = mergeHeaders(req.response.headers, extra.headers);
  if (extra.cookies.length) req.response.cookies = extra.cookies;
  if (extra.headersSize) req.response.headersSize = extra.headersSize;
}
