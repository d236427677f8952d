/** Headers and cookies: secret-named headers and every cookie value lose their value. Pure, page-safe. */
import { noExtraRules, REDACTED, type RedactionRules } from './rules';
import { isSecretHeader } from './secret-names';
import { redactText } from './text';
import { redactUrl } from './url';

/** Headers whose value is a URL, redacted as one. */
const URL_HEADERS = new Set(['referer', 'location', 'content-location', ':path']);

/** Redacts one header value: the whole value for secret headers, URL rules for URL headers, free-text secrets otherwise. */
export function redactHeaderValue(name: string, value: string, rules: RedactionRules = noExtraRules): string {
  if (isSecretHeader(name, rules)) return REDACTED;
  if (URL_HEADERS.has(name.toLowerCase())) return redactUrl(value, rules);
  return redactText(value, rules);
}

/** Redacts a list of `{name, value}` headers, keeping every header (so the reader sees it was sent). */
export function redactHeaders<T extends { name: string; value: string }>(headers: T[], rules: RedactionRules = noExtraRules): T[] {
  return headers.map((h) => ({ ...h, value: redactHeaderValue(h.name, h.value, rules) }));
}

/** Redacts the values of cookies (HAR `cookies` arrays): a cookie value is always a credential candidate. */
export function redactCookies<T extends { name: string; value: string }>(cookies: T[]): T[] {
  return cookies.map((c) => ({ ...c, value: REDACTED }));
}
