import { describe, expect, it } from 'vitest';
import { affectsPrivacy } from './sliced-snapshot';
import { BLOCK_ATTRIBUTE_SELECTOR, MASK_ATTRIBUTE_SELECTOR, SENSITIVE_SELECTOR } from './rrweb-options';

// What the patched rrweb passes: its block and mask classes and selectors, joined.
const repro = ['rr-block', `${SENSITIVE_SELECTOR}, ${BLOCK_ATTRIBUTE_SELECTOR}`, 'rr-mask', MASK_ATTRIBUTE_SELECTOR].join(' ');

function change(name: string, oldValue: string | null, now?: string) {
  const target = document.createElement('div');
  if (now !== undefined) target.setAttribute(name, now);
  return { attributeName: name, oldValue, target };
}

describe('affectsPrivacy', () => {
  it('is true for a class that masks or blocks coming or going, or an attribute the selectors name', () => {
    expect(affectsPrivacy(change('class', 'a', 'a rr-mask'), repro)).toBe(true);
    expect(affectsPrivacy(change('class', 'rr-block b', 'b'), repro)).toBe(true);
    expect(affectsPrivacy(change('data-repro-mask', null, ''), repro)).toBe(true);
    expect(affectsPrivacy(change('autocomplete', 'name', 'cc-number'), repro)).toBe(true);
    expect(affectsPrivacy(change('type', 'text', 'password'), repro)).toBe(true);
  });

  it('is false for classes and attributes no selector mentions', () => {
    expect(affectsPrivacy(change('class', 'a', 'a b'), repro)).toBe(false);
    expect(affectsPrivacy(change('style', null, 'color: red'), repro)).toBe(false);
    expect(affectsPrivacy(change('data-v', '1', '2'), repro)).toBe(false);
  });

  it('is always true when a selector has a pseudo-class that could depend on anything, or a pattern', () => {
    expect(affectsPrivacy(change('data-v', '1', '2'), `${repro} .card:has(.secret)`)).toBe(true);
    expect(affectsPrivacy(change('data-v', '1', '2'), null)).toBe(true);
    // `:not(...)` only narrows what it is attached to: the names inside still decide.
    expect(affectsPrivacy(change('data-v', '1', '2'), '[contenteditable]:not([contenteditable="false"])')).toBe(false);
  });

  it('reads ids only when a selector uses them', () => {
    expect(affectsPrivacy(change('id', 'a', 'b'), repro)).toBe(false);
    expect(affectsPrivacy(change('id', 'a', 'b'), `${repro} #account`)).toBe(true);
  });
});
