/**
 * Secret-named pairs written in free text: `token=abc`, `"password": "x"`, `password: "…"` in a GraphQL
 * query's inline arguments, `DB_PASSWORD: …` in a config file. Pure, page-safe.
 */
import { isMarker } from './rules';
import { isSensitiveKey } from './secret-names';

/** A character of a name (`api_key`, `user.password`, `$token`, `x-auth`). */
function isNameChar(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 95 || c === 36 || c === 46 || c === 45;
}
/** A character a name may start with: a letter, `_` or `$`. */
function isNameStart(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c === 95 || c === 36;
}
const isSpace = (c: number) => c === 32 || (c >= 9 && c <= 13);
const MAX_NAME = 81;
/** A separator, with the spaces after it. */
const SEPARATOR = /[:=]\s*/g;
/** The value after a sensitive name: a quoted string, or everything up to a delimiter (or a stack frame's `:line`). */
const VALUE = /"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*'|[^\s&,;{}[\]"'<>()](?:(?!:\d)[^\s&,;}\]"'<>()])*/y;

const VARIABLE_REFERENCE = /^\$[A-Za-z_]\w*$/;
/** Values that hold no secret whatever their name. */
const NO_SECRET = /^(?:true|false|null|undefined|)$/;

/**
 * The name written just before the separator at `sep` (`name=`, `name :`, `"name":`), or null. Read
 * backwards from each separator, so text is scanned once whatever its words (a forward pattern would
 * try every letter of a megabyte of HTML as the start of a name).
 */
function nameBefore(text: string, sep: number): { name: string; quote: string } | null {
  let end = sep;
  while (end > 0 && isSpace(text.charCodeAt(end - 1))) end--;
  let quote = '';
  if (text[end - 1] === '"' || text[end - 1] === "'") {
    quote = text[end - 1]!;
    end--;
  }
  let start = end;
  while (start > 0 && end - start < MAX_NAME && isNameChar(text.charCodeAt(start - 1))) start--;
  // The name is the longest run (of at most MAX_NAME characters) that starts as a name may.
  while (start < end && !isNameStart(text.charCodeAt(start))) start++;
  if (start === end) return null;
  if (quote && text[start - 1] !== quote) return null;
  return { name: text.slice(start, end), quote };
}

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
  SEPARATOR.lastIndex = 0;
  for (let m = SEPARATOR.exec(text); m; m = SEPARATOR.exec(text)) {
    const named = nameBefore(text, m.index);
    if (!named || !isSensitiveKey(named.name, extra)) continue;
    const valueStart = m.index + m[0].length;
    VALUE.lastIndex = valueStart;
    const value = VALUE.exec(text);
    // A variable reference (`password: $password` in a GraphQL query) names the secret, it does not hold it.
    if (!value || VARIABLE_REFERENCE.test(value[0])) continue;
    const q = value[0][0] === '"' || value[0][0] === "'" ? value[0][0] : '';
    // Nothing to hide in `token: null` or `"auth": false`, nor in a value redacted already.
    const bare = q ? value[0].slice(1, -1) : value[0];
    if (NO_SECRET.test(bare) || isMarker(bare)) continue;
    if (quotedOnly && !q) continue;
    out += `${text.slice(copied, valueStart)}${q}${marker}${q}`;
    copied = valueStart + value[0].length;
    SEPARATOR.lastIndex = copied;
  }
  return copied ? out + text.slice(copied) : text;
}
