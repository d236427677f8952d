/**
 * JSON values: secret-named fields anywhere in the tree lose their value, strings get the free-text
 * rules, and a string that itself holds JSON (`{"payload": "{\"token\": …}"}`) is redacted as JSON.
 * Pure, page-safe.
 */
import { noExtraRules, REDACTED, type RedactionRules } from './rules';
import { isSecretPair } from './secret-names';
import { isCardNumber } from './shapes';
import { redactText } from './text';

const MAX_DEPTH = 64;

/** Redacts a parsed JSON value: secret fields anywhere in the tree, JSON inside strings, free-text secrets. */
export function redactJsonValue(value: unknown, rules: RedactionRules = noExtraRules, depth = 0): unknown {
  if (depth > MAX_DEPTH) return REDACTED;
  if (typeof value === 'string') return redactString(value, rules, depth + 1);
  if (typeof value === 'number') return isCardNumber(value) ? REDACTED : value;
  if (Array.isArray(value)) return value.map((v) => redactJsonValue(v, rules, depth + 1));
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = isSecretPair(k, v, rules) ? REDACTED : redactJsonValue(v, rules, depth + 1);
    return out;
  }
  return value;
}

/** A string value: redacted as JSON when it holds JSON, else by the free-text rules. */
export function redactString(value: string, rules: RedactionRules = noExtraRules, depth = 0): string {
  const trimmed = value.trim();
  if ((trimmed.startsWith('{') && trimmed.endsWith('}')) || (trimmed.startsWith('[') && trimmed.endsWith(']'))) {
    try {
      return JSON.stringify(redactJsonValue(JSON.parse(trimmed), rules, depth + 1));
    } catch {
      // Not JSON after all.
    }
  }
  return redactText(value, rules);
}
