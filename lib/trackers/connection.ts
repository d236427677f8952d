/**
 * What every saved tracker connection shares: the field schemas its tracker builds on, the secret kept
 * apart from it, and small helpers. Each tracker's own schema lives in its file; the union of them all
 * is in `registry.ts`.
 */
import * as v from 'valibot';
import type { Severity } from '../model/report';

/** Trimmed text of at most `max` characters. */
export const text = (max: number) => v.pipe(v.string(), v.trim(), v.maxLength(max));

/** A list of names (labels, components). */
export const names = v.pipe(v.array(text(255)), v.maxLength(50));

/** A host on this computer: `localhost`, 127.0.0.0/8 or `[::1]`. */
export function isLocalHost(hostname: string): boolean {
  return hostname === 'localhost' || hostname === '[::1]' || /^127(\.\d{1,3}){3}$/.test(hostname);
}

/**
 * An address a token may be sent to: https, or http on this computer (a local server, the test fakes).
 * Anywhere else plain http would carry the token across the network in clear.
 */
export function isSecureEndpoint(url: string): boolean {
  try {
    const { protocol, hostname } = new URL(url);
    return protocol === 'https:' || (protocol === 'http:' && isLocalHost(hostname));
  } catch {
    return false;
  }
}

/**
 * A link a tracker answered, if Repro may show it: https (or http on this computer) on one of `origins`,
 * the connection's own. Anything else — another host, `javascript:` — is dropped.
 */
export function trustedLink(url: string, origins: readonly string[]): string | undefined {
  try {
    const parsed = new URL(url);
    return isSecureEndpoint(url) && origins.includes(parsed.origin) ? parsed.href : undefined;
  } catch {
    return undefined;
  }
}

/** The address of a tracker's API or site. */
export function endpointUrl(example: string) {
  return v.pipe(
    v.string(),
    v.trim(),
    v.maxLength(2048),
    v.url(`Enter a full URL, e.g. ${example}`),
    v.check(isSecureEndpoint, 'Use https:// (http:// is allowed only for a server on this computer)'),
  );
}

/** The fields every connection has, whatever its tracker. */
export const commonFields = {
  id: text(64),
  name: text(120),
  /** The connection the popup uses for its tracker. */
  isDefault: v.boolean(),
};

/** The part of a connection the store and the service read without knowing its tracker. */
export interface ConnectionBase {
  tracker: string;
  id: string;
  name: string;
  isDefault: boolean;
}

/** The secret of a connection, kept apart from it (see `store.ts`). */
export const secretSchema = v.object({ token: v.pipe(v.string(), v.trim(), v.minLength(1, 'The token is empty'), v.maxLength(4096)) });
export type Secret = v.InferOutput<typeof secretSchema>;

/** Base URL without trailing slashes. */
export function trimBase(url: string): string {
  return url.replace(/\/+$/, '');
}

export type PriorityMap = Partial<Record<Severity, string>>;
