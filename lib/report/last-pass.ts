/**
 * The last pass before a report leaves: just before Download or Send, every text file of the report
 * (report.json, README.md, console.json, network.har, and with them the data viewer.html embeds) goes
 * through the redaction module's rules once more, so a capture path that forgot redaction cannot ship a
 * secret. The rules leave what they redacted already as it is, so what this pass changes is what capture
 * missed (or what the tester's rules, changed since, now catch): it is counted and shown to the tester.
 *
 * The recording is redacted by the same rules as it is stored (`lib/recording/event-redact.ts`, the
 * only way events reach the store) and deflated then; reading its tens of megabytes again would cost the
 * time to report. It is read again (`passRecording`) only when the tester's rules changed since its
 * oldest event could have been stored.
 */
import {
  extraNames,
  holdsSecret,
  isMarker,
  isSecretHeader,
  isSecretUrlParam,
  isSensitiveKey,
  REDACTED,
  redactBase64Body,
  redactBody,
  redactText,
  redactUrl,
  type RedactionRules,
} from '../redact';
import { redactEventInPlace } from '../recording/event-redact';
import { unpackEvents, type RecordingPiece } from '../zip/recording-entry';

/** What the pass removed, added up over the files it read. */
export interface Tally {
  removed: number;
}

/** Keys whose string value is a URL (HAR, console entries, report.json). */
const URL_KEYS = new Set(['url', 'redirectURL', 'href']);
const MAX_DEPTH = 64;

function markers(text: string): number {
  let n = 0;
  for (let i = text.indexOf(REDACTED.slice(1, -1)); i >= 0; i = text.indexOf(REDACTED.slice(1, -1), i + 1)) n++;
  return n;
}

/** `after` in place of `before`, counting the secrets it removed (at least one when it differs). */
function counted(before: string, after: string, tally: Tally): string {
  if (after !== before) tally.removed += Math.max(1, markers(after) - markers(before));
  return after;
}

/** Free text (README.md) once more. */
export function passText(text: string, rules: RedactionRules, tally: Tally): string {
  return counted(text, redactText(text, rules), tally);
}

/** One string of a JSON file, by what its key and its siblings say it is. */
function passString(key: string | number, value: string, parent: Record<string, unknown>, rules: RedactionRules): string {
  if (isMarker(value)) return value;
  if (typeof key === 'number') return redactText(value, rules);
  // A HAR body, or a WebSocket frame: by its type, as capture redacts it.
  if (key === 'text' && typeof parent.mimeType === 'string') {
    return parent.encoding === 'base64' ? redactBase64Body(value, parent.mimeType, rules) : redactBody(value, parent.mimeType, rules);
  }
  if (key === 'data' && typeof parent.opcode === 'number')
    return parent.opcode === 1 ? redactBody(value, undefined, rules) : redactBase64Body(value, undefined, rules);
  // A `{ name, value }` pair: a HAR header, query parameter, form field or cookie.
  if (key === 'value' && typeof parent.name === 'string') {
    if ((isSecretHeader(parent.name, rules) || isSecretUrlParam(parent.name, rules)) && holdsSecret(parent.name, value)) return REDACTED;
  } else if (isSensitiveKey(key, extraNames(rules)) && holdsSecret(key, value)) {
    return REDACTED;
  }
  return URL_KEYS.has(key) ? redactUrl(value, rules) : redactText(value, rules);
}

/** Every string of a parsed JSON file (report.json, console.json, network.har), once more, in place. */
export function passTree(root: unknown, rules: RedactionRules, tally: Tally, depth = 0): void {
  if (typeof root !== 'object' || root === null || depth > MAX_DEPTH) return;
  const node = root as Record<string, unknown>;
  for (const key of Array.isArray(root) ? root.keys() : Object.keys(node)) {
    const value = node[key as string];
    if (typeof value === 'string') node[key as string] = counted(value, passString(key, value, node, rules), tally);
    else passTree(value, rules, tally, depth + 1);
  }
}

/**
 * The recording's pieces with every event through the replay's rules once more; a piece left as it was
 * (still packed) when nothing in it changed.
 */
export async function passRecording(pieces: readonly RecordingPiece[], rules: RedactionRules, tally: Tally): Promise<RecordingPiece[]> {
  const out: RecordingPiece[] = [];
  for (const piece of pieces) {
    const before = 'events' in piece ? piece.events.join(',') : await unpackEvents(piece.packed);
    const events = JSON.parse(`[${before}]`) as unknown[];
    let changed = 0;
    for (const event of events) if (redactEventInPlace(event, rules)) changed++;
    if (!changed) {
      out.push(piece);
      continue;
    }
    // Events are stored as JSON.stringify wrote them: written again, the untouched ones come out the same.
    const texts = events.map((event) => JSON.stringify(event));
    tally.removed += Math.max(changed, markers(texts.join(',')) - markers(before));
    out.push({ events: texts });
  }
  return out;
}
