/** "Copy as cURL" for a recorded request. */
import type { Entry } from 'har-format';

/** Quotes one argument for a POSIX shell: inside single quotes nothing is special except `'` itself. */
export function shellQuote(value: string): string {
  return `'${value.replace(/'/g, `'\\''`)}'`;
}

// Set by curl itself, or meaningless outside the browser's own connection.
const SKIPPED_HEADERS = new Set(['content-length', 'host', 'connection', 'accept-encoding']);

/** A curl command line that repeats the request (headers and body as recorded, redactions included). */
export function toCurl(entry: Entry): string {
  const { request } = entry;
  const parts = ['curl', shellQuote(request.url)];
  const body = request.postData?.text;
  const method = request.method.toUpperCase();
  if (!(method === 'GET' && body === undefined) && !(method === 'POST' && body !== undefined)) parts.push('-X', shellQuote(method));
  for (const h of request.headers) {
    if (h.name.startsWith(':') || SKIPPED_HEADERS.has(h.name.toLowerCase())) continue;
    parts.push('-H', shellQuote(`${h.name}: ${h.value}`));
  }
  if (body !== undefined) parts.push('--data-raw', shellQuote(body));
  return parts.join(' ');
}
