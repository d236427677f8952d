/**
 * Console entries pass the same redaction as network data before they are stored: secrets in any text
 * (JWTs, bearer tokens, card numbers, the tester's patterns), and whole values under sensitive-named
 * keys, both in argument objects and in rendered text (`password=…`, `"token": "…"`).
 */
import * as v from 'valibot';
import { extraNames, isSensitiveKey, noExtraRules, REDACTED, redactText, redactUrl, type RedactionRules } from '../redact';
import { BATCH_LIMITS, consoleEntrySchema } from '../page/protocol';
import type { ConsoleEntry } from '../model/report';

/** Entries come from the page world and may be forged: depth is capped even though previews are already bounded. */
const MAX_DEPTH = 32;

function redactValue(value: unknown, rules: RedactionRules, extra: readonly string[], depth: number, seen: WeakSet<object>): unknown {
  if (typeof value === 'string') return redactText(value, rules);
  if (!value || typeof value !== 'object') return value;
  if (depth >= MAX_DEPTH || seen.has(value)) return '[…]';
  seen.add(value);
  if (Array.isArray(value)) return value.map((v) => redactValue(v, rules, extra, depth + 1, seen));
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(value)) {
    out[key] = isSensitiveKey(key, extra) ? REDACTED : redactValue(v, rules, extra, depth + 1, seen);
  }
  // A Map preview keeps its entries as [key, value] pairs: a sensitive key there hides its value too.
  if (out['@type'] === 'Map' && Array.isArray(out.entries)) {
    out.entries = out.entries.map((pair: unknown) =>
      Array.isArray(pair) && typeof pair[0] === 'string' && isSensitiveKey(pair[0], extra) ? [pair[0], REDACTED] : pair,
    );
  }
  return out;
}

/** A copy of `entry` with secrets redacted from its message, arguments (deeply, keys included), stack and URL. */
export function redactConsoleEntry(entry: ConsoleEntry, rules: RedactionRules = noExtraRules): ConsoleEntry {
  const extra = extraNames(rules);
  const seen = new WeakSet<object>();
  return {
    ...entry,
    message: redactText(entry.message, rules),
    args: entry.args.map((a) => redactValue(a, rules, extra, 0, seen)),
    ...(entry.stack !== undefined ? { stack: redactText(entry.stack, rules) } : {}),
    ...(entry.url !== undefined ? { url: redactUrl(entry.url, rules, { marker: REDACTED }) } : {}),
  };
}

export interface CheckedConsole {
  entries: ConsoleEntry[];
  /** Entries left out: text that is not a JSON array, or entries that fail the schema or the bound. */
  rejected: number;
}

/**
 * The recorder's console lines of one batch as the page world wrote them (a JSON array, '' when none):
 * parsed, each checked against `consoleEntrySchema` (at most `BATCH_LIMITS.console` of them) and
 * redacted. The text comes from the page's own world and may be forged: nothing in it is trusted. Pure.
 */
export function checkConsoleJson(text: string | undefined, rules: RedactionRules = noExtraRules): CheckedConsole {
  if (!text) return { entries: [], rejected: 0 };
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return { entries: [], rejected: 1 };
  }
  if (!Array.isArray(parsed)) return { entries: [], rejected: 1 };
  const entries: ConsoleEntry[] = [];
  let rejected = Math.max(0, parsed.length - BATCH_LIMITS.console);
  for (const item of parsed.slice(0, BATCH_LIMITS.console)) {
    const entry = v.safeParse(consoleEntrySchema, item);
    if (entry.success) entries.push(redactConsoleEntry(entry.output, rules));
    else rejected++;
  }
  return { entries, rejected };
}
