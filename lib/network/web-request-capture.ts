/**
 * Capture through `webRequest` with response filters (Firefox, which has no devtools protocol for
 * extensions): request metadata and bodies from the `webRequest` events, response bodies copied by a
 * `StreamFilter` that passes every byte on untouched (`response-filter.ts`). Requests live in the tab's
 * session like the devtools protocol's and are stored through the same writer, so the HAR is the same;
 * its timings are estimated from the event times, and say so.
 */
import { browser } from 'wxt/browser';
import type { CaptureDeps, CaptureFactory, CaptureSource } from './capture-source';
import { isTextLike, type ResponseBody } from './har-entry';
import {
  bodyBlocked,
  bound,
  headerValue,
  MAX_IN_FLIGHT,
  redactHeaderMap,
  requestCookies,
  responseCookies,
  startPage,
  type LogState,
  type TrackedRequest,
} from './log-state';
import { adoptCurrentPage } from './request-log';
import { teeResponse, type FilteredBody, type StreamFilterLike } from './response-filter';
import { closeGap } from './store';
import {
  ESTIMATED_TIMINGS,
  estimatedTiming,
  headerMap,
  mimeOf,
  parseStatusLine,
  requestBodyText,
  resourceTypeOf,
  responseBodyOf,
  type HttpHeaders,
  type RequestBodyDetails,
} from './web-request-details';
import { defaultNetworkSettings } from '../settings/network';
import { redactBody, redactUrl } from '../redact';

interface Details {
  requestId: string;
  tabId: number;
  frameId?: number;
  url: string;
  method: string;
  type?: string;
  timeStamp: number;
}
interface BeforeRequestDetails extends Details {
  requestBody?: RequestBodyDetails;
}
interface SendHeadersDetails extends Details {
  requestHeaders?: HttpHeaders;
}
interface ResponseDetails extends Details {
  statusCode: number;
  statusLine?: string;
  responseHeaders?: HttpHeaders;
  fromCache?: boolean;
  ip?: string;
  redirectUrl?: string;
  responseSize?: number;
}
interface ErrorDetails extends Details {
  error: string;
}

type Listener<D> = (details: D) => unknown;
interface WebRequestEvent<D> {
  addListener(listener: Listener<D>, filter: { urls: string[] }, extraInfoSpec?: string[]): void;
  removeListener(listener: Listener<D>): void;
}

/** The part of Firefox's `webRequest` this uses (the polyfill types none of the filter API). */
export interface FirefoxWebRequest {
  onBeforeRequest: WebRequestEvent<BeforeRequestDetails>;
  onSendHeaders: WebRequestEvent<SendHeadersDetails>;
  onHeadersReceived: WebRequestEvent<ResponseDetails>;
  onBeforeRedirect: WebRequestEvent<ResponseDetails>;
  onCompleted: WebRequestEvent<ResponseDetails>;
  onErrorOccurred: WebRequestEvent<ErrorDetails>;
  filterResponseData(requestId: string): StreamFilterLike;
}

function firefoxWebRequest(): FirefoxWebRequest | undefined {
  const api = browser.webRequest as unknown as Partial<FirefoxWebRequest> | undefined;
  return typeof api?.filterResponseData === 'function' ? (api as FirefoxWebRequest) : undefined;
}

/** Whether this browser can copy response bodies through `webRequest` (Firefox with the filter permission). */
export function webRequestBodiesAvailable(): boolean {
  return firefoxWebRequest() !== undefined;
}

/** How long a finished request waits for its filter to report the body before it is stored without. */
export const FILTER_WAIT_MS = 10_000;

const URLS = { urls: ['http://*/*', 'https://*/*'] };
const FORM_TYPE = 'application/x-www-form-urlencoded';

/** What this worker keeps of a request beside its redacted log entry: nothing of it is saved. */
interface Flight {
  tabId: number;
  hop: number;
  /** Request body not yet redacted: its Content-Type comes with the headers. */
  rawBody?: { text: string; form?: true } | { size: number };
  sentAt?: number;
  headersAt?: number;
  contentType?: string;
  body?: Promise<FilteredBody>;
  /** Why no filter could be set. */
  filterError?: string;
  /** The Content-Length of a body over the cap, which no filter copies. */
  overCap?: number;
}

/** Answers that carry no body at all. */
function hasNoBody(method: string, status: number): boolean {
  return method === 'HEAD' || status === 204 || status === 304 || (status >= 100 && status < 200) || (status >= 300 && status < 400);
}

/** The `webRequest` capture source; `api` is a parameter so tests can fake it. */
export function webRequestCapture(api: () => FirefoxWebRequest | undefined = firefoxWebRequest): CaptureFactory {
  return ({ queue, sessions, states, writer, config }: CaptureDeps): CaptureSource => {
    const webRequest = api();
    const flights = new Map<string, Flight>();
    let loaded = false;
    void states.loaded.then(() => (loaded = true));
    // The listeners decide at once whether to filter a response: they read the last settings seen.
    let snapshot = { cap: defaultNetworkSettings.maxBodyBytes, noBodyUrls: [] as string[] };
    const options = async () => {
      const value = await config.get();
      snapshot = { cap: value.settings.maxBodyBytes, noBodyUrls: value.options.noBodyUrls };
      return value;
    };

    /** Runs `work` on the tab's queue if the tab is captured (known once storage is read after a wake-up). */
    function onTab(tabId: number, work: (log: LogState) => Promise<void> | void): void {
      if (tabId < 0 || (loaded && !states.isAttached(tabId))) return;
      void queue.enqueue(tabId, async () => {
        await states.loaded;
        if (!states.isAttached(tabId)) return;
        await work(await sessions.get(tabId));
        sessions.changed();
      });
    }

    function flightOf(id: string, tabId: number): Flight {
      let flight = flights.get(id);
      if (!flight) {
        flight = { tabId, hop: 0 };
        flights.set(id, flight);
        // Requests whose end never comes (the tab closed mid-way) must not grow this without end.
        if (flights.size > MAX_IN_FLIGHT) flights.delete(flights.keys().next().value!);
      }
      return flight;
    }

    const beforeRequest = (d: BeforeRequestDetails) => {
      if (d.tabId < 0 || (loaded && !states.isAttached(d.tabId))) return;
      const flight = flightOf(d.requestId, d.tabId);
      // The bytes are copied now: the details do not outlive the event.
      const body = requestBodyText(d.requestBody, snapshot.cap);
      onTab(d.tabId, async (log) => {
        const { options: o } = await options();
        const tracked: TrackedRequest = {
          requestId: d.requestId,
          hop: flight.hop,
          url: redactUrl(d.url, o.rules),
          method: d.method,
          headers: {},
          cookies: [],
          noBody: bodyBlocked(d.url, o.noBodyUrls),
          wallTimeMs: d.timeStamp,
          timestamp: d.timeStamp / 1000,
          resourceType: resourceTypeOf(d.type),
          frameId: String(d.frameId ?? 0),
          dataLength: 0,
          encodedDataLength: 0,
          timingsEstimated: ESTIMATED_TIMINGS,
        };
        if (body && !tracked.noBody) {
          if ('size' in body) tracked.postDataTruncated = body.size;
          else flight.rawBody = body;
        }
        log.requests[d.requestId] = tracked;
        bound(log.requests, MAX_IN_FLIGHT);
        if (d.type === 'main_frame' && flight.hop === 0)
          await writer.writePage(d.tabId, startPage(log, d.requestId, tracked.url, tracked.wallTimeMs, tracked.timestamp));
      });
    };

    const sendHeaders = (d: SendHeadersDetails) => {
      const flight = flights.get(d.requestId);
      if (flight) flight.sentAt = d.timeStamp;
      onTab(d.tabId, async (log) => {
        const req = log.requests[d.requestId];
        if (!req) return;
        const { options: o } = await options();
        const raw = headerMap(d.requestHeaders);
        req.headers = redactHeaderMap(raw, o.rules);
        req.cookies = requestCookies(raw);
        req.requestExtraSeen = true;
        if (flight?.rawBody && 'text' in flight.rawBody) {
          // Form fields come parsed: they are redacted, and shown, as the url-encoded text they now are.
          const type = flight.rawBody.form ? FORM_TYPE : headerValue(raw, 'content-type');
          req.postData = redactBody(flight.rawBody.text, type, o.rules);
          if (flight.rawBody.form) req.postDataMimeType = FORM_TYPE;
        }
        if (flight) delete flight.rawBody;
      });
    };

    /** Sets the response filter, synchronously, while the response waits for this listener. */
    function filterResponse(d: ResponseDetails, flight: Flight): void {
      if (!states.isAttached(d.tabId)) return;
      if (hasNoBody(d.method, d.statusCode) || !isTextLike(mimeOf(flight.contentType)) || bodyBlocked(d.url, snapshot.noBodyUrls)) return;
      // A body known to be over the cap is not kept anyway: no filter touches it. (A filtered response
      // that the network cuts off reaches the page as complete: Firefox's filter ends it cleanly.)
      const length = Number(headerValue(headerMap(d.responseHeaders), 'content-length'));
      if (length > snapshot.cap) {
        flight.overCap = length;
        return;
      }
      try {
        const filter = webRequest!.filterResponseData(d.requestId);
        const cap = snapshot.cap;
        flight.body = new Promise((resolve) => teeResponse(filter, cap, resolve));
      } catch (error) {
        flight.filterError = error instanceof Error ? error.message : String(error);
      }
    }

    const headersReceived = (d: ResponseDetails): unknown => {
      if (d.tabId < 0 || (loaded && !states.isAttached(d.tabId))) return undefined;
      const flight = flightOf(d.requestId, d.tabId);
      flight.headersAt = d.timeStamp;
      flight.contentType = headerValue(headerMap(d.responseHeaders), 'content-type');
      onTab(d.tabId, async (log) => {
        const req = log.requests[d.requestId];
        if (req) await respond(req, d, flight);
      });
      // Woken by this very response: wait for the stored tab states before deciding (Firefox lets a
      // blocking listener answer with a promise).
      if (!loaded) return states.loaded.then(() => filterResponse(d, flight)).then(() => ({}));
      filterResponse(d, flight);
      return undefined;
    };

    async function respond(req: TrackedRequest, d: ResponseDetails, flight: Flight | undefined): Promise<void> {
      const { options: o } = await options();
      const raw = headerMap(d.responseHeaders);
      const { protocol, statusText } = parseStatusLine(d.statusLine);
      req.response = {
        status: d.statusCode,
        statusText,
        headers: redactHeaderMap(raw, o.rules),
        mimeType: mimeOf(headerValue(raw, 'content-type')) || 'x-unknown',
        protocol,
        remoteIPAddress: d.ip,
        fromDiskCache: d.fromCache || undefined,
        cookies: responseCookies(raw),
        headersSize: -1,
      };
      if (flight?.sentAt !== undefined && flight.headersAt !== undefined)
        req.response.timing = estimatedTiming(flight.sentAt, flight.headersAt);
    }

    /** Ends a request (or a redirect hop): out of the log now, stored once its body is known. */
    function end(d: ResponseDetails | ErrorDetails, kind: 'redirect' | 'complete' | 'error'): void {
      const flight = flights.get(d.requestId);
      // The next hop of a redirect comes under the same id, with its own headers and body.
      if (kind === 'redirect') flights.set(d.requestId, { tabId: d.tabId, hop: (flight?.hop ?? 0) + 1 });
      else flights.delete(d.requestId);
      onTab(d.tabId, async (log) => {
        const req = log.requests[d.requestId];
        if (!req) return;
        if (kind === 'error') {
          const error = (d as ErrorDetails).error;
          req.errorText = error;
          req.canceled = /NS_BINDING_ABORTED/.test(error);
        } else {
          const r = d as ResponseDetails;
          if (!req.response || kind === 'redirect') await respond(req, r, flight);
          if (r.fromCache) req.response!.fromDiskCache = true;
          if (r.responseSize) req.encodedDataLength = r.responseSize;
        }
        req.end = d.timeStamp / 1000;
        delete log.requests[d.requestId];
        const pageref = log.pages.at(-1)?.id;
        const body = kind === 'redirect' ? undefined : flight;
        void queue.track(store(d.tabId, req, body, pageref).catch((e: unknown) => console.warn('Repro: could not store a request', e)));
      });
    }

    /** The body of a finished request, waited for beside the queue (a long body must not hold back others). */
    async function bodyOf(req: TrackedRequest, flight: Flight | undefined): Promise<ResponseBody | undefined> {
      if (req.errorText) return { kind: 'omitted', reason: `request failed: ${req.errorText}` };
      if (req.noBody) return { kind: 'omitted', reason: 'not captured: a redaction rule excludes this URL' };
      if (!req.response || hasNoBody(req.method, req.response.status)) return undefined;
      if (!isTextLike(req.response.mimeType)) return { kind: 'omitted', reason: 'binary body not captured' };
      if (flight?.overCap) return { kind: 'truncated', size: flight.overCap };
      if (flight?.filterError) return { kind: 'omitted', reason: `body not captured: ${flight.filterError}` };
      if (!flight?.body) return { kind: 'omitted', reason: 'body not captured: the response started before capture did' };
      let timer: ReturnType<typeof setTimeout> | undefined;
      const late = new Promise<FilteredBody>((resolve) => {
        timer = setTimeout(() => resolve({ state: 'error', error: 'the response filter did not finish' }), FILTER_WAIT_MS);
      });
      const filtered = await Promise.race([flight.body, late]);
      clearTimeout(timer);
      req.dataLength = filtered.state === 'complete' ? filtered.bytes.byteLength : filtered.state === 'truncated' ? filtered.size : 0;
      return responseBodyOf(filtered, flight.contentType);
    }

    async function store(tabId: number, req: TrackedRequest, flight: Flight | undefined, pageref: string | undefined): Promise<void> {
      const body = await bodyOf(req, flight);
      const { options: o } = await options();
      await writer.writeRequest(tabId, req, body, o.rules, pageref);
    }

    const redirected = (d: ResponseDetails) => end(d, 'redirect');
    const completed = (d: ResponseDetails) => end(d, 'complete');
    const failed = (d: ErrorDetails) => end(d, 'error');

    const stops: (() => void)[] = [];
    if (webRequest) {
      const add = <D>(event: WebRequestEvent<D>, listener: Listener<D>, spec?: string[]) => {
        // Firefox refuses an explicit `undefined` for the extra-info argument.
        if (spec) event.addListener(listener, URLS, spec);
        else event.addListener(listener, URLS);
        stops.push(() => event.removeListener(listener));
      };
      add(webRequest.onBeforeRequest, beforeRequest, ['requestBody']);
      add(webRequest.onSendHeaders, sendHeaders, ['requestHeaders']);
      add(webRequest.onHeadersReceived, headersReceived, ['blocking', 'responseHeaders']);
      add(webRequest.onBeforeRedirect, redirected, ['responseHeaders']);
      add(webRequest.onCompleted, completed, ['responseHeaders']);
      add(webRequest.onErrorOccurred, failed);
    }

    async function attach(tabId: number): Promise<void> {
      await states.set(tabId, { attached: true, detachReason: null, userDetached: false, fallback: false });
      const log = await sessions.get(tabId);
      const url = await browser.tabs.get(tabId).then(
        (t) => t?.url ?? '',
        () => '',
      );
      const { options: o } = await options();
      const page = adoptCurrentPage(log, url, o.rules);
      if (page) await writer.writePage(tabId, page);
      sessions.changed();
      await closeGap(tabId);
    }

    async function detach(tabId: number): Promise<void> {
      sessions.drop(tabId);
      for (const [id, flight] of flights) if (flight.tabId === tabId) flights.delete(id);
      await states.set(tabId, { attached: false, fallback: false });
    }

    return {
      kind: 'webRequest',
      attach,
      detach,
      live: (tabId) => sessions.has(tabId),
      stop: () => stops.forEach((stop) => stop()),
    };
  };
}
