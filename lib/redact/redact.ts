import { isSensitiveKey, redactKeyValues } from './secret-names';
import { decodeBase64Text, encodeBase64Text } from './encoded';

/**
 * The one redaction module: everything captured (network, console, page data) passes through it
 * before it is stored. Pure and synchronous so it can run in any context.
 */

export const REDACTED = '[redacted]';

/** User-defined rules from the options page, added to the built-in ones. */
export interface RedactionRules {
  /** Extra header names to redact (case-insensitive). */
  headers: string[];
  /** Extra query/body field names to redact (case-insensitive). */
  fields: string[];
  /** Extra regular expressions (source strings) whose matches are redacted anywhere. */
  patterns: string[];
}

export const noExtraRules: RedactionRules = { headers: [], fields: [], patterns: [] };

const JWT = /\beyJ[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]*/g;
const BEARER = /\b(Bearer|Basic|Token)\s+[A-Za-z0-9._~+/=-]{8,}/gi;
const CARD_CANDIDATE = /\b(?:\d[ -]?){12,18}\d\b/g;

/** True when the digits of `candidate` pass the Luhn check. */
export function luhnValid(candidate: string): boolean {
  const digits = candidate.replace(/\D/g, '');
  if (digits.length < 13 || digits.length > 19) return false;
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = digits.charCodeAt(digits.length - 1 - i) - 48;
    if (i % 2 === 1) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return sum % 10 === 0;
}

const compiled = new Map<string, RegExp | null>();
function userPattern(source: string): RegExp | null {
  if (!compiled.has(source)) {
    try {
      compiled.set(source, new RegExp(source, 'g'));
    } catch {
      compiled.set(source, null);
    }
  }
  return compiled.get(source) ?? null;
}

/** Redacts secrets that can appear anywhere in free text: JWTs, bearer tokens, card numbers, user patterns. */
export function redactText(text: string, rules: RedactionRules = noExtraRules): string {
  let out = text.replace(JWT, REDACTED).replace(BEARER, (_m, scheme: string) => `${scheme} ${REDACTED}`);
  out = out.replace(CARD_CANDIDATE, (m) => (luhnValid(m) ? REDACTED : m));
  for (const source of rules.patterns) {
    const re = userPattern(source);
    if (re) out = out.replace(re, REDACTED);
  }
  return out;
}

// ---------------------------------------------------------------------------------------------------
// Structured redaction: headers, URLs, bodies, cookies. Used for network entries before they are stored.
// ---------------------------------------------------------------------------------------------------

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
/** A header whose name contains one of these is treated as secret. */
const SECRET_HEADER_PARTS = ['token', 'secret', 'key', 'session', 'auth', 'password', 'signature'];

/** Query/body field names that are secret (compared after lowercasing and dropping `-`/`_`). */
const SECRET_FIELDS = new Set(
  [
    'token', 'access_token', 'refresh_token', 'id_token', 'code', 'api_key', 'apikey', 'key', 'password',
    'passwd', 'pwd', 'secret', 'client_secret', 'signature', 'sig', 'session', 'sessionid', 'session_id', 'auth',
    'authorization', 'credentials', 'credential', 'ssn', 'card', 'cardnumber', 'card_number', 'cc', 'ccnumber',
    'cvv', 'cvc', 'pin', 'otp', 'private_key', 'csrf', 'csrf_token', 'xsrf_token', 'new_password',
    'current_password', 'old_password',
  ].map(normalizeName),
);
/** A field whose name contains one of these is treated as secret too. */
const SECRET_FIELD_PARTS = ['password', 'passwd', 'secret', 'token', 'apikey', 'credential', 'privatekey'];

function normalizeName(name: string): string {
  return name.toLowerCase().replace(/[-_\s]/g, '');
}

/** True when a header's value must be redacted. */
export function isSecretHeader(name: string, rules: RedactionRules = noExtraRules): boolean {
  const n = name.toLowerCase();
  if (SECRET_HEADERS.has(n)) return true;
  if (rules.headers.some((h) => h.toLowerCase() === n)) return true;
  // HTTP/2 pseudo-headers (`:authority`, `:path`) are not named after what they hold: `:path` gets URL
  // redaction instead, and `:authority` is the host, not an auth value.
  if (n.startsWith(':')) return false;
  return SECRET_HEADER_PARTS.some((part) => n.includes(part));
}

/**
 * True when a query parameter or body field of this name must be redacted: the network's own list, or
 * the one console redaction uses (`userSession`, `awsAccessKey`, `x_auth`), so a key is treated the same
 * in `network.har` and `console.json`.
 */
export function isSecretField(name: string, rules: RedactionRules = noExtraRules): boolean {
  const n = normalizeName(name);
  if (SECRET_FIELDS.has(n)) return true;
  if (rules.fields.some((f) => normalizeName(f) === n)) return true;
  if (SECRET_FIELD_PARTS.some((part) => n.includes(part))) return true;
  return isSensitiveKey(name);
}

/** Redacts one header value: the whole value for secret headers, free-text secrets otherwise. */
export function redactHeaderValue(name: string, value: string, rules: RedactionRules = noExtraRules): string {
  if (isSecretHeader(name, rules)) return REDACTED;
  const lower = name.toLowerCase();
  if (lower === 'referer' || lower === 'location' || lower === 'content-location' || lower === ':path') return redactUrl(value, rules);
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

/** Redacts `a=1&b=2` style text: secret field values, then free-text secrets in every value. */
export function redactFormText(text: string, rules: RedactionRules = noExtraRules): string {
  if (!text) return text;
  return text
    .split('&')
    .map((pair) => {
      const eq = pair.indexOf('=');
      if (eq < 0) return redactText(pair, rules);
      const rawName = pair.slice(0, eq);
      let name = rawName;
      try {
        name = decodeURIComponent(rawName.replace(/\+/g, ' '));
      } catch {
        // Malformed escapes: compare the raw name.
      }
      const rawValue = pair.slice(eq + 1);
      if (isSecretField(name, rules) && keepsSecret(name, safeDecode(rawValue))) return `${rawName}=${encodeURIComponent(REDACTED)}`;
      let value: string;
      try {
        value = decodeURIComponent(rawValue.replace(/\+/g, ' '));
      } catch {
        return `${rawName}=${redactText(rawValue, rules)}`;
      }
      const redacted = redactEmbedded(value, rules);
      return redacted === value ? pair : `${rawName}=${encodeURIComponent(redacted)}`;
    })
    .join('&');
}

function safeDecode(raw: string): string {
  try {
    return decodeURIComponent(raw.replace(/\+/g, ' '));
  } catch {
    return raw;
  }
}

/** Redacts a URL: userinfo, secret query parameters, fragments that carry parameters, free-text secrets. */
export function redactUrl(raw: string, rules: RedactionRules = noExtraRules): string {
  // A path with no origin (HTTP/2 `:path`, a relative `Location`) is redacted as if it had one.
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
  if (query) url.search = `?${redactFormText(query, rules)}`;
  // OAuth implicit flows put access_token in the fragment.
  if (hash) url.hash = hash.includes('=') ? `#${redactFormText(hash, rules)}` : `#${redactText(hash, rules)}`;
  return redactText(relative ? url.pathname + url.search + url.hash : url.toString(), rules);
}

/** Redacts a query-string list of `{name, value}` pairs (HAR `queryString`, `postData.params`). */
export function redactParams<T extends { name: string; value?: string }>(params: T[], rules: RedactionRules = noExtraRules): T[] {
  return params.map((p) => {
    if (p.value === undefined) return p;
    return { ...p, value: isSecretField(p.name, rules) && keepsSecret(p.name, p.value) ? REDACTED : redactEmbedded(p.value, rules) };
  });
}

/** Redacts a parsed JSON value: secret fields anywhere in the tree, JSON inside strings, free-text secrets. */
export function redactJsonValue(value: unknown, rules: RedactionRules = noExtraRules, depth = 0): unknown {
  if (depth > 64) return REDACTED;
  if (typeof value === 'string') return redactEmbedded(value, rules, depth + 1);
  if (typeof value === 'number') {
    const s = String(value);
    return /^\d{13,19}$/.test(s) && luhnValid(s) ? REDACTED : value;
  }
  if (Array.isArray(value)) return value.map((v) => redactJsonValue(v, rules, depth + 1));
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) {
      out[k] = isSecretField(k, rules) && keepsSecret(k, v) ? REDACTED : redactJsonValue(v, rules, depth + 1);
    }
    return out;
  }
  return value;
}

/**
 * Whether a secret-named field's value can hold a secret: null, empty strings and booleans cannot, and
 * a number under `code` is an error code far more often than an authorization code.
 */
function keepsSecret(name: string, value: unknown): boolean {
  if (value === null || value === '' || typeof value === 'boolean') return false;
  if (normalizeName(name) === 'code') {
    // A number of six to eight digits is a one-time code as likely as an error code: privacy wins.
    if (typeof value === 'number') return Number.isInteger(value) && value >= 100_000 && value < 100_000_000;
    return typeof value === 'string' && !isErrorCode(value);
  }
  return true;
}

/**
 * `code` names OAuth authorization codes (long, random), one-time codes (`482913`) and error codes
 * (`E_DB`, `404`, `not_found`) alike; error codes are what a developer needs, so short constants stay,
 * but a string of four or more digits is taken for a one-time code.
 */
function isErrorCode(value: string): boolean {
  if (/^\d{4,}$/.test(value)) return false;
  return value.length <= 8 || /^[A-Z0-9_.:-]{1,40}$/.test(value) || /^[a-z]+(?:[_.-][a-z]+)*$/.test(value);
}

/** A string that may itself hold JSON (a common pattern: `{"payload": "{\"token\": …}"}`). */
function redactEmbedded(value: string, rules: RedactionRules, depth = 0): string {
  const trimmed = value.trim();
  if ((trimmed.startsWith('{') && trimmed.endsWith('}')) || (trimmed.startsWith('[') && trimmed.endsWith(']'))) {
    try {
      return JSON.stringify(redactJsonValue(JSON.parse(trimmed), rules, depth + 1));
    } catch {
      // Not JSON after all.
    }
  }
  return redactPairs(redactText(value, rules), rules);
}

/**
 * Values of secret-named pairs written inside a string: `password: "…"` in a GraphQL query's inline
 * arguments, `token=…` in a message or a URL, `DB_PASSWORD: …` in a config file.
 */
function redactPairs(text: string, rules: RedactionRules): string {
  return redactKeyValues(text, REDACTED, [...rules.fields, ...rules.headers]);
}

/** The body kinds redaction understands, from a MIME type (and a sniff of the text for JSON). */
export function bodyKind(mimeType: string | undefined, text: string): 'json' | 'form' | 'multipart' | 'text' {
  const mime = (mimeType ?? '').toLowerCase();
  if (mime.includes('json')) return 'json';
  if (mime.includes('x-www-form-urlencoded')) return 'form';
  if (mime.includes('multipart/form-data')) return 'multipart';
  const t = text.trimStart();
  if ((t.startsWith('{') || t.startsWith('[')) && !mime.includes('html')) return 'json';
  return 'text';
}

/** Redacts a request or response body according to its type. Unparseable bodies get free-text redaction. */
export function redactBody(text: string, mimeType: string | undefined, rules: RedactionRules = noExtraRules, depth = 0): string {
  switch (bodyKind(mimeType, text)) {
    case 'json':
      try {
        return JSON.stringify(redactJsonValue(JSON.parse(text), rules));
      } catch {
        return redactText(text, rules);
      }
    case 'form':
      return redactFormText(text, rules);
    case 'multipart':
      return redactMultipart(text, mimeType ?? '', rules);
    case 'text':
      return redactPlainBody(text, mimeType, rules, depth);
  }
}

/** Plain text as the page's code writes it, not markup or source: what `redactPlainBody` reads pairs in. */
function isPlainText(mimeType: string | undefined): boolean {
  const mime = (mimeType ?? '').toLowerCase().split(';')[0]!.trim();
  return mime === '' || mime === 'text/plain' || mime === 'application/octet-stream';
}

/**
 * A text body: a whole body of base64 is decoded and redacted as the body it holds (a beacon's
 * `btoa(JSON.stringify(…))`); plain text (an uploaded `.env`, a `key=value` payload) loses the values
 * of secret-named pairs as console text does; anything else gets free-text redaction.
 */
function redactPlainBody(text: string, mimeType: string | undefined, rules: RedactionRules, depth: number): string {
  const decoded = depth < 2 ? decodeBase64Text(text) : null;
  if (decoded !== null) {
    const redacted = redactBody(decoded, undefined, rules, depth + 1);
    return redacted === decoded ? text : encodeBase64Text(redacted, text);
  }
  const out = redactText(text, rules);
  if (isPlainText(mimeType)) return redactPairs(out, rules);
  // Markup and scripts: server-rendered state (`window.__DATA__ = {"accessToken": "…"}`), hidden form
  // fields, `<meta name="csrf-token">`, XML elements named after secrets. Only string literals are
  // taken as values, so code (`var token = read();`) stays readable.
  return redactKeyValues(redactMarkup(out, mimeType, rules), REDACTED, [...rules.fields, ...rules.headers], true);
}

const TAG_WITH_VALUE = /<(?:input|meta|param|option)\b[^>]{0,2000}>/gi;
const ATTRIBUTE = /([\w:-]+)\s*=\s*("[^"]*"|'[^']*')/g;
const SECRET_ELEMENT = /<([A-Za-z][\w:.-]{0,80})(\s[^<>]{0,500})?>([^<]{1,4000})<\/\1\s*>/g;

/**
 * Secrets held by markup: the `value`/`content` of an `<input>` or `<meta>` whose `name`, `id` or
 * `property` names a secret (`<input type="hidden" name="csrf_token" value="…">`), and the text of
 * elements named after one in XML (`<password>…</password>`; HTML's own elements, `<code>` among them,
 * are left alone).
 */
function redactMarkup(text: string, mimeType: string | undefined, rules: RedactionRules): string {
  if (!text.includes('<')) return text;
  const named = (n: string) => isSecretField(n, rules) || isSecretHeader(n, rules);
  const tags = text.replace(TAG_WITH_VALUE, (tag) => {
    const attrs = [...tag.matchAll(ATTRIBUTE)];
    const secret = attrs.some(([, k, v]) => ['name', 'id', 'property', 'http-equiv'].includes(k!.toLowerCase()) && named(v!.slice(1, -1)))
      || attrs.some(([, k, v]) => k!.toLowerCase() === 'type' && v!.slice(1, -1).toLowerCase() === 'password');
    if (!secret) return tag;
    return tag.replace(ATTRIBUTE, (all, k: string, v: string) =>
      ['value', 'content'].includes(k.toLowerCase()) && v.length > 2 ? `${k}=${v[0]}${REDACTED}${v[0]}` : all,
    );
  });
  const mime = (mimeType ?? '').toLowerCase();
  if (!mime.includes('xml') || mime.includes('html')) return tags;
  return tags.replace(SECRET_ELEMENT, (all, tag: string, attrs: string | undefined, inner: string) =>
    !inner.trim() || !isSecretField(tag, rules) || !keepsSecret(tag, inner.trim()) ? all : `<${tag}${attrs ?? ''}>${REDACTED}</${tag}>`,
  );
}

/** Redacts the parts of a `multipart/form-data` body: secret-named fields lose their value. */
function redactMultipart(text: string, mimeType: string, rules: RedactionRules): string {
  const boundary = /boundary="?([^";]+)"?/i.exec(mimeType)?.[1];
  if (!boundary) return redactText(text, rules);
  const delimiter = `--${boundary}`;
  return text
    .split(delimiter)
    .map((part) => {
      const split = part.indexOf('\r\n\r\n');
      if (split < 0) return part;
      const head = part.slice(0, split);
      const body = part.slice(split + 4);
      const name = /name="([^"]*)"/i.exec(head)?.[1];
      const trailing = body.endsWith('\r\n') ? '\r\n' : '';
      const content = trailing ? body.slice(0, -2) : body;
      const typeOfPart = /content-type:\s*([^\r\n]+)/i.exec(head)?.[1];
      const redacted = name && isSecretField(name, rules) ? REDACTED : redactBody(content, typeOfPart ?? 'text/plain', rules);
      return `${head}\r\n\r\n${redacted}${trailing}`;
    })
    .join(delimiter);
}

/** Redacts a base64 body when it decodes to text; binary stays as is (secrets in binary are out of reach). */
export function redactBase64Body(base64: string, mimeType: string | undefined, rules: RedactionRules = noExtraRules): string {
  let bytes: Uint8Array;
  try {
    bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
  } catch {
    return base64;
  }
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return base64;
  }
  const redacted = redactBody(text, mimeType, rules);
  if (redacted === text) return base64;
  const out = new TextEncoder().encode(redacted);
  let binary = '';
  for (const b of out) binary += String.fromCharCode(b);
  return btoa(binary);
}
