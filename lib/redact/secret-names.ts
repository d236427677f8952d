/**
 * The one list of secret names: which object keys, query and fragment parameters, form fields, headers
 * and cookies hold secrets (`password`, `apiKey`, `X-Auth-Token`, `card_number`…). Every rule that
 * decides by a name asks here, so a name added below reaches network, console, steps, replay and app
 * data at once. Pure, page-safe.
 */
import { noExtraRules, type RedactionRules } from './rules';

/** Matched anywhere in a name, after lower-casing and dropping separators (`api_key` → `apikey`). */
const SECRET_PARTS = [
  'password',
  'passwd',
  'passphrase',
  'secret',
  'token',
  'authorization',
  'apikey',
  'accesskey',
  'privatekey',
  'cookie',
  'session',
  'creditcard',
  'cardnumber',
  'cardnum',
  'cvv',
  'cvc',
  'socialsecurity',
  'credential',
  'iban',
  'passcode',
  'samlresponse',
  // Session cookies by their real names: PHP, ASP.NET forms auth, Google's, WordPress's, "remember me".
  'sessid',
  'rememberme',
  'aspxauth',
  'apisid',
  '1psid',
  '3psid',
  'wordpressloggedin',
  'wordpresssec',
];

/** Matched only as a whole word of a name, because as substrings they hit harmless names (`discard`, `shipping`, `author`, `className`). */
const SECRET_WORDS = new Set([
  'card',
  'pin',
  'pan',
  'auth',
  'sid',
  'hsid',
  'sess',
  'otp',
  'pwd',
  'pass',
  'ssn',
  'jwt',
  'bearer',
  'csrf',
  'xsrf',
  'sig',
  'signature',
  'key',
  'code',
]);

/** Whole names of a shape no word list catches: Drupal's session cookie (`SESS` and 32 hex digits). */
const SECRET_NAME_SHAPES = [/^s?sess[0-9a-f]{32}$/i];

/** Words that make `key` or `code` harmless when they come with them (`keyCode`, `postal_code`, `primaryKey`). */
const HARMLESS_WITH = new Set([
  'postal',
  'zip',
  'country',
  'status',
  'error',
  'key',
  'keycode',
  'char',
  'primary',
  'foreign',
  'sort',
  'lang',
  'language',
  'currency',
  'area',
  'promo',
  'color',
  'event',
  'react',
  'cache',
  'map',
  'i18n',
  'translation',
  'code',
]);

/**
 * Whole names (separators dropped) secret in query strings, form fields and bodies, but not as keys of
 * console objects, where a bare `code` is an error code far more often (values decide: `holdsSecret`).
 */
const SECRET_FIELD_NAMES = new Set(['code', 'cc', 'ccnumber']);

/** Whole names secret only as URL query or fragment parameters (and form posts): OAuth's `state` and `nonce`. */
const SECRET_URL_NAMES = new Set(['state', 'nonce']);

/** Names whose values are often harmless constants (`code=not_found`, `state=open`): `holdsSecret` decides by the value. */
const CODE_NAMES = new Set(['code', 'state']);

/** Header names whose values are always secret. */
const SECRET_HEADERS = new Set([
  'authorization',
  'proxy-authorization',
  'cookie',
  'set-cookie',
  'x-api-key',
  'x-auth-token',
  'x-csrf-token',
]);

/** A header whose name contains one of these is secret too (`X-Upstream-Authorization`, `WWW-Authenticate`). */
const SECRET_HEADER_PARTS = ['token', 'secret', 'key', 'session', 'auth', 'password', 'signature'];

/** `name` lower-cased, separators dropped: how names are compared. */
export function normalizeName(name: string): string {
  return name.toLowerCase().replace(/[-_\s]/g, '');
}

function words(name: string): string[] {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter(Boolean);
}

function decide(name: string): boolean {
  // Long names are not split into words (cheap on keys of any size); their parts still count.
  if (name.length > 100) return SECRET_PARTS.some((s) => normalizeName(name).includes(s));
  if (SECRET_NAME_SHAPES.some((re) => re.test(name))) return true;
  const parts = words(name);
  const joined = parts.join('');
  for (const s of SECRET_PARTS) if (joined.includes(s)) return true;
  for (const w of parts) {
    if (!SECRET_WORDS.has(w)) continue;
    if (w === 'key' || w === 'code') {
      // Only alone (`key`, `code`) or with a secret-ish companion (`license_key`, `auth_code`); not `keyCode`.
      if (parts.some((p) => HARMLESS_WITH.has(p) && p !== w)) continue;
      // A bare `key` is often an API key; a bare `code` is far more often an error code.
      if (parts.length === 1) return w === 'key';
      return true;
    }
    return true;
  }
  return false;
}

const cache = new Map<string, boolean>();

function isExtra(name: string, extra: readonly string[]): boolean {
  if (!extra.length) return false;
  const n = normalizeName(name);
  return extra.some((e) => normalizeName(e) === n);
}

/**
 * True when a key of this name holds a secret wherever it is written: an object key, a `name=value` or
 * `name: value` pair in free text. `extra` adds the tester's own names.
 */
export function isSensitiveKey(name: string, extra: readonly string[] = []): boolean {
  if (!name) return false;
  if (isExtra(name, extra)) return true;
  let hit = cache.get(name);
  if (hit === undefined) {
    hit = decide(name);
    // Keys repeat; a small cache keeps redaction cheap without growing without bound.
    if (cache.size > 2000) cache.clear();
    cache.set(name, hit);
  }
  return hit;
}

/** True when a query parameter or body field of this name must be redacted (values may still decide: `isSecretPair`). */
export function isSecretField(name: string, rules: RedactionRules = noExtraRules): boolean {
  return SECRET_FIELD_NAMES.has(normalizeName(name)) || isSensitiveKey(name, rules.fields);
}

/** True when a URL query or fragment parameter (or form field) of this name must be redacted. */
export function isSecretUrlParam(name: string, rules: RedactionRules = noExtraRules): boolean {
  return SECRET_URL_NAMES.has(normalizeName(name)) || isSecretField(name, rules);
}

/** True when a header's value must be redacted. */
export function isSecretHeader(name: string, rules: RedactionRules = noExtraRules): boolean {
  const n = name.toLowerCase();
  if (SECRET_HEADERS.has(n)) return true;
  if (rules.headers.some((h) => h.toLowerCase() === n)) return true;
  // HTTP/2 pseudo-headers (`:authority`, `:path`) are not named after what they hold: `:path` gets URL
  // redaction instead, and `:authority` is the host, not an auth value.
  if (n.startsWith(':')) return false;
  // CORS headers name what they allow (`Access-Control-Allow-Credentials: true`), not a secret.
  if (n.startsWith('access-control-')) return false;
  return SECRET_HEADER_PARTS.some((part) => n.includes(part)) || isSensitiveKey(name, rules.fields);
}

/**
 * Whether a secret-named value can hold a secret: null, empty strings and booleans cannot, and under a
 * name like `code` or `state` a short constant (`E_DB`, `404`, `not_found`, `open`) is what a developer
 * needs, while a string of four or more digits is taken for a one-time code.
 */
export function holdsSecret(name: string, value: unknown): boolean {
  if (value === null || value === '' || typeof value === 'boolean') return false;
  if (CODE_NAMES.has(normalizeName(name))) {
    // A number of six to eight digits is a one-time code as likely as an error code: privacy wins.
    if (typeof value === 'number') return Number.isInteger(value) && value >= 100_000 && value < 100_000_000;
    return typeof value === 'string' && !isConstant(value);
  }
  return true;
}

function isConstant(value: string): boolean {
  if (/^\d{4,}$/.test(value)) return false;
  return value.length <= 8 || /^[A-Z0-9_.:-]{1,40}$/.test(value) || /^[a-z]+(?:[_.-][a-z]+)*$/.test(value);
}

/** True when the field `name` with this `value` must be redacted. */
export function isSecretPair(name: string, value: unknown, rules: RedactionRules = noExtraRules): boolean {
  return isSecretField(name, rules) && holdsSecret(name, value);
}
