/** Turns what a tracker answered (or did not) into one `SendErrorKind` with a message a tester can act on. */
import type { SendErrorKind, SendResult } from './types';

/** A failed request to a tracker, already classified. */
export class TrackerError extends Error {
  constructor(
    readonly kind: SendErrorKind,
    message: string,
    readonly extra: { status?: number; retryAfterSeconds?: number; fieldErrors?: Record<string, string> } = {},
  ) {
    super(message);
    this.name = 'TrackerError';
  }

  toResult(): Extract<SendResult, { ok: false }> {
    return {
      ok: false,
      kind: this.kind,
      message: this.message,
      ...(this.extra.retryAfterSeconds !== undefined ? { retryAfterSeconds: this.extra.retryAfterSeconds } : {}),
      ...(this.extra.fieldErrors ? { fieldErrors: this.extra.fieldErrors } : {}),
    };
  }
}

/** Seconds to wait from a `Retry-After` header (seconds or an HTTP date), or GitHub's reset header. */
export function retryAfterSeconds(headers: Headers, now = Date.now()): number | undefined {
  const value = headers.get('retry-after');
  if (value) {
    if (/^\d+$/.test(value.trim())) return Number(value.trim());
    const date = Date.parse(value);
    if (!Number.isNaN(date)) return Math.max(0, Math.ceil((date - now) / 1000));
  }
  const reset = headers.get('x-ratelimit-reset');
  if (reset && headers.get('x-ratelimit-remaining') === '0' && /^\d+$/.test(reset)) {
    return Math.max(0, Number(reset) - Math.floor(now / 1000));
  }
  return undefined;
}

export interface HttpFailure {
  status: number;
  headers: Headers;
  /** The parsed JSON body, or the text when it was not JSON. */
  body: unknown;
}

/** What the tracker said, per field (Jira `errors`, GitHub `errors[]`). */
export type FieldErrorReader = (body: unknown) => { fields?: Record<string, string>; messages: string[] };

/**
 * Classifies an HTTP error answer. `what` names the target for 404s ("project WEB", "repository acme/shop");
 * `tracker` is the product name in messages.
 */
export function classifyHttp(failure: HttpFailure, tracker: string, what: string, read: FieldErrorReader): TrackerError {
  const { status, headers, body } = failure;
  const said = read(body);
  const detail = said.messages.length ? ` ${tracker} said: ${said.messages.join('; ')}` : '';
  if (status === 400 || status === 422) {
    const fields = said.fields && Object.keys(said.fields).length ? said.fields : undefined;
    const list = fields
      ? ` ${Object.entries(fields)
          .map(([k, m]) => `${k}: ${m}`)
          .join('; ')}`
      : '';
    return new TrackerError('bad-request', `${tracker} refused the issue.${list}${detail}`.trim(), { status, fieldErrors: fields });
  }
  if (status === 401) {
    return new TrackerError(
      'unauthorized',
      `${tracker} did not accept the token (401). It may be wrong, expired or revoked: update it in Repro's settings.${detail}`,
      { status },
    );
  }
  if (status === 403 && /xsrf/i.test(said.messages.join(' ') + (typeof body === 'string' ? body : ''))) {
    return new TrackerError(
      'forbidden',
      `${tracker} rejected the request as cross-site (XSRF check failed). Open Repro's settings and save the connection again so Repro can set up its request rule.`,
      { status },
    );
  }
  const wait = retryAfterSeconds(headers);
  if (status === 429 || (status === 403 && wait !== undefined)) {
    const when = wait !== undefined ? ` Try again in ${wait} s.` : ' Try again in a minute.';
    return new TrackerError('rate-limited', `${tracker} is limiting requests (rate limit reached).${when}`, {
      status,
      retryAfterSeconds: wait,
    });
  }
  if (status === 403) {
    return new TrackerError('forbidden', `The token is valid but may not create issues in ${what} (403).${detail}`, { status });
  }
  if (status === 404) {
    return new TrackerError(
      'not-found',
      `${tracker} could not find ${what} (404), or the token cannot see it. Check the connection in Repro's settings.`,
      { status },
    );
  }
  if (status === 413) {
    return new TrackerError(
      'too-large',
      `${tracker} refused the file as too large (413). Send the report without the replay, or download it instead.`,
      { status },
    );
  }
  if (status >= 500) {
    return new TrackerError('server', `${tracker} had a server error (${status}). The report is kept; try again later.${detail}`, {
      status,
    });
  }
  return new TrackerError('unknown', `${tracker} answered ${status}.${detail}`, { status });
}

/** Classifies an exception from `fetch`: a timeout, or the network being down / the host unreachable. */
export function classifyThrown(error: unknown, tracker: string, host: string): TrackerError {
  if (error instanceof TrackerError) return error;
  const name = error instanceof Error ? error.name : '';
  if (name === 'TimeoutError' || name === 'AbortError') {
    return new TrackerError('timeout', `${tracker} (${host}) did not answer in time. The report is kept; try again.`);
  }
  if (error instanceof TypeError || name === 'TypeError') {
    return new TrackerError(
      'offline',
      `Could not reach ${host}: the network is down, the address is wrong, or Repro has no access to that site. The report is kept.`,
    );
  }
  return new TrackerError('unknown', `Sending to ${tracker} failed: ${error instanceof Error ? error.message : String(error)}`);
}
