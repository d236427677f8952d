/**
 * Request validators built from the trackers' published descriptions: GitHub's OpenAPI description
 * of its REST API (`@octokit/openapi`, api.github.com), Atlassian's JSON Schema of the Atlassian
 * Document Format (`@atlaskit/adf-schema`), the GitLab REST operations Repro uses (`gitlab-api.json`,
 * from GitLab's API documentation) and Linear's GraphQL schema (`linear-schema.graphql`, checked
 * against `@linear/sdk`). Loaded once per process (the GitHub file is ~13 MB).
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import Ajv, { type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { buildSchema, type GraphQLSchema } from 'graphql';

const require = createRequire(import.meta.url);

function readJson(specifier: string): unknown {
  return JSON.parse(readFileSync(require.resolve(specifier), 'utf8'));
}

/** OpenAPI 3.0 `nullable` → JSON Schema `type: [t, 'null']`, and refs pointed at the components document. */
function toJsonSchema(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(toJsonSchema);
  if (!node || typeof node !== 'object') return node;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(node)) {
    if (key === 'nullable' || key === 'example' || key === 'examples' || key === 'discriminator') continue;
    if (key === '$ref' && typeof value === 'string') out[key] = value.replace(/^#\/components/, 'github.json#/components');
    else out[key] = toJsonSchema(value);
  }
  const n = node as { nullable?: boolean; type?: unknown };
  if (n.nullable === true && typeof n.type === 'string') out.type = [n.type, 'null'];
  return out;
}

interface OpenApi {
  paths: Record<string, Record<string, { requestBody?: { content?: Record<string, { schema?: unknown }> } }>>;
  components: unknown;
}

let github: { spec: OpenApi; ajv: Ajv; cache: Map<string, ValidateFunction> } | undefined;

function loadGithub(): NonNullable<typeof github> {
  if (!github) {
    const spec = readJson('@octokit/openapi/generated/api.github.com.json') as OpenApi;
    const ajv = new Ajv({ strict: false, validateFormats: false, allErrors: true });
    ajv.addSchema({ components: toJsonSchema(spec.components) }, 'github.json');
    github = { spec, ajv, cache: new Map() };
  }
  return github;
}

/**
 * Validates a GitHub request body against the OpenAPI description of `method` `template`
 * (e.g. `post`, `/repos/{owner}/{repo}/issues`). Returns the errors, or [] when valid.
 */
export function githubBodyErrors(method: string, template: string, body: unknown): string[] {
  const { spec, ajv, cache } = loadGithub();
  const key = `${method} ${template}`;
  let validate = cache.get(key);
  if (!validate) {
    const schema = spec.paths[template]?.[method]?.requestBody?.content?.['application/json']?.schema;
    if (!schema) return [`no request body described for ${key}`];
    validate = ajv.compile(toJsonSchema(schema) as object);
    cache.set(key, validate);
  }
  return validate(body) ? [] : (validate.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message ?? ''}`);
}

/** True when GitHub's description has this operation (method + path template). */
export function githubHasOperation(method: string, template: string): boolean {
  return Boolean(loadGithub().spec.paths[template]?.[method]);
}

let adf: ValidateFunction | undefined;

/** Validates an Atlassian Document Format document (a Jira Cloud v3 description). */
export function adfErrors(doc: unknown): string[] {
  if (!adf) {
    const schema = readJson('@atlaskit/adf-schema/dist/json-schema/v1/full.json') as Record<string, unknown>;
    delete schema.$schema; // draft-04 marker; the schema itself validates under Ajv's default draft
    adf = new Ajv({ strict: false, validateFormats: false, allErrors: false }).compile(schema);
  }
  return adf(doc) ? [] : (adf.errors ?? []).slice(0, 5).map((e) => `${e.instancePath || '/'} ${e.message ?? ''}`);
}

interface GitLabOperation {
  query?: object;
  body?: object;
  multipart?: { required: string[] };
}

let gitlab: { operations: Record<string, GitLabOperation>; ajv: Ajv; cache: Map<object, ValidateFunction> } | undefined;

function loadGitLab(): NonNullable<typeof gitlab> {
  if (!gitlab) {
    const spec = JSON.parse(readFileSync(path.join(import.meta.dirname, 'gitlab-api.json'), 'utf8')) as {
      operations: Record<string, GitLabOperation>;
    };
    const ajv = new Ajv({ strict: false, allErrors: true });
    addFormats(ajv);
    gitlab = { operations: spec.operations, ajv, cache: new Map() };
  }
  return gitlab;
}

/** The GitLab operation `method template` (e.g. `post /api/v4/projects/{id}/issues`), or undefined. */
export function gitlabOperation(method: string, template: string): GitLabOperation | undefined {
  return loadGitLab().operations[`${method} ${template}`];
}

/** Validates a GitLab request's query or JSON body against the operation's schema; [] when valid. */
export function gitlabErrors(schema: object | undefined, value: unknown): string[] {
  if (!schema) return [];
  const { ajv, cache } = loadGitLab();
  let validate = cache.get(schema);
  if (!validate) {
    validate = ajv.compile(schema);
    cache.set(schema, validate);
  }
  return validate(value)
    ? []
    : (validate.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message ?? ''} ${JSON.stringify(e.params)}`);
}

let linear: GraphQLSchema | undefined;

/** Linear's GraphQL schema, the subset Repro uses (see linear-schema.graphql). */
export function linearSchema(): GraphQLSchema {
  linear ??= buildSchema(readFileSync(path.join(import.meta.dirname, 'linear-schema.graphql'), 'utf8'));
  return linear;
}
