// eslint-disable-next-line @typescript-eslint/triple-slash-reference -- the ambient module declaration of har-schema.
/// <reference path="./har-schema.d.ts" />
/**
 * HAR 1.2 validation for tests and diagnostics, against the JSON Schema of the `har-schema` package
 * (the schema behind the long-used `har-validator`). Its schemas declare draft-06 and use a few keywords of
 * their own (`min`, `optional`, `unique`), so Ajv runs non-strict, with the standard formats.
 */
import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import schemas from 'har-schema';

let validator: (((har: unknown) => boolean) & { errors?: unknown }) | null = null;

/** Validation errors of `har` as HAR 1.2, or an empty list when it is valid. */
export function harErrors(har: unknown): string[] {
  if (!validator) {
    const ajv = new Ajv({ strict: false, allErrors: true });
    addFormats(ajv);
    // Draft-06 reads the same as Ajv's default draft-07 for everything these schemas use.
    for (const { $schema: _draft, ...schema } of Object.values(schemas as Record<string, { $schema?: string }>)) ajv.addSchema(schema);
    validator = ajv.getSchema('har.json#') as never;
  }
  const ok = validator!(har);
  if (ok) return [];
  return ((validator!.errors ?? []) as { instancePath: string; message?: string }[]).map((e) => `${e.instancePath} ${e.message ?? ''}`);
}
