/**
 * The theme's text colours stay readable: WCAG AA asks 4.5:1 for normal text. Every text colour of
 * components/theme.css is checked against the page and panel backgrounds, in light and dark alike.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { expect, it } from 'vitest';

const css = readFileSync(path.join(import.meta.dirname, '../../components/theme.css'), 'utf8');

function variables(block: string): Record<string, string> {
  return Object.fromEntries([...block.matchAll(/--([\w-]+):\s*(#[0-9a-f]{6})/gi)].map((m) => [m[1]!, m[2]!.toLowerCase()]));
}

function luminance(hex: string): number {
  const [r, g, b] = [1, 3, 5].map((i) => {
    const c = parseInt(hex.slice(i, i + 2), 16) / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  });
  return 0.2126 * r! + 0.7152 * g! + 0.0722 * b!;
}

function contrast(a: string, b: string): number {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (hi! + 0.05) / (lo! + 0.05);
}

const light = variables(css.slice(0, css.indexOf('@media (prefers-color-scheme: dark)')));
const dark = { ...light, ...variables(css.slice(css.indexOf('@media (prefers-color-scheme: dark)'))) };

it.each([
  ['light', light],
  ['dark', dark],
])('%s theme: every text colour reads at 4.5:1 or more on the page and on panels', (_name, theme) => {
  for (const text of ['fg', 'muted', 'danger', 'warn', 'ok', 'accent']) {
    for (const background of ['bg', 'panel']) {
      const ratio = contrast(theme[text]!, theme[background]!);
      expect({ text, background, ok: ratio >= 4.5 }).toEqual({ text, background, ok: true });
    }
  }
});

it('computes contrast as WCAG defines it', () => {
  expect(contrast('#000000', '#ffffff')).toBeCloseTo(21, 5);
  expect(contrast('#777777', '#ffffff')).toBeCloseTo(4.48, 2);
});
