/**
 * The layers, on the real import graph as dependency-cruiser resolves it (the same rules `npm run
 * check:layers` applies, from `.dependency-cruiser.cjs`), plus what a rule cannot say: no folder imports
 * another that imports it back, and the page world reaches only the page-safe core.
 * The picture: docs/architecture.md.
 */
import { createRequire } from 'node:module';
import path from 'node:path';
import { cruise, type ICruiseResult, type IModule } from 'dependency-cruiser';
import { beforeAll, expect, it } from 'vitest';

const ROOT = path.resolve(import.meta.dirname, '../..');
const config = createRequire(import.meta.url)(path.join(ROOT, '.dependency-cruiser.cjs')) as { forbidden: object[]; options: object };

let result: ICruiseResult;
let modules: Map<string, IModule>;

beforeAll(async () => {
  const cwd = process.cwd();
  process.chdir(ROOT);
  try {
    const { output } = await cruise(['entrypoints', 'lib', 'components'], {
      ...config.options,
      ruleSet: { forbidden: config.forbidden },
    } as never);
    result = output as ICruiseResult;
  } finally {
    process.chdir(cwd);
  }
  modules = new Map(result.modules.map((m) => [m.source, m]));
}, 60_000);

/** `lib/network`, `components/viewer`, `entrypoints/popup`: the unit a layer rule talks about. */
function folderOf(source: string): string | null {
  const parts = source.split('/');
  if (parts[0] === 'lib' || parts[0] === 'entrypoints') return parts.length > 2 ? parts.slice(0, 2).join('/') : source;
  if (parts[0] === 'components') return parts.length > 2 ? parts.slice(0, 2).join('/') : 'components';
  return null;
}

const isTest = (source: string) => /\.test\.ts$|\/testing\.ts$|^lib\/conventions\//.test(source);

it('sees the whole code base, every import resolved', () => {
  expect(result.summary.totalCruised).toBeGreaterThan(250);
  const unresolved = result.modules.filter((m) => m.couldNotResolve && !/^(node|har-format|virtual:)/.test(m.source)).map((m) => m.source);
  expect(unresolved).toEqual([]);
});

it('breaks none of the layer rules', () => {
  const violations = result.summary.violations.map((v) => `${v.rule.name}: ${v.from} → ${v.to}`);
  expect(violations).toEqual([]);
});

it('has no folder that imports another that imports it back', () => {
  const edges = new Map<string, Set<string>>();
  for (const m of result.modules) {
    const from = folderOf(m.source);
    if (!from || isTest(m.source)) continue;
    for (const d of m.dependencies) {
      const to = folderOf(d.resolved);
      if (to && to !== from) edges.set(from, (edges.get(from) ?? new Set()).add(to));
    }
  }
  // A folder reaches itself again only through a cycle.
  const cycles: string[] = [];
  for (const start of edges.keys()) {
    const seen = new Set<string>();
    const stack = [...(edges.get(start) ?? [])];
    while (stack.length) {
      const next = stack.pop()!;
      if (next === start) {
        cycles.push(start);
        break;
      }
      if (seen.has(next)) continue;
      seen.add(next);
      stack.push(...(edges.get(next) ?? []));
    }
  }
  expect(cycles).toEqual([]);
});

it('runs in the page world only the page-safe core, and libraries that need no extension', () => {
  // What the page world runs: imports of types only are erased from the bundle, so they are not followed here.
  const reached = new Set<string>();
  const stack = ['entrypoints/recorder-main.content.ts'];
  while (stack.length) {
    const source = stack.pop()!;
    if (reached.has(source)) continue;
    reached.add(source);
    for (const d of modules.get(source)?.dependencies ?? []) {
      if (d.dependencyTypes.includes('type-only')) continue;
      if (d.resolved.startsWith('node_modules/')) reached.add(d.resolved);
      else stack.push(d.resolved);
    }
  }
  const project = [...reached].filter((s) => !s.startsWith('node_modules/') && s !== 'entrypoints/recorder-main.content.ts');
  expect(project.length).toBeGreaterThan(5);
  expect(project.filter((s) => !/^lib\/(page|redact|model)\//.test(s))).toEqual([]);
  const packages = new Set(
    [...reached]
      .filter((s) => s.startsWith('node_modules/'))
      .map((s) =>
        s
          .split('/')
          .slice(1, s.startsWith('node_modules/@') ? 3 : 2)
          .join('/'),
      ),
  );
  expect([...packages].sort()).toEqual(['@rrweb/types', 'rrweb', 'valibot']);
});
