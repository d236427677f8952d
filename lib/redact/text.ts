/**
 * The free-text rules, for text no structure tells more about (console lines, app data, step names,
 * DOM text and attributes, strings inside JSON, plain-text bodies, the last pass over a report): URLs
 * inside the text, secret shapes, and the values of secret-named pairs. Pure, page-safe.
 */
import { redactKeyValues } from './pairs';
import { extraNames, noExtraRules, REDACTED, type RedactionRules } from './rules';
import { redactShapes } from './shapes';
import { redactUrlParts } from './url';

/** Redacts free text: URL userinfo and secret parameters, secret shapes, values of secret-named pairs. */
export function redactText(text: string, rules: RedactionRules = noExtraRules): string {
  if (!text) return text;
  return redactKeyValues(redactShapes(redactUrlParts(text, rules), rules), REDACTED, extraNames(rules));
}
