// @vitest-environment node
/**
 * The fake Linear server checks requests against `e2e/fakes/linear-schema.graphql`, a subset written for
 * Repro. This keeps that subset honest: every type, field and argument in it must be in Linear's
 * published schema as `@linear/sdk` ships it (the TypeScript types generated from it), with the same
 * type and nullability.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import {
  getNamedType,
  isInputObjectType,
  isListType,
  isNonNullType,
  isObjectType,
  type GraphQLInputType,
  type GraphQLOutputType,
} from 'graphql';
import { expect, it } from 'vitest';
import { linearSchema } from '../../e2e/fakes/contract-schemas';

interface DeclaredField {
  optional: boolean;
  list: boolean;
  named: string;
}

/** The SDK's generated types: `type Name = [Node &] { field?: InputMaybe<Scalars["String"]>; … };`. */
function sdkTypes(): Map<string, Map<string, DeclaredField>> {
  const dir = path.dirname(createRequire(import.meta.url).resolve('@linear/sdk'));
  // The declarations are split in files whose names carry a build hash.
  const file = readdirSync(dir)
    .filter((f) => f.endsWith('.d.mts'))
    .map((f) => readFileSync(path.join(dir, f), 'utf8'))
    .join('\n');
  const types = new Map<string, Map<string, DeclaredField>>();
  for (const block of file.matchAll(/^type (\w+) = [^{\n]*\{\n([\s\S]*?)\n\};/gm)) {
    const fields = new Map<string, DeclaredField>();
    for (const line of block[2]!.matchAll(/^ {2}(\w+)(\??): (.+);$/gm)) {
      const type = line[3]!;
      const named = /Scalars\["(\w+)"\]/.exec(type)?.[1] ?? /(?:Maybe|InputMaybe|Array)<(\w+)>+$/.exec(type)?.[1] ?? type;
      fields.set(line[1]!, { optional: line[2] === '?' || /^(Input)?Maybe</.test(type), list: type.includes('Array<'), named });
    }
    types.set(block[1]!, fields);
  }
  return types;
}

/** `[Team!]!` → { optional: false, list: true, named: 'Team' }. */
function ours(type: GraphQLOutputType | GraphQLInputType): DeclaredField {
  const list = isListType(isNonNullType(type) ? type.ofType : type);
  return { optional: !isNonNullType(type), list, named: getNamedType(type).name };
}

// The generator writes acronyms as words: IDComparator is IdComparator there.
const same = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();
const capital = (s: string) => s[0]!.toUpperCase() + s.slice(1);

it("declares only what Linear's published schema has, as it has it", () => {
  const sdk = sdkTypes();
  expect(sdk.size).toBeGreaterThan(500);
  const differences: string[] = [];
  const compare = (where: string, declared: DeclaredField | undefined, mine: DeclaredField) => {
    if (!declared) differences.push(`${where}: not in @linear/sdk`);
    else if (declared.optional !== mine.optional || declared.list !== mine.list || !same(declared.named, mine.named)) {
      differences.push(`${where}: ${JSON.stringify(mine)} here, ${JSON.stringify(declared)} in @linear/sdk`);
    }
  };
  const schema = linearSchema();
  for (const type of Object.values(schema.getTypeMap())) {
    if (type.name.startsWith('__') || !(isObjectType(type) || isInputObjectType(type))) continue;
    const declared = [...sdk.entries()].find(([name]) => same(name, type.name))?.[1];
    if (!declared) {
      differences.push(`${type.name}: no such type in @linear/sdk`);
      continue;
    }
    for (const field of Object.values(type.getFields())) {
      compare(`${type.name}.${field.name}`, declared.get(field.name), ours(field.type));
      if (!('args' in field)) continue;
      const args = sdk.get(`${type.name}${capital(field.name)}Args`);
      for (const arg of field.args) compare(`${type.name}.${field.name}(${arg.name})`, args?.get(arg.name), ours(arg.type));
    }
  }
  expect(differences).toEqual([]);
});
