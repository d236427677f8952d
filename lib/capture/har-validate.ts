/**
 * HAR 1.2 validation for tests and diagnostics, against the JSON Schema of the `har-schema` package
 * (the schema behind the long-used `har-validator`). Its schemas use draft-06 and a few keywords of
 * their own (`min`, `optional`, `unique`), so Ajv runs non-strict, with the standard formats.
 */
import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import draft06 from 'ajv/dist/refs/json-schema-draft-06.json';
import schemas from 'har-schema';

let validator: ((har: unknown) => boolean) & { errors?: unknown } | null = null;

/** Validation errors of `har` as HAR 1.2, or an empty list when it is valid. */
export function harErrors(har: unknown): string[] {
  if (!validator) {
    const ajv = new Ajv({ strict: false, allErrors: true });
    addFormats(ajv);
    ajv.addMetaSchema(draft06);
    for (const schema of Object.values(schemas as Record<string, object>)) ajv.addSchema(schema);
    validator = ajv.getSchema('har.json#') as never;
  }
  const ok = validator!(har);
  if (ok) return [];
  return ((validator!.errors ?? []) as { instancePath: string; message?: string }[]).map((e) => `${e.instancePath} ${e.message ?? ''}`);
}
