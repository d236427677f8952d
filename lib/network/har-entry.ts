/** Builds HAR 1.2 entries (http://www.softwareishard.com/blog/har-12-spec/) from finished requests. */
import type { Entry, Header, Page, QueryString, Timings } from 'har-format';
import type { Headers } from './cdp-types';
import type { TrackedPage, TrackedRequest } from './log-state';
import { redactBase64Body, redactBody, redactParams, type RedactionRules } from '../redact';

/** A response body as fetched from the protocol, or why there is none. */
export type ResponseBody =
  | { kind: 'text'; text: string; base64: boolean }
  /** Bigger than the cap: not fetched, its size kept. */
  | { kind: 'truncated'; size: number }
  /** Not captured, with the reason (binary type, user rule, evicted, failed request …). */
  | { kind: 'omitted'; reason: string };

/** MIME types whose bodies are worth capturing: text a developer reads. */
export function isTextLike(mimeType: string | undefined): boolean {
  const m = (mimeType ?? '').toLowerCase();
  return m.startsWith('text/') || /json|javascript|ecmascript|xml|x-www-form-urlencoded|graphql|csv|yaml|multipart\/form-data/.test(m);
}

function headerList(headers: Headers): Header[] {
  return Object.entries(headers).flatMap(([name, value]) =>
    // The protocol joins repeated headers (Set-Cookie) with newlines; HAR lists them one by one.
    String(value)
      .split('\n')
      .map((v) => ({ name, value: v })),
  );
}

function headerValue(headers: Headers, name: string): string | undefined {
  const key = Object.keys(headers).find((k) => k.toLowerCase() === name);
  return key === undefined ? undefined : headers[key];
}

function queryString(url: string): QueryString[] {
  try {
    const params = [...new URL(url).searchParams.entries()].map(([name, value]) => ({ name, value }));
    return params;
  } catch {
    return [];
  }
}

function httpVersion(protocol: string | undefined): string {
  switch (protocol) {
    case 'h2':
      return 'HTTP/2.0';
    case 'h3':
    case 'quic':
      return 'HTTP/3.0';
    case 'http/1.0':
      return 'HTTP/1.0';
    case undefined:
    case '':
      return 'HTTP/1.1';
    default:
      return protocol.toUpperCase();
  }
}

/** Splits the protocol's resource timing into HAR timings; without it, all the time is `receive`. */
export function harTimings(req: TrackedRequest): { time: number; timings: Timings } {
  const endMs = req.end !== undefined && req.timestamp ? Math.max(0, (req.end - req.timestamp) * 1000) : 0;
  const t = req.response?.timing;
  if (!t || t.requestTime <= 0) {
    return { time: endMs, timings: { blocked: -1, dns: -1, connect: -1, ssl: -1, send: 0, wait: 0, receive: endMs } };
  }
  const queued = Math.max(0, (t.requestTime - req.timestamp) * 1000);
  const firstStart = [t.dnsStart, t.connectStart, t.sendStart].find((v) => v >= 0) ?? 0;
  const blocked = queued + firstStart;
  const dns = t.dnsStart >= 0 ? Math.max(0, t.dnsEnd - t.dnsStart) : -1;
  const connect = t.connectStart >= 0 ? Math.max(0, t.connectEnd - t.connectStart) : -1;
  const ssl = t.sslStart >= 0 ? Math.max(0, t.sslEnd - t.sslStart) : -1;
  const send = Math.max(0, t.sendEnd - t.sendStart);
  const wait = Math.max(0, t.receiveHeadersEnd - t.sendEnd);
  const headersAt = queued + t.receiveHeadersEnd;
  const receive = Math.max(0, endMs - headersAt);
  const round = (n: number) => (n < 0 ? -1 : Math.round(n * 1000) / 1000);
  // `ssl` is part of `connect` in HAR, so it is not added to the total.
  const time = blocked + Math.max(0, dns) + Math.max(0, connect) + send + wait + receive;
  return {
    time: round(time),
    timings: {
      blocked: round(blocked),
      dns: round(dns),
      connect: round(connect),
      ssl: round(ssl),
      send: round(send),
      wait: round(wait),
      receive: round(receive),
    },
  };
}

export interface EntryOptions {
  rules: RedactionRules;
  pageref?: string;
}

/** The HAR entry of a finished request, with its response body already fetched (or the reason it was not). */
export function toHarEntry(req: TrackedRequest, body: ResponseBody | undefined, options: EntryOptions): Entry {
  const { rules } = options;
  const requestType = req.postDataMimeType ?? headerValue(req.headers, 'content-type') ?? 'application/octet-stream';
  const response = req.response;
  const mimeType = response?.mimeType || headerValue(response?.headers ?? {}, 'content-type') || 'x-unknown';
  const content: Entry['response']['content'] & Record<string, unknown> = { size: Math.max(0, req.dataLength), mimeType };
  if (body?.kind === 'text') {
    content.text = body.base64 ? redactBase64Body(body.text, mimeType, rules) : redactBody(body.text, mimeType, rules);
    if (body.base64) content.encoding = 'base64';
    if (!content.size) content.size = body.base64 ? Math.floor((body.text.length * 3) / 4) : new TextEncoder().encode(body.text).length;
  } else if (body?.kind === 'truncated') {
    content.size = body.size;
    content.comment = `body not kept: ${body.size} bytes is over the capture limit`;
    content._truncated = { size: body.size };
  } else if (body?.kind === 'omitted') {
    content.comment = body.reason;
  }
  const { time, timings } = harTimings(req);
  if (req.timingsEstimated) timings.comment = req.timingsEstimated;
  const fromCache = Boolean(response?.fromDiskCache || req.fromMemoryCache || response?.fromPrefetchCache);
  const entry: Entry & Record<string, unknown> = {
    ...(options.pageref ? { pageref: options.pageref } : {}),
    startedDateTime: new Date(req.wallTimeMs).toISOString(),
    time,
    request: {
      method: req.method,
      url: req.url,
      httpVersion: httpVersion(response?.protocol),
      cookies: req.cookies,
      headers: headerList(req.headers),
      queryString: redactParams(queryString(req.url), rules),
      headersSize: -1,
      bodySize: req.postData !== undefined ? new TextEncoder().encode(req.postData).length : 0,
      ...(req.postData !== undefined ? { postData: { mimeType: requestType, text: req.postData } } : {}),
      ...(req.postDataTruncated !== undefined
        ? {
            postData: {
              mimeType: requestType,
              text: '',
              comment: `body not kept: ${req.postDataTruncated} bytes is over the capture limit`,
            },
          }
        : {}),
    },
    response: {
      status: response?.status ?? 0,
      statusText: response?.statusText ?? '',
      httpVersion: httpVersion(response?.protocol),
      cookies: response?.cookies ?? [],
      headers: headerList(response?.headers ?? {}),
      content,
      redirectURL: req.response ? (headerValue(req.response.headers, 'location') ?? '') : '',
      headersSize: response?.headersSize ?? -1,
      bodySize: fromCache ? 0 : response && response.headersSize >= 0 ? Math.max(0, req.encodedDataLength - response.headersSize) : -1,
      ...(req.errorText ? { _error: req.errorText } : {}),
    },
    cache: {},
    timings,
    _resourceType: (req.resourceType ?? 'other').toLowerCase() as Entry['_resourceType'],
    _transferSize: req.encodedDataLength,
    _fromCache: fromCache ? (req.fromMemoryCache ? 'memory' : 'disk') : undefined,
    _fromServiceWorker: response?.fromServiceWorker ? true : undefined,
    _initiator: req.initiator,
  };
  if (response?.remoteIPAddress) entry.serverIPAddress = response.remoteIPAddress.replace(/^\[|\]$/g, '');
  if (response?.connectionId !== undefined) entry.connection = String(response.connectionId);
  if (req.errorText) entry.comment = req.canceled ? `canceled: ${req.errorText}` : `failed: ${req.errorText}`;
  if (req.messages) {
    entry._webSocketMessages = req.messages;
    if (req.messagesDropped) entry._webSocketMessagesDropped = req.messagesDropped;
  }
  // HAR viewers reject undefined-valued fields after JSON round trips less often than missing ones.
  for (const key of Object.keys(entry)) if (entry[key] === undefined) delete entry[key];
  return entry;
}

/** The HAR page of a navigation. */
export function toHarPage(page: TrackedPage): Page {
  return {
    id: page.id,
    startedDateTime: new Date(page.wallTimeMs).toISOString(),
    title: page.url,
    pageTimings: { onContentLoad: page.onContentLoad ?? -1, onLoad: page.onLoad ?? -1 },
  };
}
