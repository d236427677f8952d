/** `fetch` with a timeout that classifies every failure into a `TrackerError`. */
import { classifyHttp, classifyThrown, type FieldErrorReader, TrackerError } from './errors';

export interface Timeouts {
  /** For JSON calls. */
  requestMs: number;
  /** For uploads. */
  uploadMs: number;
}

export const DEFAULT_TIMEOUTS: Timeouts = { requestMs: 30_000, uploadMs: 180_000 };

export interface CallContext {
  tracker: string;
  /** What a 404 means ("project WEB"). */
  what: string;
  readErrors: FieldErrorReader;
  timeoutMs: number;
}

/**
 * `fetch` that never attaches the browser's cookies. Extension requests to a host the extension may
 * reach count as same-origin, so the default would send the tester's cookies for the tracker's host
 * (or, for a tracker on the same host as a recorded site, that site's cookies) next to the token.
 */
export const fetchWithoutCookies: typeof fetch = (input, init) => fetch(input, { ...init, credentials: 'omit' });

/** Sends one request; resolves to the parsed JSON answer (or null for an empty one), throws a `TrackerError`. */
export async function call(url: string, init: RequestInit, context: CallContext): Promise<unknown> {
  const host = safeHost(url);
  let response: Response;
  try {
    response = await fetchWithoutCookies(url, { ...init, signal: AbortSignal.timeout(context.timeoutMs) });
  } catch (error) {
    throw classifyThrown(error, context.tracker, host);
  }
  let text: string;
  try {
    text = await response.text();
  } catch (error) {
    throw classifyThrown(error, context.tracker, host);
  }
  const body = parseBody(text);
  if (!response.ok) throw classifyHttp({ status: response.status, headers: response.headers, body }, context.tracker, context.what, context.readErrors);
  return body;
}

function parseBody(text: string): unknown {
  if (!text) return null;
  try {
    return JSON.parse(text);
  } catch {
    return text.slice(0, 2000);
  }
}

function safeHost(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
}

export { TrackerError };
