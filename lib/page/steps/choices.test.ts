import { describe, expect, it } from 'vitest';
import type { Step } from '../../model/report';
import { DEFAULT_RECORDER_CONFIG } from '../rrweb-options';
import { stepNaming } from './naming';
import { $, change, page, useStepTracker } from './testing';

const t = useStepTracker();

describe('changes', () => {
  it.each<[string, string, (el: HTMLElement) => void, string, Step['kind']]>([
    [
      'select with option text',
      '<label for="t">Shipping</label><select id="t"><option>Standard</option><option>Express</option></select>',
      (el) => ((el as HTMLSelectElement).selectedIndex = 1),
      'Select "Express" in "Shipping"',
      'select',
    ],
    [
      'masked select hides the option',
      '<label for="t">Diagnosis</label><select id="t" data-repro-mask><option>Flu</option></select>',
      () => {},
      'Select an option in "Diagnosis"',
      'select',
    ],
    [
      'payment select hides the option',
      '<select id="t" aria-label="Expiry month" autocomplete="cc-exp-month"><option>04</option></select>',
      () => {},
      'Select an option in "Expiry month"',
      'select',
    ],
    [
      'checkbox checked',
      '<label><input id="t" type="checkbox"> Remember me</label>',
      (el) => ((el as HTMLInputElement).checked = true),
      'Check "Remember me"',
      'check',
    ],
    [
      'checkbox unchecked',
      '<input id="t" type="checkbox" aria-label="Newsletter">',
      (el) => ((el as HTMLInputElement).checked = false),
      'Uncheck "Newsletter"',
      'check',
    ],
    [
      'radio',
      '<label><input id="t" type="radio" name="s"> Express</label>',
      (el) => ((el as HTMLInputElement).checked = true),
      'Choose "Express"',
      'check',
    ],
    [
      'file, never the file name',
      '<label for="t">Avatar</label><input id="t" type="file">',
      () => {},
      'Choose a file for "Avatar"',
      'type',
    ],
    ['range', '<input id="t" type="range" aria-label="Volume">', () => {}, 'Change "Volume"', 'type'],
  ])('%s', (_name, html, act, expected, kind) => {
    page(html);
    t.start();
    const el = $('#t');
    act(el);
    change(el);
    expect(t.steps.map((s) => [s.kind, s.text])).toEqual([[kind, expected]]);
  });

  it('hides the chosen option while input values are masked, as the replay does, and shows it when they are not', () => {
    page('<label for="t">Shipping</label><select id="t"><option>Standard</option><option selected>Express</option></select>');
    t.start(stepNaming(DEFAULT_RECORDER_CONFIG));
    change($('#t'));
    t.stop();
    t.start(stepNaming({ ...DEFAULT_RECORDER_CONFIG, unmaskInputs: true }));
    change($('#t'));
    expect(t.texts()).toEqual(['Select an option in "Shipping"', 'Select "Express" in "Shipping"']);
  });

  it('ignores change events of text fields (the typing step covers them)', () => {
    page('<input id="t" aria-label="Name">');
    t.start();
    change($('#t'));
    expect(t.steps).toEqual([]);
  });
});
