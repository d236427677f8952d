/**
 * The documented page-side API for the app under test: custom metadata and custom log lines, posted
 * with `window.postMessage({ ns: 'repro:app', ... })`. Untrusted: validated, size-capped and redacted
 * here; the only thing such a message can ever do is add to the recording.
 */
import * as v from 'valibot';
import { redactText, type RedactionRules, noExtraRules } from '../capture/redact';
import type { ConsoleEntry } from '../report/model';

export const APP_NAMESPACE = 'repro:app';

const scalar = v.union([v.pipe(v.string(), v.maxLength(1000)), v.number(), v.boolean(), v.null()]);

const appMessageSchema = v.variant('type', [
  v.object({ ns: v.literal(APP_NAMESPACE), type: v.literal('metadata'), data: v.record(v.pipe(v.string(), v.maxLength(100)), scalar) }),
  v.object({
    ns: v.literal(APP_NAMESPACE),
    type: v.literal('log'),
    level: v.optional(v.picklist(['debug', 'log', 'info', 'warn', 'error']), 'info'),
    message: v.pipe(v.string(), v.maxLength(10_000)),
  }),
]);

export type AppMessage =
  | { type: 'metadata'; data: Record<string, string | number | boolean | null> }
  | { type: 'log'; entry: ConsoleEntry };

/** Parses, caps and redacts a message from the app under test; null when it is not one. */
export function parseAppMessage(data: unknown, rules: RedactionRules = noExtraRules, now = Date.now()): AppMessage | null {
  const parsed = v.safeParse(appMessageSchema, data);
  if (!parsed.success) return null;
  const msg = parsed.output;
  if (msg.type === 'metadata') {
    const out: Record<string, string | number | boolean | null> = {};
    for (const [key, value] of Object.entries(msg.data).slice(0, 50)) out[key] = typeof value === 'string' ? redactText(value, rules) : value;
    return { type: 'metadata', data: out };
  }
  const message = redactText(msg.message, rules);
  return { type: 'log', entry: { level: msg.level, time: now, message, args: [message], source: 'page' } };
}
