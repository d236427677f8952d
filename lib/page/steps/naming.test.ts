import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_RECORDER_CONFIG } from '../rrweb-options';
import { a, containerName, formName, NAMING_UNTIL_CONFIGURED, quoted, stepNaming } from './naming';

afterEach(() => {
  document.body.innerHTML = '';
});

function form(html: string): HTMLFormElement {
  document.body.innerHTML = html;
  return document.querySelector('form')!;
}

describe('naming', () => {
  it('puts the right article before a role word, and quotes a name or falls back', () => {
    expect([a('button'), a('option'), a('Image')]).toEqual(['a button', 'an option', 'an Image']);
    expect([quoted('Email', 'a field'), quoted('', 'a field')]).toEqual(['"Email"', 'a field']);
  });

  it.each<[string, string, string]>([
    ['its label', '<form aria-label="Login"><h2>Other</h2></form>', 'Login'],
    ['its name attribute', '<form name="search"><h2>Other</h2></form>', 'search'],
    ['a heading inside it', '<form><legend>Shipping address</legend><button>Go</button></form>', 'Shipping address'],
    ['its submit button', '<form><input><button>Save draft</button></form>', 'Save draft'],
    ['nothing when masked', '<form data-repro-mask aria-label="Patient Jane"><button>Save</button></form>', ''],
    ['nothing when blocked', '<div data-repro-block><form aria-label="Salary"></form></div>', ''],
  ])('names a form by %s', (_name, html, expected) => {
    expect(formName(form(html), null, {})).toBe(expected);
  });

  it('names a scroll container only by its explicit labels', () => {
    document.body.innerHTML =
      '<div id="a" aria-label="Results">many rows</div><div id="b">many rows</div><div id="c" aria-label="Jane" class="pii"></div>';
    const el = (id: string) => document.getElementById(id)!;
    expect([containerName(el('a'), {}), containerName(el('b'), {}), containerName(el('c'), { mask: '.pii' })]).toEqual(['Results', '', '']);
  });
});

describe('stepNaming', () => {
  it("masks what the replay masks: the tester's selectors, all text when asked, values and typed text while inputs are masked", () => {
    expect(stepNaming(DEFAULT_RECORDER_CONFIG)).toEqual({
      maskAllText: false,
      maskInputs: true,
      mask: '[contenteditable]:not([contenteditable="false"]) *',
    });
    expect(
      stepNaming({
        ...DEFAULT_RECORDER_CONFIG,
        unmaskInputs: true,
        maskAllText: true,
        blockSelectors: ['.salary'],
        maskSelectors: ['.patient', '#mrn'],
      }),
    ).toEqual({
      maskAllText: true,
      maskInputs: false,
      block: '.salary',
      mask: '.patient, #mrn',
    });
  });

  it('drops selectors that do not parse, as the replay does, rather than masking nothing', () => {
    expect(
      stepNaming({ ...DEFAULT_RECORDER_CONFIG, unmaskInputs: true, maskSelectors: ['div[', '.patient'], blockSelectors: ['>>'] }),
    ).toEqual({
      maskAllText: false,
      maskInputs: false,
      mask: '.patient',
    });
  });

  it('names by role only until the settings arrive', () => {
    expect(NAMING_UNTIL_CONFIGURED).toEqual({ maskAllText: true, maskInputs: true });
  });
});
