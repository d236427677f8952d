/**
 * Firefox `webRequest` details turned into the shared request model: headers as a map, the status line
 * split, request bodies from `requestBody`, response bodies from the response filter, and timings
 * estimated from the event times (the only clock `webRequest` gives).
 */
import type { Headers, ResourceTiming } from './cdp-types';
import type { ResponseBody } from './har-entry';
import type { FilteredBody } from './response-filter';

export type HttpHeaders = { name: string; value?: string }[];

/** What `onBeforeRequest` gives with `requestBody` (Firefox parses forms itself, else hands raw bytes). */
export interface RequestBodyDetails {
  error?: string;
  formData?: Record<string, string[]>;
  raw?: { bytes?: ArrayBuffer; file?: string }[];
}

/** Says where a HAR entry's timings come from on Firefox. */
export const ESTIMATED_TIMINGS =
  'estimated from Firefox webRequest event times: blocked until the request headers were sent, wait until the response headers came, receive until the end; DNS, connect and TLS are not measured';

/** A header list as a map; repeated headers (Set-Cookie) joined by newlines, as the devtools protocol does. */
export function headerMap(list: HttpHeaders | undefined): Headers {
  const out: Headers = {};
  for (const { name, value = '' } of list ?? []) out[name] = name in out ? `${out[name]}\n${value}` : value;
  return out;
}

/** `HTTP/1.1 404 Not Found` → the protocol name `toHarEntry` reads and the reason phrase. */
export function parseStatusLine(line: string | undefined): { protocol: string; statusText: string } {
  const match = /^(HTTP\/[\d.]+)\s+\d+\s*(.*)$/i.exec(line ?? '');
  if (!match) return { protocol: '', statusText: '' };
  const version = match[1]!.toUpperCase();
  const protocol = version.startsWith('HTTP/2') ? 'h2' : version.startsWith('HTTP/3') ? 'h3' : version.toLowerCase();
  return { protocol, statusText: match[2] ?? '' };
}

/** The MIME type of a Content-Type value, without its parameters. */
export function mimeOf(contentType: string | undefined): string {
  return (contentType ?? '').split(';')[0]!.trim().toLowerCase();
}

const RESOURCE_TYPES: Record<string, string> = {
  main_frame: 'Document',
  sub_frame: 'Document',
  xmlhttprequest: 'XHR',
  script: 'Script',
  stylesheet: 'Stylesheet',
  image: 'Image',
  imageset: 'Image',
  font: 'Font',
  media: 'Media',
  websocket: 'WebSocket',
  beacon: 'Ping',
  ping: 'Ping',
  csp_report: 'CSPViolationReport',
};

/** The devtools-protocol resource type of a `webRequest` type (HAR's `_resourceType` reads the same on both). */
export function resourceTypeOf(type: string | undefined): string {
  return RESOURCE_TYPES[type ?? ''] ?? 'Other';
}

/**
 * A request body as text, or its size when it is over `cap`, or nothing (no body, binary, or only a
 * file reference). Not yet redacted. Firefox hands form posts over parsed, multipart ones too: their
 * fields come back as `a=1&b=2`, marked `form`, whatever the request's Content-Type says.
 */
export function requestBodyText(
  body: RequestBodyDetails | undefined,
  cap: number,
): { text: string; form?: true } | { size: number } | null {
  if (!body || body.error) return null;
  if (body.formData) {
    const params = new URLSearchParams();
    for (const [name, values] of Object.entries(body.formData)) for (const value of values) params.append(name, value);
    const text = params.toString();
    return text.length > cap ? { size: text.length } : { text, form: true };
  }
  const parts = (body.raw ?? []).filter((p) => p.bytes);
  if (!parts.length) return null;
  const size = parts.reduce((sum, p) => sum + p.bytes!.byteLength, 0);
  if (size > cap) return { size };
  const bytes = new Uint8Array(size);
  let at = 0;
  for (const p of parts) {
    bytes.set(new Uint8Array(p.bytes!), at);
    at += p.bytes!.byteLength;
  }
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(bytes) };
  } catch {
    return null;
  }
}

/** The charset a Content-Type names, if TextDecoder knows it. */
function charsetOf(contentType: string | undefined): string {
  const label = /charset="?([^";]+)/i.exec(contentType ?? '')?.[1]?.trim() ?? 'utf-8';
  try {
    return new TextDecoder(label).encoding;
  } catch {
    return 'utf-8';
  }
}

/** A filtered response body as the HAR builder takes it: text, base64 when it is not text, or why not. */
export function responseBodyOf(filtered: FilteredBody, contentType: string | undefined): ResponseBody {
  if (filtered.state === 'truncated') return { kind: 'truncated', size: filtered.size };
  if (filtered.state === 'error')
    return { kind: 'omitted', reason: `body not captured: Firefox's response filter failed (${filtered.error})` };
  try {
    return { kind: 'text', text: new TextDecoder(charsetOf(contentType), { fatal: true }).decode(filtered.bytes), base64: false };
  } catch {
    let binary = '';
    for (let i = 0; i < filtered.bytes.length; i += 0x8000) binary += String.fromCharCode(...filtered.bytes.subarray(i, i + 0x8000));
    return { kind: 'text', text: btoa(binary), base64: true };
  }
}

/**
 * A devtools-protocol style timing from `webRequest` event times (epoch ms), so the HAR builder splits
 * Firefox's requests as it does Chromium's: queued until `sentAt`, waiting until `headersAt`.
 */
export function estimatedTiming(sentAt: number, headersAt: number): ResourceTiming {
  return {
    requestTime: sentAt / 1000,
    proxyStart: -1,
    proxyEnd: -1,
    dnsStart: -1,
    dnsEnd: -1,
    connectStart: -1,
    connectEnd: -1,
    sslStart: -1,
    sslEnd: -1,
    sendStart: 0,
    sendEnd: 0,
    receiveHeadersEnd: Math.max(0, headersAt - sentAt),
  };
}
