import { afterEach, describe, expect, it } from 'vitest';
import { accessibleName, eventTarget, interactiveTarget, isBlocked, isMasked, isSensitiveField, roleOf } from './element-name';

function make(html: string): Element {
  document.body.innerHTML = html;
  return document.querySelector('#t')!;
}

afterEach(() => {
  document.body.innerHTML = '';
});

describe('accessibleName', () => {
  it.each<[string, string, string]>([
    [
      'aria-labelledby with several ids',
      '<b id="a">Save</b><i id="b">draft</i><button id="t" aria-labelledby="a b">S</button>',
      'Save draft',
    ],
    ['label[for] of a field', '<label for="t">Email</label><input id="t">', 'Email'],
    ['wrapping label without the select options', '<label>Country <select id="t"><option>France</option></select></label>', 'Country'],
    ['reset input default', '<input id="t" type="reset">', 'Reset'],
    ['image input alt', '<input id="t" type="image" alt="Go">', 'Go'],
    ['img alt', '<img id="t" alt="Logo">', 'Logo'],
    ['svg title inside a link', '<a id="t" href="/"><svg><title>Home</title></svg></a>', 'Home'],
    ['textarea text is never a name', '<textarea id="t">my private note</textarea>', ''],
    ["an editable region's text is never a name", '<div id="t" contenteditable="true"><p>my private note</p></div>', ''],
    ['an editable region keeps its label', '<div id="t" contenteditable="" aria-label="Comment">hello</div>', 'Comment'],
    ['masked labelledby target', '<b id="a" data-repro-mask>Jane</b><button id="t" aria-labelledby="a"></button>', ''],
  ])('%s', (_name, html, expected) => {
    expect(accessibleName(make(html))).toBe(expected);
  });

  it('is empty inside a blocked area', () => {
    expect(accessibleName(make('<div data-repro-block><button id="t">Secret</button></div>'))).toBe('');
  });
});

it.each<[string, boolean]>([
  ['<input id="t" type="password">', true],
  ['<input id="t" autocomplete="cc-number">', true],
  ['<input id="t" autocomplete="one-time-code">', true],
  ['<input id="t" type="email">', false],
])('isSensitiveField(%s) is %s', (html, expected) => {
  expect(isSensitiveField(make(html))).toBe(expected);
});

it('blocks and masks by rrweb markers, ours and extra selectors', () => {
  expect(isBlocked(make('<div rr-block><span id="t"></span></div>'))).toBe(true);
  expect(isBlocked(make('<div class="x"><span id="t"></span></div>'), { block: '.x' })).toBe(true);
  expect(isMasked(make('<div class="rr-mask"><span id="t"></span></div>'))).toBe(true);
  expect(isMasked(make('<span id="t"></span>'), { maskAllText: true })).toBe(true);
  expect(isMasked(make('<span id="t"></span>'))).toBe(false);
});

it('finds the interactive ancestor and crosses shadow roots', () => {
  const host = make('<div id="t"></div>');
  const root = host.attachShadow({ mode: 'open' });
  root.innerHTML = '<div role="tab"><span class="in">Billing</span></div>';
  const inner = root.querySelector('.in')!;
  expect(interactiveTarget(inner).getAttribute('role')).toBe('tab');
  expect(isBlocked(inner)).toBe(false);
  host.setAttribute('data-repro-block', '');
  expect(isBlocked(inner)).toBe(true);
  let seen: Element | null = null;
  document.addEventListener('click', (e) => (seen = eventTarget(e)), { once: true });
  inner.dispatchEvent(new MouseEvent('click', { bubbles: true, composed: true }));
  expect(seen).toBe(inner);
});

it.each<[string, string]>([
  ['<a id="t" href="/">x</a>', 'link'],
  ['<input id="t" type="submit">', 'button'],
  ['<input id="t" type="checkbox">', 'checkbox'],
  ['<input id="t" type="email">', 'field'],
  ['<select id="t"></select>', 'list'],
  ['<div id="t" role="switch"></div>', 'switch'],
])('roleOf(%s) is %s', (html, expected) => {
  expect(roleOf(make(html))).toBe(expected);
});
