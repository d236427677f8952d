/**
 * Nothing from a recorded page (titles, console text, URLs, bodies) may become HTML in an extension
 * page. Svelte's `{text}` escapes; these are the ways around it, and none is allowed in extension code.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { expect, it } from 'vitest';

const ROOT = path.resolve(import.meta.dirname, '../..');
const SINKS =
  /\{@html\b|\.innerHTML\s*=|\.outerHTML\s*=|insertAdjacentHTML\s*\(|document\.write(ln)?\s*\(|createContextualFragment\s*\(|\bsrcdoc\s*=/;

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = path.join(dir, name);
    if (statSync(p).isDirectory()) return sourceFiles(p);
    return /\.(ts|svelte)$/.test(name) && !name.endsWith('.test.ts') ? [p] : [];
  });
}

it('has no HTML sinks in extension pages, components or the code they use', () => {
  for (const file of ['entrypoints', 'components', 'lib'].flatMap((d) => sourceFiles(path.join(ROOT, d)))) {
    const rel = path.relative(ROOT, file);
    const line = readFileSync(file, 'utf8')
      .split('\n')
      .find((l) => SINKS.test(l));
    expect([rel, line ?? null]).toEqual([rel, null]);
  }
});

it('recognises the sinks it forbids', () => {
  for (const sample of [
    '{@html title}',
    'el.innerHTML = t',
    'x.insertAdjacentHTML("beforeend", t)',
    'document.write(t)',
    'frame.srcdoc = t',
  ]) {
    expect([sample, SINKS.test(sample)]).toEqual([sample, true]);
  }
  expect(SINKS.test('el.textContent = t; {title}')).toBe(false);
});
