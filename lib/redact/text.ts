/**
 * The free-text rules, for text no structure tells more about (console lines, app data, step names,
 * DOM text and attributes, strings inside JSON, plain-text bodies, the last pass over a report): URLs
 * inside the text, secret shapes, and the values of secret-named pairs. Pure, page-safe.
 */
import { redactKeyValues } from './pairs';
import { extraNames, noExtraRules, REDACTED, type RedactionRules } from './rules';
import { mayHoldShape, redactShapes } from './shapes';
import { redactUrlParts } from './url';

/**
 * True when the free-text rules may change `text`; false means surely not, so the many short strings
 * of a page (its text nodes, its class names) are let through after one quick look. Every rule needs
 * one of these: `=` or `:` (pairs, URL parameters), `@` (userinfo), or a secret shape.
 */
export function mayHoldSecret(text: string, rules: RedactionRules = noExtraRules): boolean {
  return rules.patterns.length > 0 || /[=:@]|%3d|%40/i.test(text) || mayHoldShape(text);
}

/** Redacts free text: URL userinfo and secret parameters, secret shapes, values of secret-named pairs. */
export function redactText(text: string, rules: RedactionRules = noExtraRules): string {
  if (!text || !mayHoldSecret(text, rules)) return text;
  return redactKeyValues(redactShapes(redactUrlParts(text, rules), rules), REDACTED, extraNames(rules));
}
