import { describe, expect, it } from 'vitest';
import { $, key, page, useStepTracker } from './testing';

const t = useStepTracker();

describe('keys', () => {
  it('records Escape, with modifiers', () => {
    t.start();
    key(document.body, 'Escape');
    key(document.body, 'Enter', { ctrlKey: true });
    expect(t.steps.map((s) => [s.kind, s.text])).toEqual([
      ['key', 'Press Escape'],
      ['key', 'Press Ctrl+Enter'],
    ]);
  });

  it('ignores keys that do not matter, repeats, IME composition, and Enter that activates a button', () => {
    page('<button id="b">OK</button><textarea id="t"></textarea>');
    t.start();
    key(document.body, 'a');
    key(document.body, 'Tab');
    key(document.body, 'Escape', { repeat: true });
    key(document.body, 'Enter', { isComposing: true });
    key($('#b'), 'Enter');
    key($('#t'), 'Enter');
    expect(t.steps).toEqual([]);
  });
});
