/**
 * What every redaction rule shares: the marker that replaces a secret and the tester's own rules from
 * the options page (extra names and patterns, added to the built-in ones). Pure, page-safe.
 */

/** What a secret is replaced with, everywhere. */
export const REDACTED = '[redacted]';

/** User-defined rules from the options page, added to the built-in ones. */
export interface RedactionRules {
  /** Extra header names to redact (case-insensitive). */
  headers: string[];
  /** Extra query/body field names to redact (case-insensitive). */
  fields: string[];
  /** Extra regular expressions (source strings) whose matches are redacted anywhere. */
  patterns: string[];
}

export const noExtraRules: RedactionRules = { headers: [], fields: [], patterns: [] };

const ENCODED_MARKER = encodeURIComponent(REDACTED);

/** True for a value that is already the marker, as is or URL-encoded: redacting it again changes nothing. */
export function isMarker(value: string): boolean {
  return value === REDACTED || value === ENCODED_MARKER || value.toLowerCase() === ENCODED_MARKER.toLowerCase();
}

/** The tester's extra names, fields and headers alike: a rule that looks at a name takes both. */
export function extraNames(rules: RedactionRules): readonly string[] {
  return rules.fields.length || rules.headers.length ? [...rules.fields, ...rules.headers] : [];
}

const compiled = new Map<string, RegExp | null>();

/** The tester's patterns, each compiled once; a pattern that is not a valid regular expression is skipped. */
export function userPatterns(rules: RedactionRules): RegExp[] {
  const out: RegExp[] = [];
  for (const source of rules.patterns) {
    if (!compiled.has(source)) {
      try {
        compiled.set(source, new RegExp(source, 'g'));
      } catch {
        compiled.set(source, null);
      }
    }
    const re = compiled.get(source);
    if (re) out.push(re);
  }
  return out;
}
