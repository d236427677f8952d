/**
 * The one redaction module: everything captured (network, console, page data) passes through it
 * before it is stored. Pure and synchronous so it can run in any context.
 */

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

const JWT = /\beyJ[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]*/g;
const BEARER = /\b(Bearer|Basic|Token)\s+[A-Za-z0-9._~+/=-]{8,}/gi;
const CARD_CANDIDATE = /\b(?:\d[ -]?){12,18}\d\b/g;

/** True when the digits of `candidate` pass the Luhn check. */
export function luhnValid(candidate: string): boolean {
  const digits = candidate.replace(/\D/g, '');
  if (digits.length < 13 || digits.length > 19) return false;
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = digits.charCodeAt(digits.length - 1 - i) - 48;
    if (i % 2 === 1) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return sum % 10 === 0;
}

const compiled = new Map<string, RegExp | null>();
function userPattern(source: string): RegExp | null {
  if (!compiled.has(source)) {
    try {
      compiled.set(source, new RegExp(source, 'g'));
    } catch {
      compiled.set(source, null);
    }
  }
  return compiled.get(source) ?? null;
}

/** Redacts secrets that can appear anywhere in free text: JWTs, bearer tokens, card numbers, user patterns. */
export function redactText(text: string, rules: RedactionRules = noExtraRules): string {
  let out = text.replace(JWT, REDACTED).replace(BEARER, (_m, scheme: string) => `${scheme} ${REDACTED}`);
  out = out.replace(CARD_CANDIDATE, (m) => (luhnValid(m) ? REDACTED : m));
  for (const source of rules.patterns) {
    const re = userPattern(source);
    if (re) out = out.replace(re, REDACTED);
  }
  return out;
}
