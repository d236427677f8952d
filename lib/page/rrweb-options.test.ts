import { describe, expect, it } from 'vitest';
import {
  DEFAULT_RECORDER_CONFIG,
  EDITABLE_SELECTOR,
  isSensitiveField,
  maskValue,
  SENSITIVE_SELECTOR,
  toRecordOptions,
} from './rrweb-options';

const emit = () => undefined;

function el(html: string): HTMLElement {
  const host = document.createElement('div');
  host.innerHTML = html;
  return host.firstElementChild as HTMLElement;
}

describe('toRecordOptions', () => {
  it('masks every input and blocks sensitive and marked elements by default', () => {
    const o = toRecordOptions(DEFAULT_RECORDER_CONFIG, emit);
    for (const type of ['text', 'email', 'number', 'search', 'url', 'textarea', 'select', 'hidden'])
      expect([type, o.maskInputOptions?.[type as 'text']]).toEqual([type, true]);
    expect(o.maskInputFn?.('typed', el('<input type="text">'))).toBe('*****');
    expect(o.blockSelector).toContain(SENSITIVE_SELECTOR);
    expect(o.blockSelector).toContain('[data-repro-block]');
    expect(o.blockClass).toBe('rr-block');
    expect(o.maskTextSelector).toBe(`[data-repro-mask], ${EDITABLE_SELECTOR}`);
    expect(o.maskTextClass).toBe('rr-mask');
  });

  it('masks the text of editable regions as it masks inputs, and only while inputs are masked', () => {
    const selector = toRecordOptions(DEFAULT_RECORDER_CONFIG, emit).maskTextSelector!;
    expect(el('<div contenteditable="true">typed</div>').matches(selector)).toBe(true);
    expect(el('<div contenteditable>typed</div>').matches(selector)).toBe(true);
    expect(el('<div contenteditable="false">label</div>').matches(selector)).toBe(false);
    expect(el('<p>text</p>').matches(selector)).toBe(false);
    expect(toRecordOptions({ ...DEFAULT_RECORDER_CONFIG, unmaskInputs: true }, emit).maskTextSelector).toBe('[data-repro-mask]');
  });

  it('never records canvas, fonts or inlined images, and never records cross-origin frames itself', () => {
    const o = toRecordOptions(DEFAULT_RECORDER_CONFIG, emit);
    expect([o.recordCanvas, o.collectFonts, o.inlineImages, o.recordCrossOriginIframes]).toEqual([false, false, false, false]);
  });

  it('samples mouse moves, scrolls and input bursts', () => {
    const o = toRecordOptions(DEFAULT_RECORDER_CONFIG, emit);
    expect(o.sampling).toMatchObject({ mousemove: 50, scroll: 150, input: 'last' });
    // The page never checks out by itself: a full snapshot is one long task on its thread.
    expect(o.checkoutEveryNms).toBeUndefined();
    expect(o.checkoutEveryNth).toBeUndefined();
  });

  it('unmasking inputs keeps passwords masked and sensitive fields blocked', () => {
    const o = toRecordOptions({ ...DEFAULT_RECORDER_CONFIG, unmaskInputs: true }, emit);
    expect(o.maskInputFn?.('typed', el('<input type="text" name="city">'))).toBe('typed');
    expect(o.maskInputOptions?.select).toBeUndefined();
    expect(o.maskInputFn?.('hunter2', el('<input type="password">'))).toBe('');
    expect(o.blockSelector).toContain(SENSITIVE_SELECTOR);
  });

  it('masks hidden, email, tel and secret-named fields even when inputs are unmasked', () => {
    for (const config of [DEFAULT_RECORDER_CONFIG, { ...DEFAULT_RECORDER_CONFIG, unmaskInputs: true }]) {
      const o = toRecordOptions(config, emit);
      expect(o.maskAllInputs).toBe(false);
      expect(o.maskInputOptions?.['hidden' as 'text']).toBe(true);
      for (const html of [
        '<input type="hidden" name="SAMLResponse">',
        '<input type="hidden" name="state">',
        '<input type="email">',
        '<input type="tel">',
        '<input name="authenticity_token">',
        '<input id="api_key">',
        '<textarea name="private_key"></textarea>',
      ]) {
        expect([html, o.maskInputFn?.('s3cr3t-v4lue', el(html))]).toEqual([html, '************']);
      }
    }
  });

  it('adds valid extra selectors and drops invalid ones rather than breaking the recorder', () => {
    const o = toRecordOptions({ ...DEFAULT_RECORDER_CONFIG, blockSelectors: ['.ads', '###bad(('], maskSelectors: ['#name', ''] }, emit);
    expect(o.blockSelector).toContain('.ads');
    expect(o.blockSelector).not.toContain('###bad');
    expect(o.maskTextSelector).toBe(`[data-repro-mask], ${EDITABLE_SELECTOR}, #name`);
  });

  it('masks all text when asked', () => {
    expect(toRecordOptions({ ...DEFAULT_RECORDER_CONFIG, maskAllText: true }, emit).maskTextSelector).toBe('*');
  });
});

describe('sensitive fields', () => {
  it('recognises passwords and payment card fields', () => {
    expect(isSensitiveField(el('<input type="password">'))).toBe(true);
    expect(isSensitiveField(el('<input autocomplete="cc-number">'))).toBe(true);
    expect(isSensitiveField(el('<input autocomplete="billing cc-csc">'))).toBe(true);
    expect(isSensitiveField(el('<input type="text" name="email">'))).toBe(false);
  });

  it('masks values to asterisks, and sensitive ones to nothing', () => {
    expect(maskValue('hello', el('<input type="text">'))).toBe('*****');
    expect(maskValue('hunter2', el('<input type="password">'))).toBe('');
    expect(maskValue('4111111111111111', el('<input autocomplete="cc-number">'))).toBe('');
  });

  it('the default options mask through maskValue', () => {
    const o = toRecordOptions(DEFAULT_RECORDER_CONFIG, emit);
    expect(o.maskInputFn?.('secret', el('<input type="text">'))).toBe('******');
    expect(o.maskTextFn?.('two words', null)).toBe('*** *****');
  });
});
