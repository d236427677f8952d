/**
 * Secrets recognised by their shape wherever they are written: JWTs, bearer and Basic credentials,
 * vendor keys (Stripe, GitHub, AWS, Slack, Google), PEM private keys, payment card numbers (by their
 * Luhn checksum) and the tester's own patterns. Pure, page-safe.
 */
import { noExtraRules, REDACTED, userPatterns, type RedactionRules } from './rules';

const JWT = /\beyJ[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]*/g;
/**
 * Vendor keys by their documented prefixes (group 1, kept so a reader knows what kind of key it was):
 * Stripe secret and restricted keys, GitHub tokens, AWS access key ids, Slack tokens, Google API keys.
 */
const VENDOR_KEY =
  /\b(?:((?:sk|rk)_(?:live|test)_)[A-Za-z0-9]{16,}|(gh[pousr]_)[A-Za-z0-9]{36,}|(github_pat_)\w{22,}|(AKIA|ASIA)[A-Z0-9]{16}\b|(xox[bpar]-)[A-Za-z0-9-]{10,}|(AIza)[\w-]{35})/g;
/**
 * A PEM private key block, raw or JSON-escaped (`\n`), also when cut before its end line: its body stops
 * at the first character no PEM body holds, or at the end line.
 */
const PEM_PRIVATE_KEY =
  /-----BEGIN ([A-Z0-9 ]{0,40}?)PRIVATE KEY-----(?!\[redacted\]|%5Bredacted%5D)(?:[A-Za-z0-9+/=\s:,.]|\\[nrt]|-(?!----))*(?:-----END \1PRIVATE KEY-----)?/g;
const BEARER = /\b(Bearer|Basic|Token)\s+[A-Za-z0-9._~+/=-]{8,}/gi;
const CARD_CANDIDATE = /\b(?:\d[ -]?){12,18}\d\b/g;

/** Something of every shape below (case aside), so text without any is left as it is, unread by the rules. */
const SHAPE_HINT = /eyJ|bearer|basic|token|_live_|_test_|gh[pousr]_|github_pat_|AKIA|ASIA|xox[bpar]-|AIza|PRIVATE KEY|\d(?:[ -]?\d){12}/i;

/** True when `text` may hold a secret shape (false means surely not; the tester's patterns aside). */
export function mayHoldShape(text: string): boolean {
  return SHAPE_HINT.test(text);
}

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

/** True for a JSON number that is a card number (13 to 19 digits passing Luhn). */
export function isCardNumber(value: number): boolean {
  const s = String(value);
  return /^\d{13,19}$/.test(s) && luhnValid(s);
}

/**
 * Redacts secrets recognised by their shape: JWTs, bearer tokens, vendor keys, private keys, card
 * numbers, user patterns. `marker` replaces them (a URL carries it URL-encoded).
 */
export function redactShapes(text: string, rules: RedactionRules = noExtraRules, marker = REDACTED): string {
  if (!rules.patterns.length && !mayHoldShape(text)) return text;
  let out = text.replace(JWT, marker).replace(BEARER, (_m, scheme: string) => `${scheme} ${marker}`);
  out = out.replace(VENDOR_KEY, (...m: Array<string | undefined>) => `${m.slice(1, 7).find(Boolean)}${marker}`);
  if (out.includes('PRIVATE KEY-----'))
    out = out.replace(PEM_PRIVATE_KEY, (_m, kind: string) => `-----BEGIN ${kind}PRIVATE KEY-----${marker}-----END ${kind}PRIVATE KEY-----`);
  out = out.replace(CARD_CANDIDATE, (m) => (luhnValid(m) ? marker : m));
  for (const re of userPatterns(rules)) out = out.replace(re, marker);
  return out;
}
