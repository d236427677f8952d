import { describe, expect, it } from 'vitest';
import { DEFAULT_RECORDER_CONFIG } from '../rrweb-options';
import { stepNaming } from './naming';
import { $, click, page, type, useStepTracker } from './testing';

const t = useStepTracker();

describe('typing', () => {
  it('makes one step per field per burst, never the value', () => {
    page(
      '<label for="e">Email</label><input id="e" type="email"><input id="p" type="password" placeholder="Password"><textarea id="n" aria-label="Notes"></textarea>',
    );
    t.start();
    const email = $('#e') as HTMLInputElement;
    for (const ch of 'me@x.io') {
      email.value += ch;
      type(email);
    }
    const password = $('#p') as HTMLInputElement;
    password.value = 'hunter2';
    type(password);
    type(password);
    type($('#n'));
    email.value = 'other@x.io';
    type(email);
    expect(t.texts()).toEqual(['Type into "Email"', 'Type into "Password"', 'Type into "Notes"', 'Type into "Email"']);
    expect(JSON.stringify(t.steps)).not.toMatch(/hunter2|me@x|other@x/);
    expect(t.steps.every((s) => s.kind === 'type')).toBe(true);
  });

  it('names a field by a wrapping label, then placeholder, then name', () => {
    page('<label>Full name <input id="a"></label><input id="b" placeholder="Search products"><input id="c" name="zip"><input id="d">');
    t.start();
    for (const id of ['#a', '#b', '#c', '#d']) type($(id));
    expect(t.texts()).toEqual(['Type into "Full name"', 'Type into "Search products"', 'Type into "zip"', 'Type into a field']);
  });

  it('never uses a field value as its name, even for a value attribute', () => {
    page('<input id="a" value="prefilled secret">');
    t.start();
    type($('#a'));
    expect(t.texts()).toEqual(['Type into a field']);
  });

  it('starts a new burst after another step', () => {
    page('<input id="a" aria-label="Qty"><button id="b">Update</button>');
    t.start();
    type($('#a'));
    click($('#b'));
    type($('#a'));
    expect(t.texts()).toEqual(['Type into "Qty"', 'Click "Update"', 'Type into "Qty"']);
  });

  it('covers contenteditable regions', () => {
    page('<div contenteditable="true" aria-label="Comment"><p id="p">hello</p></div>');
    t.start();
    type($('#p'));
    expect(t.texts()).toEqual(['Type into "Comment"']);
  });

  it('never names an editable region by its text, which is what was typed', () => {
    page('<div id="a" contenteditable="true"><p id="p">my private note</p></div><div id="b" contenteditable="plaintext-only">draft</div>');
    t.start();
    type($('#p'));
    type($('#b'));
    expect(t.texts()).toEqual(['Type into a field', 'Type into a field']);
  });

  it("keeps an editable region's label while inputs are masked", () => {
    page('<div contenteditable="true" aria-label="Comment"><p id="p">hello</p></div>');
    t.start(stepNaming(DEFAULT_RECORDER_CONFIG));
    type($('#p'));
    expect(t.texts()).toEqual(['Type into "Comment"']);
  });

  it('hides a blocked field name', () => {
    page('<div data-repro-block><input id="a" aria-label="Diagnosis"></div>');
    t.start();
    type($('#a'));
    expect(t.texts()).toEqual(['Type into a field']);
  });
});
