/**
 * Steps come from the page world, which wrote them with the built-in rules only: the worker redacts
 * their text and address again with the tester's rules before they are stored. Pure.
 */
import { noExtraRules, REDACTED, redactText, redactUrl, type RedactionRules } from '../redact';
import type { Step } from '../model/report';

/** A copy of `step` with the tester's rules applied to its text and its address. */
export function redactStep(step: Step, rules: RedactionRules = noExtraRules): Step {
  const text = redactText(step.text, rules);
  return step.url === undefined ? { ...step, text } : { ...step, text, url: redactUrl(step.url, rules, { marker: REDACTED }) };
}
