import { afterEach, expect, it } from 'vitest';
import { formOf, isSubmitter, isTextField } from './fields';

afterEach(() => {
  document.body.innerHTML = '';
});

function el(html: string): Element {
  document.body.innerHTML = html;
  return document.querySelector('#t')!;
}

it.each<[string, boolean]>([
  ['<input id="t">', true],
  ['<input id="t" type="email">', true],
  ['<textarea id="t"></textarea>', true],
  ['<div id="t" contenteditable="true"></div>', true],
  ['<div id="t" role="textbox"></div>', true],
  ['<div id="t" contenteditable="plaintext-only"></div>', true],
  ['<input id="t" type="checkbox">', false],
  ['<input id="t" type="submit">', false],
  ['<div id="t" contenteditable="false"></div>', false],
])('isTextField(%s) is %s', (html, expected) => {
  expect(isTextField(el(html))).toBe(expected);
});

it.each<[string, boolean]>([
  ['<button id="t">Go</button>', true],
  ['<button id="t" type="button">Go</button>', false],
  ['<input id="t" type="submit">', true],
  ['<input id="t" type="image">', true],
  ['<input id="t" type="reset">', false],
])('isSubmitter(%s) is %s', (html, expected) => {
  expect(isSubmitter(el(html))).toBe(expected);
});

it('finds the form of a control, inside it or linked by its form attribute', () => {
  document.body.innerHTML = '<form id="f"><input id="in"></form><input id="out" form="f"><input id="none">';
  const f = document.getElementById('f');
  expect([
    formOf(document.getElementById('in')!),
    formOf(document.getElementById('out')!),
    formOf(document.getElementById('none')!),
  ]).toEqual([f, f, null]);
});
