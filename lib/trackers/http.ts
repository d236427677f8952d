/** `fetch` with a timeout that classifies every failure into a `TrackerError`. */
import { classifyHttp, classifyThrown, type FieldErrorReader, type HttpFailure, TrackerError } from './errors';

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
  /** A tracker's own reading of an error answer (GraphQL error codes), before the shared one by status. */
  classify?: (failure: HttpFailure) => TrackerError | undefined;
}

/**
 * The most Repro reads of one answer. Its largest are searches for a filed issue (50 issue bodies of
 * at most 64 KB); a tracker that sends more is not answering what was asked, and is not read further.
 */
export const MAX_ANSWER_BYTES = 8 * 1024 * 1024;

function tooLarge(url: string): TrackerError {
  return new TrackerError(
    'server',
    `${safeHost(url)} answered with more than ${MAX_ANSWER_BYTES / (1024 * 1024)} MB; Repro stopped reading it. The report is kept; try again later.`,
  );
}

/** Reads an answer's text, at most `MAX_ANSWER_BYTES` of it. */
async function readCapped(response: Response, url: string): Promise<string> {
  if (!response.body) return '';
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let seen = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    seen += value.byteLength;
    if (seen > MAX_ANSWER_BYTES) {
      void reader.cancel();
      throw tooLarge(url);
    }
    chunks.push(value);
  }
  const bytes = new Uint8Array(seen);
  let at = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, at);
    at += chunk.byteLength;
  }
  return new TextDecoder().decode(bytes);
}

/**
 * The answer with a body that fails once it passes `MAX_ANSWER_BYTES`, for clients that read it
 * themselves (Octokit); an answer that declares more is refused before it is read.
 */
function capped(response: Response, url: string): Response {
  if (Number(response.headers.get('content-length') ?? 0) > MAX_ANSWER_BYTES) {
    void response.body?.cancel();
    throw tooLarge(url);
  }
  if (!response.body) return response;
  let seen = 0;
  const body = response.body.pipeThrough(
    new TransformStream<Uint8Array, Uint8Array>({
      transform(chunk, controller) {
        seen += chunk.byteLength;
        if (seen > MAX_ANSWER_BYTES) controller.error(tooLarge(url));
        else controller.enqueue(chunk);
      },
    }),
  );
  return new Response(body, { status: response.status, statusText: response.statusText, headers: response.headers });
}

/**
 * `fetch` for tracker requests: never attaches the browser's cookies, and caps what is read of the
 * answer. Extension requests to a host the extension may reach count as same-origin, so the default
 * would send the tester's cookies for the tracker's host (or, for a tracker on the same host as a
 * recorded site, that site's cookies) next to the token.
 */
export const fetchWithoutCookies: typeof fetch = async (input, init) => {
  const response = await fetch(input, { ...init, credentials: 'omit' });
  return capped(response, input instanceof Request ? input.url : String(input));
};

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
    text = await readCapped(response, url);
  } catch (error) {
    throw classifyThrown(error, context.tracker, host);
  }
  const body = parseBody(text);
  if (!response.ok) {
    const failure = { status: response.status, headers: response.headers, body };
    throw context.classify?.(failure) ?? classifyHttp(failure, context.tracker, context.what, context.readErrors);
  }
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
