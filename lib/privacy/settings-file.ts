/**
 * The team settings file: every `settings.*` item of storage.local as versioned JSON, and its
 * validated import. Credentials never live under `settings.*`; as a second guard, names that look
 * secret are neither exported nor imported.
 */
import * as v from 'valibot';
import { browser } from 'wxt/browser';
import { settingsAreas, settingsKey } from '../settings';

export const SETTINGS_FORMAT = 'repro-settings';
export const SETTINGS_VERSION = 1;

export interface SettingsFile {
  format: typeof SETTINGS_FORMAT;
  version: typeof SETTINGS_VERSION;
  exportedAt: string;
  /** Settings by area (`capture`, `retention`, …), as stored. */
  settings: Record<string, unknown>;
}

export type ImportResult = { ok: true; applied: string[] } | { ok: false; errors: string[] };

const PREFIX = 'settings.';
/** Area names are plain identifiers, so an import cannot write outside `settings.*`. */
const AREA_NAME = /^[a-z][a-zA-Z0-9-]{0,63}$/;
/** Names that suggest a secret; never carried by the settings file, at any depth. */
const SECRET_NAME = /credential|secret|token|passw(or)?d|api[-_]?key|private[-_]?key/i;

/** True when a settings area or field name looks like it holds a secret. */
export function looksSecret(name: string): boolean {
  return SECRET_NAME.test(name);
}

function withoutSecrets(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutSecrets);
  if (typeof value !== 'object' || value === null) return value;
  return Object.fromEntries(
    Object.entries(value)
      .filter(([key]) => !looksSecret(key))
      .map(([key, inner]) => [key, withoutSecrets(inner)]),
  );
}

/** Builds the settings file from what storage.local holds now (registered areas at their defaults when unset). */
export async function exportSettings(now = new Date()): Promise<SettingsFile> {
  const stored = await browser.storage.local.get(null);
  const settings: Record<string, unknown> = {};
  for (const [area, def] of Object.entries(settingsAreas)) settings[area] = { ...def.defaults, ...(stored[settingsKey(area)] as object) };
  for (const [key, value] of Object.entries(stored)) {
    if (!key.startsWith(PREFIX)) continue;
    const area = key.slice(PREFIX.length);
    if (!AREA_NAME.test(area) || looksSecret(area) || area in settingsAreas) continue;
    settings[area] = value;
  }
  for (const area of Object.keys(settings)) settings[area] = withoutSecrets(settings[area]);
  return { format: SETTINGS_FORMAT, version: SETTINGS_VERSION, exportedAt: now.toISOString(), settings: sortKeys(settings) };
}

function sortKeys(record: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(record).sort(([a], [b]) => a.localeCompare(b)));
}

const fileSchema = v.object({
  format: v.string(),
  version: v.number(),
  settings: v.record(v.string(), v.unknown()),
});

/** Checks a settings file; returns the storage.local entries to write, or every problem found. */
export function parseSettingsFile(text: string): { ok: true; entries: Record<string, unknown> } | { ok: false; errors: string[] } {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    return { ok: false, errors: [`The file is not valid JSON (${error instanceof Error ? error.message : String(error)}).`] };
  }
  const file = v.safeParse(fileSchema, json);
  if (!file.success) {
    return {
      ok: false,
      errors: ['This is not a Repro settings file: expected { "format": "repro-settings", "version": 1, "settings": { … } }.'],
    };
  }
  const { format, version, settings } = file.output;
  if (format !== SETTINGS_FORMAT)
    return { ok: false, errors: [`This is not a Repro settings file (format is "${format}", expected "${SETTINGS_FORMAT}").`] };
  if (version !== SETTINGS_VERSION) {
    return {
      ok: false,
      errors: [
        version > SETTINGS_VERSION
          ? `This settings file is version ${version}, newer than this Repro reads (${SETTINGS_VERSION}); update Repro first.`
          : `Unknown settings file version ${version}.`,
      ],
    };
  }

  const errors: string[] = [];
  const entries: Record<string, unknown> = {};
  for (const [area, value] of Object.entries(settings)) {
    if (!AREA_NAME.test(area)) {
      errors.push(`"${area.slice(0, 80)}" is not a settings name.`);
      continue;
    }
    if (looksSecret(area)) {
      errors.push(`${area}: credentials are never imported from a settings file; connect trackers in the options page.`);
      continue;
    }
    const def = settingsAreas[area];
    if (!def) {
      // A setting of an area this version does not register (a newer or older Repro): kept as is.
      entries[settingsKey(area)] = withoutSecrets(value);
      continue;
    }
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      errors.push(`${area} must be an object of settings.`);
      continue;
    }
    const parsed = v.safeParse(def.schema, { ...def.defaults, ...(withoutSecrets(value) as object) });
    if (parsed.success) entries[settingsKey(area)] = parsed.output;
    else errors.push(...parsed.issues.map((issue) => describeIssue(area, def.rules ?? {}, issue)));
  }
  return errors.length > 0 ? { ok: false, errors } : { ok: true, entries };
}

function describeIssue(area: string, rules: Record<string, string>, issue: v.BaseIssue<unknown>): string {
  const path = (issue.path ?? []).map((item) => String(item.key));
  const field = [area, ...path].join('.');
  const rule = path[0] !== undefined ? rules[path[0]] : undefined;
  if (rule && path.length === 1) return `${field} must be ${rule}.`;
  return `${field}: expected ${issue.expected ?? 'a valid value'}, got ${issue.received}.`;
}

/** Validates and, only when every part is valid, writes the settings. */
export async function importSettings(text: string): Promise<ImportResult> {
  const parsed = parseSettingsFile(text);
  if (!parsed.ok) return parsed;
  await browser.storage.local.set(parsed.entries);
  return { ok: true, applied: Object.keys(parsed.entries).map((key) => key.slice(PREFIX.length)) };
}
