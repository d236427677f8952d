/**
 * The documented page-side API for the app under test: custom metadata, custom log lines and errors,
 * posted with `window.postMessage({ ns: 'repro:app', ... })`. Untrusted: shape-checked, size-capped,
 * flat (nesting is rejected) and redacted here; the only thing such a message can ever do is add to
 * the recording, shown as coming from the page.
 */
import * as v from 'valibot';
import { extraNames, isSensitiveKey, noExtraRules, REDACTED, redactText, type RedactionRules } from '../redact';
import type { ConsoleEntry, ConsoleLevel } from '../model/report';

export const APP_NAMESPACE = 'repro:app';

/** Limits of one message; a message over any of them is dropped whole (nothing is half-kept). */
export const APP_LIMITS = {
  /** Keys in `data` (metadata, or a log line's fields). */
  keys: 50,
  /** Characters of a key. */
  keyLength: 100,
  /** Characters of a string value. */
  valueLength: 1000,
  /** Characters of a log or error message. */
  message: 10_000,
  /** Characters of an error's stack. */
  stack: 20_000,
  /** Total characters of keys and strings in one message. */
  total: 32_000,
} as const;

/** A metadata or field value: flat scalars only. */
export type ReproScalar = string | number | boolean | null;

/** Attach (or overwrite) metadata shown with the report: user id, feature flags, build number. */
export interface ReproMetadataMessage {
  ns: 'repro:app';
  type: 'metadata';
  data: Record<string, ReproScalar>;
}

/** Add a custom log line to the console timeline. */
export interface ReproLogMessage {
  ns: 'repro:app';
  type: 'log';
  /** Default `info`. */
  level?: ConsoleLevel;
  message: string;
  /** Flat fields shown with the line. */
  data?: Record<string, ReproScalar>;
}

/** Report an error the app caught and handled itself (it would not be seen as uncaught). */
export interface ReproErrorMessage {
  ns: 'repro:app';
  type: 'error';
  message: string;
  /** e.g. `TypeError`. */
  name?: string;
  stack?: string;
  data?: Record<string, ReproScalar>;
}

/** Everything an app may post to Repro. */
export type ReproAppMessage = ReproMetadataMessage | ReproLogMessage | ReproErrorMessage;

const scalar = v.union([v.pipe(v.string(), v.maxLength(APP_LIMITS.valueLength)), v.pipe(v.number(), v.finite()), v.boolean(), v.null()]);
const flatRecord = v.pipe(
  v.record(v.pipe(v.string(), v.minLength(1), v.maxLength(APP_LIMITS.keyLength)), scalar),
  v.check((r) => Object.keys(r).length <= APP_LIMITS.keys, 'too many keys'),
);
const message = v.pipe(v.string(), v.maxLength(APP_LIMITS.message));

const appMessageSchema = v.variant('type', [
  v.object({ ns: v.literal(APP_NAMESPACE), type: v.literal('metadata'), data: flatRecord }),
  v.object({
    ns: v.literal(APP_NAMESPACE),
    type: v.literal('log'),
    level: v.optional(v.picklist(['debug', 'log', 'info', 'warn', 'error']), 'info'),
    message,
    data: v.optional(flatRecord),
  }),
  v.object({
    ns: v.literal(APP_NAMESPACE),
    type: v.literal('error'),
    message,
    name: v.optional(v.pipe(v.string(), v.maxLength(100))),
    stack: v.optional(v.pipe(v.string(), v.maxLength(APP_LIMITS.stack))),
    data: v.optional(flatRecord),
  }),
]);

/** What a valid message becomes: metadata to merge, or a console entry (`source: 'page'`); errors are entries at level `error`. */
export type AppMessage = { type: 'metadata'; data: Record<string, ReproScalar> } | { type: 'log'; entry: ConsoleEntry };

/**
 * Cheap pre-check before validation: a plain object in our namespace, with few enough keys that
 * validating it costs little. Anything else (a page's own postMessage traffic) is dropped at once.
 */
function worthParsing(data: unknown): boolean {
  if (!data || typeof data !== 'object' || Array.isArray(data)) return false;
  const record = data as Record<string, unknown>;
  if (record.ns !== APP_NAMESPACE) return false;
  const inner = record.data;
  if (inner && typeof inner === 'object') {
    let n = 0;
    for (const _ in inner) if (++n > APP_LIMITS.keys) return false;
  }
  return true;
}

function totalChars(msg: { message?: string; stack?: string; name?: string; data?: Record<string, ReproScalar> }): number {
  let total = (msg.message?.length ?? 0) + (msg.stack?.length ?? 0) + (msg.name?.length ?? 0);
  for (const [key, value] of Object.entries(msg.data ?? {})) total += key.length + (typeof value === 'string' ? value.length : 8);
  return total;
}

function redactRecord(data: Record<string, ReproScalar>, rules: RedactionRules): Record<string, ReproScalar> {
  const out: Record<string, ReproScalar> = {};
  for (const [key, value] of Object.entries(data)) {
    if (key === '__proto__' || key === 'constructor' || key === 'prototype') continue;
    out[key] = isSensitiveKey(key, extraNames(rules)) ? REDACTED : typeof value === 'string' ? redactText(value, rules) : value;
  }
  return out;
}

/** Parses, caps and redacts a message from the app under test; null when it is not a valid one. */
export function parseAppMessage(data: unknown, rules: RedactionRules = noExtraRules, now = Date.now()): AppMessage | null {
  if (!worthParsing(data)) return null;
  const parsed = v.safeParse(appMessageSchema, data);
  if (!parsed.success) return null;
  const msg = parsed.output;
  if (totalChars(msg) > APP_LIMITS.total) return null;
  if (msg.type === 'metadata') return { type: 'metadata', data: redactRecord(msg.data, rules) };
  const text = redactText(msg.message, rules);
  const fields = msg.data ? redactRecord(msg.data, rules) : undefined;
  const args: unknown[] = fields ? [text, fields] : [text];
  if (msg.type === 'log') return { type: 'log', entry: { level: msg.level, time: now, message: text, args, source: 'page' } };
  const name = msg.name ? redactText(msg.name, rules) : 'Error';
  const entry: ConsoleEntry = { level: 'error', time: now, message: `${name}: ${text}`, args, source: 'page' };
  if (msg.stack) entry.stack = redactText(msg.stack, rules);
  return { type: 'log', entry };
}
