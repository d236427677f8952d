/**
 * The one URL redactor: userinfo, secret-named query and fragment parameters (OAuth implicit flows put
 * `access_token` in the fragment), free-text secrets anywhere in the address. The same rules serve
 * request URLs, page addresses, step URLs and DOM URL attributes. Pure, page-safe.
 */
import { redactString } from './json';
import { noExtraRules, REDACTED, type RedactionRules } from './rules';
import { isSecretUrlParam, holdsSecret } from './secret-names';
import { redactText } from './text';

const ENCODED_MARKER = encodeURIComponent(REDACTED);

function safeDecode(raw: string): string {
  try {
    return decodeURIComponent(raw.replace(/\+/g, ' '));
  } catch {
    return raw;
  }
}

/**
 * Redacts `a=1&b=2` text (a query, a fragment with parameters, a form body): secret-named values
 * become `marker`, other values lose free-text secrets; untouched pairs keep their exact encoding.
 */
export function redactFormText(text: string, rules: RedactionRules = noExtraRules, marker = ENCODED_MARKER): string {
  if (!text) return text;
  return text
    .split('&')
    .map((pair) => {
      const eq = pair.indexOf('=');
      if (eq < 0) return redactText(pair, rules);
      const rawName = pair.slice(0, eq);
      const name = safeDecode(rawName);
      const rawValue = pair.slice(eq + 1);
      if (isSecretUrlParam(name, rules) && holdsSecret(name, safeDecode(rawValue))) return `${rawName}=${marker}`;
      let value: string;
      try {
        value = decodeURIComponent(rawValue.replace(/\+/g, ' '));
      } catch {
        return `${rawName}=${redactText(rawValue, rules)}`;
      }
      const redacted = redactString(value, rules);
      return redacted === value ? pair : `${rawName}=${encodeURIComponent(redacted)}`;
    })
    .join('&');
}

export interface UrlOptions {
  /** What a secret value becomes: URL-encoded `[redacted]` by default, `[redacted]` as is for text a person reads. */
  marker?: string;
}

/** Redacts a URL: userinfo, secret query parameters, fragments that carry parameters, free-text secrets. */
export function redactUrl(raw: string, rules: RedactionRules = noExtraRules, options: UrlOptions = {}): string {
  const marker = options.marker ?? ENCODED_MARKER;
  // A path with no origin (HTTP/2 `:path`, a relative `Location`, a step's path) is redacted as if it had one.
  const relative = raw.startsWith('/') && !raw.startsWith('//');
  let url: URL;
  try {
    url = relative ? new URL(raw, 'http://relative.invalid') : new URL(raw);
  } catch {
    return redactText(raw, rules);
  }
  if (url.username) url.username = REDACTED;
  if (url.password) url.password = '';
  const query = url.search.slice(1);
  const hash = url.hash.slice(1);
  // Set through strings so that untouched parameters keep their exact encoding.
  let search = query ? `?${redactFormText(query, rules, marker)}` : url.search;
  let fragment = hash ? (hash.includes('=') ? `#${redactFormText(hash, rules, marker)}` : `#${redactText(hash, rules)}`) : url.hash;
  // `URL` would encode a readable marker again: put it in after.
  if (marker === ENCODED_MARKER) {
    url.search = search;
    url.hash = fragment;
    search = url.search;
    fragment = url.hash;
  }
  url.search = '';
  url.hash = '';
  const base = relative ? url.pathname : url.toString();
  return redactText(`${base}${search}${fragment}`, rules);
}
