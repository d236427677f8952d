import { expect, it } from 'vitest';
import { escapeNoncharacters, escapeNoncharacterText } from './escape-noncharacters';

it('escapes noncharacters and leaves other text alone', () => {
  expect(escapeNoncharacterText('a\uFFFEb\uFDD0c')).toBe('a\\ufffeb\\ufdd0c');
  expect(escapeNoncharacterText('plain ü € text')).toBe('plain ü € text');
});

it('rewrites emitted chunks but not assets', () => {
  const bundle = { 'a.js': { type: 'chunk', code: 'x="\uFFFF"' }, 'b.css': { type: 'asset', code: '\uFFFF' } };
  escapeNoncharacters().generateBundle(undefined, bundle);
  expect(bundle['a.js'].code).toBe('x="\\uffff"');
  expect(bundle['b.css'].code).toBe('\uFFFF');
});
