/** The page address as steps show it: secrets out of the query and fragment. Page-safe: no extension API. */
import { REDACTED, redactText } from '../../redact/redact';
import { redactKeyValues } from '../../redact/secret-names';

/** Query and fragment parameters that are secrets in URLs on top of the general sensitive names (OAuth). */
const URL_SECRETS = ['code', 'state', 'id_token', 'nonce'];
const MAX_PATH = 120;

/** `location.href` with secrets redacted from its query and fragment. */
export function sanitizeHref(href: string): string {
  return redactKeyValues(redactText(href), REDACTED, URL_SECRETS);
}

/** The part of a URL a step shows: path, query (secrets redacted) and a router-style fragment (`#/app`). */
export function describePath(href: string): string {
  try {
    const url = new URL(href);
    const hash = url.hash.startsWith('#/') || url.hash.startsWith('#!') ? url.hash : '';
    const path = sanitizeHref(`${url.pathname}${url.search}${hash}`);
    return path.length > MAX_PATH ? `${path.slice(0, MAX_PATH - 1)}…` : path;
  } catch {
    return '/';
  }
}
