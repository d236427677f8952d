/** Console entries pass the same redaction as network data before they are stored. */
import { redactText, type RedactionRules, noExtraRules } from '../capture/redact';
import type { ConsoleEntry } from '../report/model';

function redactValue(value: unknown, rules: RedactionRules): unknown {
  if (typeof value === 'string') return redactText(value, rules);
  if (Array.isArray(value)) return value.map((v) => redactValue(v, rules));
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, redactValue(v, rules)]));
  }
  return value;
}

/** A copy of `entry` with secrets redacted from its message, arguments, stack and URL. */
export function redactConsoleEntry(entry: ConsoleEntry, rules: RedactionRules = noExtraRules): ConsoleEntry {
  return {
    ...entry,
    message: redactText(entry.message, rules),
    args: entry.args.map((a) => redactValue(a, rules)),
    ...(entry.stack !== undefined ? { stack: redactText(entry.stack, rules) } : {}),
    ...(entry.url !== undefined ? { url: redactText(entry.url, rules) } : {}),
  };
}
