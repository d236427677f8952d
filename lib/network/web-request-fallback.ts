/**
 * Request metadata from `webRequest`, for the time the devtools protocol is not attached (the tester
 * closed the debugging bar, another debugger holds the tab) and on browsers without it. No bodies and
 * no timing split: `webRequest` gives neither. Entries are redacted like every other.
 */
import type { Entry } from 'har-format';
import { browser } from 'wxt/browser';
import { isSecretHeader, REDACTED, redactHeaderValue, redactParams, redactUrl, type RedactionRules } from '../redact';

type HttpHeaders = { name: string; value?: string }[];

/** What `webRequest` told about one request. */
export interface WebRequestRecord {
  requestId: string;
  tabId: number;
  url: string;
  method: string;
  type: string;
  /** Epoch ms. */
  start: number;
  end?: number;
  requestHeaders?: HttpHeaders;
  statusCode?: number;
  statusLine?: string;
  responseHeaders?: HttpHeaders;
  fromCache?: boolean;
  ip?: string;
  error?: string;
}

function headers(list: HttpHeaders | undefined, rules: RedactionRules) {
  return (list ?? []).map((h) => ({ name: h.name, value: redactHeaderValue(h.name, h.value ?? '', rules) }));
}

function cookieNames(list: HttpHeaders | undefined, header: 'cookie' | 'set-cookie') {
  return (list ?? [])
    .filter((h) => h.name.toLowerCase() === header && isSecretHeader(h.name))
    .flatMap((h) => (header === 'cookie' ? (h.value ?? '').split(/;\s*/) : [(h.value ?? '').split(';')[0] ?? '']))
    .filter(Boolean)
    .map((pair) => ({ name: pair.split('=')[0]!.trim(), value: REDACTED }));
}

/** The HAR entry of a finished `webRequest` record. */
export function webRequestEntry(record: WebRequestRecord, rules: RedactionRules): Entry {
  const url = redactUrl(record.url, rules);
  let query: { name: string; value: string }[];
  try {
    query = redactParams(
      [...new URL(url).searchParams.entries()].map(([name, value]) => ({ name, value })),
      rules,
    );
  } catch {
    query = [];
  }
  const time = Math.max(0, (record.end ?? record.start) - record.start);
  const version = /^HTTP\/[\d.]+/.exec(record.statusLine ?? '')?.[0] ?? 'HTTP/1.1';
  const entry: Entry & Record<string, unknown> = {
    startedDateTime: new Date(record.start).toISOString(),
    time,
    request: {
      method: record.method,
      url,
      httpVersion: version,
      cookies: cookieNames(record.requestHeaders, 'cookie'),
      headers: headers(record.requestHeaders, rules),
      queryString: query,
      headersSize: -1,
      bodySize: -1,
    },
    response: {
      status: record.statusCode ?? 0,
      statusText: (record.statusLine ?? '').replace(/^HTTP\/[\d.]+\s+\d+\s*/, ''),
      httpVersion: version,
      cookies: cookieNames(record.responseHeaders, 'set-cookie'),
      headers: headers(record.responseHeaders, rules),
      content: {
        size: 0,
        mimeType: record.responseHeaders?.find((h) => h.name.toLowerCase() === 'content-type')?.value ?? 'x-unknown',
        comment: 'body not captured: the debugger was not attached',
      },
      redirectURL: record.responseHeaders?.find((h) => h.name.toLowerCase() === 'location')?.value ?? '',
      headersSize: -1,
      bodySize: -1,
      ...(record.error ? { _error: record.error } : {}),
    },
    cache: {},
    timings: { blocked: -1, dns: -1, connect: -1, ssl: -1, send: 0, wait: 0, receive: time },
    _resourceType:
      record.type === 'xmlhttprequest' ? 'xhr' : record.type === 'main_frame' ? 'document' : (record.type as Entry['_resourceType']),
    _fromCache: record.fromCache ? 'disk' : undefined,
    _source: 'webRequest',
  };
  if (record.ip) entry.serverIPAddress = record.ip.replace(/^\[|\]$/g, '');
  if (record.error) entry.comment = `failed: ${record.error}`;
  for (const key of Object.keys(entry)) if (entry[key] === undefined) delete entry[key];
  return entry;
}

/**
 * Listens to `webRequest` for the tabs `active` names and hands each finished request to `onRecord`.
 * Listeners are added at once (so the events wake the worker); tabs not in fallback cost a lookup.
 */
export function listenWebRequests(active: (tabId: number) => boolean, onRecord: (record: WebRequestRecord) => void): () => void {
  const api = browser.webRequest;
  if (!api) return () => undefined;
  const inflight = new Map<string, WebRequestRecord>();
  const filter = { urls: ['http://*/*', 'https://*/*'] };
  type Details = { requestId: string; tabId: number; url: string; method?: string; type?: string; timeStamp: number };

  const begin = (d: Details) => {
    if (d.tabId < 0 || !active(d.tabId)) return;
    inflight.set(d.requestId, {
      requestId: d.requestId,
      tabId: d.tabId,
      url: d.url,
      method: d.method ?? 'GET',
      type: d.type ?? 'other',
      start: d.timeStamp,
    });
  };
  const sendHeaders = (d: Details & { requestHeaders?: HttpHeaders }) => {
    const r = inflight.get(d.requestId);
    if (r) r.requestHeaders = d.requestHeaders;
  };
  const finish = (
    d: Details & {
      statusCode?: number;
      statusLine?: string;
      responseHeaders?: HttpHeaders;
      fromCache?: boolean;
      ip?: string;
      error?: string;
      redirectUrl?: string;
    },
  ) => {
    const r = inflight.get(d.requestId);
    if (!r) return;
    inflight.delete(d.requestId);
    onRecord({
      ...r,
      end: d.timeStamp,
      statusCode: d.statusCode,
      statusLine: d.statusLine,
      responseHeaders: d.responseHeaders,
      fromCache: d.fromCache,
      ip: d.ip,
      error: d.error,
    });
    // A redirect continues under the same requestId: the next hop starts now.
    if (d.redirectUrl) inflight.set(d.requestId, { ...r, url: d.redirectUrl, start: d.timeStamp, requestHeaders: undefined });
  };

  type Event = { addListener: (...args: never[]) => void; removeListener: (...args: never[]) => void };
  const extra = (spec: string[]) => spec as never;
  const subscriptions: [Event, (d: never) => void, unknown[]][] = [
    [api.onBeforeRequest as unknown as Event, begin as never, []],
    [api.onSendHeaders as unknown as Event, sendHeaders as never, [extra(['requestHeaders', ...chromiumExtra()])]],
    [api.onBeforeRedirect as unknown as Event, finish as never, [extra(['responseHeaders', ...chromiumExtra()])]],
    [api.onCompleted as unknown as Event, finish as never, [extra(['responseHeaders', ...chromiumExtra()])]],
    [api.onErrorOccurred as unknown as Event, finish as never, []],
  ];
  for (const [event, listener, spec] of subscriptions) (event.addListener as (...a: unknown[]) => void)(listener, filter, ...spec);
  return () => {
    for (const [event, listener] of subscriptions) (event.removeListener as (l: unknown) => void)(listener);
  };
}

/** Chromium hides Cookie/Set-Cookie from `webRequest` unless asked with `extraHeaders`; Firefox has no such flag. */
function chromiumExtra(): string[] {
  const spec = (browser.webRequest as unknown as { OnSendHeadersOptions?: Record<string, string> } | undefined)?.OnSendHeadersOptions;
  return spec && Object.values(spec).includes('extraHeaders') ? ['extraHeaders'] : [];
}
