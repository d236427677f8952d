/**
 * Secret-named pairs written in free text: `token=abc`, `"password": "x"`, `password: "…"` in a GraphQL
 * query's inline arguments, `DB_PASSWORD: …` in a config file. Pure, page-safe.
 */
import { isSensitiveKey } from './secret-names';

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
