/** The tester's own redaction rules, added to the built-in ones. Kept in storage.local. */
import * as v from 'valibot';
import { storage } from 'wxt/utils/storage';
import type { RedactionRules } from '../redact';

const names = v.pipe(v.array(v.pipe(v.string(), v.maxLength(256))), v.maxLength(500));

export const redactionSettingsSchema = v.object({
  /** Extra header names whose values are redacted. */
  headers: names,
  /** Extra query/body field names whose values are redacted. */
  fields: names,
  /** Regular expressions (source text) whose matches are redacted anywhere. */
  patterns: names,
  /** URL patterns (substring, `*` wildcard) whose request and response bodies are never captured. */
  noBodyUrls: names,
});

export type RedactionSettings = v.InferOutput<typeof redactionSettingsSchema>;

export const defaultRedactionSettings: RedactionSettings = { headers: [], fields: [], patterns: [], noBodyUrls: [] };

export const redactionSettings = storage.defineItem<RedactionSettings>('local:settings.redaction', {
  fallback: defaultRedactionSettings,
});

export async function getRedactionSettings(): Promise<RedactionSettings> {
  return { ...defaultRedactionSettings, ...(await redactionSettings.getValue()) };
}

/** The tester's rules as the redaction module takes them. */
export async function getRedactionRules(): Promise<RedactionRules> {
  return toRules(await getRedactionSettings());
}

/** The rules the redaction module takes. */
export function toRules(settings: RedactionSettings): RedactionRules {
  return { headers: settings.headers, fields: settings.fields, patterns: settings.patterns };
}

/** The error of a pattern that is not a valid regular expression, or null. */
export function patternError(source: string): string | null {
  try {
    new RegExp(source);
    return null;
  } catch (e) {
    return e instanceof Error ? e.message : String(e);
  }
}

/** Splits a text area's value into trimmed, non-empty, unique lines. */
export function linesOf(text: string): string[] {
  return [
    ...new Set(
      text
        .split('\n')
        .map((l) => l.trim())
        .filter(Boolean),
    ),
  ];
}
