/**
 * "Copy as cURL" for a recorded request. A report may come from a hostile page or be forged, so every
 * recorded field is data for curl, never an option: the URL goes after `--url`, globbing is off, only
 * http(s) is accepted, and anything else is refused with a reason the viewer shows.
 */
import type { Entry } from 'har-format';

/** Quotes one argument for a POSIX shell: inside single quotes nothing is special except `'` itself. */
export function shellQuote(value: string): string {
  return `'${value.replace(/'/g, `'\\''`)}'`;
}

/** The command, or why none is offered. */
export type CurlCommand = { ok: true; command: string } | { ok: false; reason: string };

// Set by curl itself, or meaningless outside the browser's own connection.
const SKIPPED_HEADERS = new Set(['content-length', 'host', 'connection', 'accept-encoding']);
// RFC 9110 token: what a method or a header name may be. Anything else could be read by curl as
// something else (`-H @file` reads headers from a file).
const TOKEN = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;

function refuse(reason: string): CurlCommand {
  return { ok: false, reason };
}

/** A curl command line that repeats the request (headers and body as recorded, redactions included). */
export function toCurl(entry: Entry): CurlCommand {
  const { request } = entry;
  let url: URL;
  try {
    url = new URL(request.url);
  } catch {
    return refuse('Not offered: the recorded URL is not a valid address; only http and https requests can be copied as cURL.');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    return refuse(`Not offered: the recorded URL uses ${url.protocol}; only http and https requests can be copied as cURL.`);
  }
  const method = request.method.toUpperCase();
  if (!TOKEN.test(method)) return refuse('Not offered: the recorded method is not a valid HTTP method.');
  const body = request.postData?.text;
  // A shell argument cannot hold a NUL character: the command would send something else.
  if (body?.includes('\0')) return refuse('Not offered: the request body holds a NUL character, which a shell command cannot carry.');

  // --globoff: curl would otherwise expand [1-9] and {a,b} in the URL into many requests.
  const parts = ['curl', '--globoff'];
  if (!(method === 'GET' && body === undefined) && !(method === 'POST' && body !== undefined)) parts.push('-X', shellQuote(method));
  for (const h of request.headers) {
    if (!TOKEN.test(h.name) || SKIPPED_HEADERS.has(h.name.toLowerCase())) continue;
    // A line break would make curl send headers of its own making.
    if (/[\r\n\0]/.test(h.value)) continue;
    parts.push('-H', shellQuote(`${h.name}: ${h.value}`));
  }
  // --data-raw, unlike --data, never reads a body that starts with @ from a file.
  if (body !== undefined) parts.push('--data-raw', shellQuote(body));
  parts.push('--url', shellQuote(request.url));
  return { ok: true, command: parts.join(' ') };
}
