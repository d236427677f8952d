/** The page address as steps show it: secrets out of the query and fragment. Page-safe: no extension API. */
import { REDACTED, redactUrl } from '../../redact';

const MAX_PATH = 120;

/** `location.href` with secrets redacted by the one URL redactor every capture path uses. */
export function sanitizeHref(href: string): string {
  return redactUrl(href);
}

/** The part of a URL a step shows: path, query (secrets redacted) and a router-style fragment (`#/app`). */
export function describePath(href: string): string {
  try {
    const url = new URL(href);
    const hash = url.hash.startsWith('#/') || url.hash.startsWith('#!') ? url.hash : '';
    const path = redactUrl(`${url.pathname}${url.search}${hash}`, undefined, { marker: REDACTED });
    return path.length > MAX_PATH ? `${path.slice(0, MAX_PATH - 1)}…` : path;
  } catch {
    return '/';
  }
}
