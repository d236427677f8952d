/**
 * The one URL redactor: userinfo (`https://user:pass@`), secret-named query and fragment parameters
 * (OAuth implicit flows put `access_token` in the fragment), free-text secrets in parameter values. It
 * reads URLs where they are written, in one linear scan: a request URL, a page address, a step's path,
 * a DOM attribute, or every URL inside a megabyte of HTML, script, CSS, JSON or console text, absolute,
 * relative (`fetch('/api?api_key=…')`), HTML-escaped (`&amp;`), JSON-escaped (`\u0026`) or
 * percent-encoded inside another URL. Pure, page-safe.
 */
import { redactKeyValues } from './pairs';
import { extraNames, isMarker, noExtraRules, REDACTED, type RedactionRules } from './rules';
import { holdsSecret, isSecretUrlParam } from './secret-names';
import { mayHoldShape, redactShapes } from './shapes';

const ENCODED_MARKER = encodeURIComponent(REDACTED);

/** Where userinfo can begin: right after `://`, written as is or percent-encoded. */
const AUTHORITY = /:\/\/|%3A%2F%2F/gi;
/** Userinfo after a raw `://`: no `/ ? #`, whitespace or quotes before its `@`. */
const USERINFO = /[^\s/?#@"'`<>\\]{1,256}@/y;
/** Userinfo after an encoded `://`, ended by an encoded `@`. */
const ENCODED_USERINFO = /(?:[^\s/?#@"'`<>\\%]|%(?!2f|3f|23|40)[0-9a-f]{2}){1,256}%40/iy;

/**
 * A parameter: a separator (`? & #`, `;`, `&amp;`, `\u0026` or one percent-encoded), a name, `=` (or
 * `%3D`) and a value up to the next separator, space, quote or bracket (a URL nested unencoded in a
 * value is scanned from its own `?`), or up to a stack frame's `:line:column`. Linear: no part can match what
 * the part before it matched.
 */
const PARAM =
  /(&amp;|\\u0026|%26|%3f|%23|[?&#;])((?:[\w.$[\]-]|%(?!3d|26|23)[0-9a-f]{2}){1,80})(=|%3d)((?:[^?&#;:\s"'`<>\\(){}%]+|:(?!\d+(?::\d+)?(?:[\s)"'`<>\\]|$))|%(?!26|23)[0-9a-f]{2})*)/gi;

/** Values whose decoded text the value rules can change: encoded, or holding pairs or a nested URL. */
const WORTH_DECODING = /[%+=:]/;

const MAX_NESTING = 3;

/** `isSecretUrlParam` of each raw parameter name, remembered per rules: a page repeats its few names thousands of times. */
const decisions = new WeakMap<RedactionRules, Map<string, boolean>>();

function secretNames(rules: RedactionRules): (rawName: string) => boolean {
  let known = decisions.get(rules);
  if (!known) decisions.set(rules, (known = new Map()));
  const cache = known;
  return (rawName) => {
    let hit = cache.get(rawName);
    if (hit === undefined) {
      hit = isSecretUrlParam(safeDecode(rawName), rules);
      if (cache.size > 2000) cache.clear();
      cache.set(rawName, hit);
    }
    return hit;
  };
}

function safeDecode(raw: string): string {
  if (!raw.includes('%') && !raw.includes('+')) return raw;
  try {
    return decodeURIComponent(raw.replace(/\+/g, ' '));
  } catch {
    return raw;
  }
}

/** Userinfo found after each `://` in `text` becomes `marker`. */
function redactUserinfo(text: string, marker: string): string {
  if (!text.includes('//') && !/%2F%2F/i.test(text)) return text;
  let out = '';
  let copied = 0;
  AUTHORITY.lastIndex = 0;
  for (let m = AUTHORITY.exec(text); m; m = AUTHORITY.exec(text)) {
    const start = m.index + m[0].length;
    const encoded = m[0] !== '://';
    const re = encoded ? ENCODED_USERINFO : USERINFO;
    re.lastIndex = start;
    const info = re.exec(text);
    if (!info) continue;
    out += `${text.slice(copied, start)}${encoded ? `${ENCODED_MARKER}%40` : `${marker}@`}`;
    copied = start + info[0].length;
    AUTHORITY.lastIndex = copied;
  }
  return copied ? out + text.slice(copied) : text;
}

/** A parameter's value as the value rules leave it: free-text secrets, secret-named pairs and URLs inside it. */
function redactValue(decoded: string, rules: RedactionRules, depth: number): string {
  const nested = depth < MAX_NESTING ? redactUrlParts(decoded, rules, REDACTED, depth + 1) : decoded;
  return redactKeyValues(redactShapes(nested, rules), REDACTED, extraNames(rules));
}

/**
 * Every URL part of `text` that can hold a secret, redacted: userinfo, and the values of secret-named
 * query and fragment parameters (become `marker`); other parameter values that are encoded or hold
 * pairs lose what the free-text rules find in them. The rest of the text is kept byte for byte.
 */
export function redactUrlParts(text: string, rules: RedactionRules = noExtraRules, marker = REDACTED, depth = 0): string {
  const out = redactUserinfo(text, marker);
  if (!/[?&#;%\\]/.test(out)) return out;
  const secretName = secretNames(rules);
  let result = '';
  let copied = 0;
  PARAM.lastIndex = 0;
  for (let m = PARAM.exec(out); m; m = PARAM.exec(out)) {
    const [all, sep, rawName, , value] = m as unknown as [string, string, string, string, string];
    // `${token}` in a template, `$token` in a query language: a reference, not a value.
    if (!value || value[0] === '$' || isMarker(value)) continue;
    let replacement: string | null = null;
    if (secretName(rawName) && holdsSecret(safeDecode(rawName), safeDecode(value))) {
      replacement = sep.length > 1 && sep[0] === '%' ? ENCODED_MARKER : marker;
    } else if (WORTH_DECODING.test(value)) {
      const decoded = safeDecode(value);
      const redacted = redactValue(decoded, rules, depth);
      // The value's own URLs were scanned with this same pattern: go on from this match.
      PARAM.lastIndex = m.index + all.length;
      if (redacted !== decoded) replacement = encodeURIComponent(redacted);
    }
    if (replacement === null) continue;
    const valueStart = m.index + all.length - value.length;
    result += `${out.slice(copied, valueStart)}${replacement}`;
    copied = m.index + all.length;
  }
  return copied ? result + out.slice(copied) : out;
}

export interface UrlOptions {
  /** What a secret value becomes: `[redacted]` URL-encoded by default, as is for text a person reads. */
  marker?: string;
}

/** Redacts one URL (absolute or relative): userinfo, secret query and fragment parameters, free-text secrets. */
export function redactUrl(raw: string, rules: RedactionRules = noExtraRules, options: UrlOptions = {}): string {
  // Userinfo needs `@`, a parameter a separator: most URLs of a page have neither and no secret shape.
  if (!rules.patterns.length && !/[@?#;&%\\]/.test(raw) && !mayHoldShape(raw)) return raw;
  const marker = options.marker ?? ENCODED_MARKER;
  return redactShapes(redactUrlParts(raw, rules, marker), rules, marker);
}

/** Redacts `a=1&b=2` text (a form body): secret-named values become the encoded marker, others lose free-text secrets. */
export function redactFormText(text: string, rules: RedactionRules = noExtraRules): string {
  if (!text) return text;
  // The first pair has no separator before it: scan as if it had one.
  return redactUrl(`&${text}`, rules).slice(1);
}
