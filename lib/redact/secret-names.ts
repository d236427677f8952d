/**
 * Which names of object keys, query parameters and form fields hold secrets (`password`, `apiKey`,
 * `X-Auth-Token`, `card_number`…), and the redaction of their values inside free text
 * (`token=abc`, `"password": "x"`). Pure, page-safe: used in the page (step URLs) and by the recorder
 * (console entries).
 */

/** Matched anywhere in the key, after lower-casing and dropping separators (`api_key` → `apikey`). */
const SUBSTRINGS = [
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
];

/** Matched only as a whole word of the key, because as substrings they hit harmless names (`discard`, `shipping`, `author`, `className`). */
const WORDS = new Set(['card', 'pin', 'auth', 'sid', 'otp', 'pwd', 'pass', 'ssn', 'jwt', 'bearer', 'csrf', 'xsrf', 'sig', 'signature', 'key', 'code']);

/** Words that make `key` or `code` harmless when they come with them (`keyCode`, `postal_code`, `primaryKey`). */
const HARMLESS_WITH = new Set(['postal', 'zip', 'country', 'status', 'error', 'key', 'keycode', 'char', 'primary', 'foreign', 'sort', 'lang', 'language', 'currency', 'area', 'promo', 'color', 'event', 'react', 'cache', 'map', 'i18n', 'translation', 'code']);

const cache = new Map<string, boolean>();

function words(name: string): string[] {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter(Boolean);
}

function decide(name: string): boolean {
  const parts = words(name);
  const joined = parts.join('');
  for (const s of SUBSTRINGS) if (joined.includes(s)) return true;
  for (let i = 0; i < parts.length; i++) {
    const w = parts[i]!;
    if (!WORDS.has(w)) continue;
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

/**
 * True when a key, parameter or field of this name holds a secret. `extra` adds exact names
 * (case-insensitive), e.g. the tester's own field list.
 */
export function isSensitiveKey(name: string, extra: readonly string[] = []): boolean {
  if (!name) return false;
  if (extra.length) {
    const lower = name.toLowerCase();
    for (const e of extra) if (e.toLowerCase() === lower) return true;
  }
  let hit = cache.get(name);
  if (hit === undefined) {
    hit = name.length > 100 ? false : decide(name);
    // Keys repeat; a small cache keeps redaction cheap without growing without bound.
    if (cache.size > 2000) cache.clear();
    cache.set(name, hit);
  }
  return hit;
}

/** A `name=` / `name:` / `"name":` prefix in free text: group 1 an optional quote, 2 the name, 3 the separator. */
const NAME = /(["']?)([A-Za-z_$][\w$.-]{0,80})\1(\s*[:=]\s*)/g;
/** The value after a sensitive name: a quoted string, or everything up to a delimiter (or a stack frame's `:line`). */
const VALUE = /"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*'|[^\s&,;{}[\]"'<>()](?:(?!:\d)[^\s&,;}\]"'<>()])*/y;

const VARIABLE_REFERENCE = /^\$[A-Za-z_]\w*$/;

/**
 * Replaces the values of sensitive-named pairs in `text` with `marker`; everything else is kept.
 * Values of harmless names are still scanned, so `https://x/?token=abc` loses its token.
 * With `quotedOnly`, only string literals are taken as values (`token = "abc"`, `"apiKey": 'k'`), so
 * source code (`var token = read();`) keeps its expressions.
 */
export function redactKeyValues(text: string, marker: string, extra: readonly string[] = [], quotedOnly = false): string {
  if (!text || (!text.includes('=') && !text.includes(':'))) return text;
  let out = '';
  let copied = 0;
  NAME.lastIndex = 0;
  for (let m = NAME.exec(text); m; m = NAME.exec(text)) {
    if (!isSensitiveKey(m[2]!, extra)) continue;
    const valueStart = m.index + m[0].length;
    VALUE.lastIndex = valueStart;
    const value = VALUE.exec(text);
    // A variable reference (`password: $password` in a GraphQL query) names the secret, it does not hold it.
    if (!value || VARIABLE_REFERENCE.test(value[0])) continue;
    const q = value[0][0] === '"' || value[0][0] === "'" ? value[0][0] : '';
    if (quotedOnly && !q) continue;
    out += `${text.slice(copied, valueStart)}${q}${marker}${q}`;
    copied = valueStart + value[0].length;
    NAME.lastIndex = copied;
  }
  return copied ? out + text.slice(copied) : text;
}
