/**
 * How steps phrase what was acted on: quoted names, role words with their article, and the names of
 * forms and scroll containers, under the naming options' privacy rules. Page-safe: no extension API.
 */
import { accessibleName, isBlocked, isMasked, type NamingOptions } from '../element-name';
import { EDITABLE_SELECTOR, isValidSelector, type RecorderConfig } from '../rrweb-options';

/**
 * Naming until the recorder's settings arrive (a few milliseconds after the page starts): every text
 * masked and every value hidden, so an early step can never show what the settings would have hidden.
 */
export const NAMING_UNTIL_CONFIGURED: NamingOptions = { maskAllText: true, maskInputs: true };

/**
 * The naming options that make steps obey the replay's masking (`toRecordOptions`): the tester's block
 * and mask selectors (invalid ones dropped, as there), "mask all text", and, while inputs are masked,
 * input values and the text typed into editable regions.
 */
export function stepNaming(config: RecorderConfig): NamingOptions {
  const valid = (selectors: string[]) => selectors.filter((s) => isValidSelector(s)).join(', ');
  // The elements inside an editable region hold what was typed; the region itself keeps its label.
  const mask = valid([...config.maskSelectors, ...(config.unmaskInputs ? [] : [`${EDITABLE_SELECTOR} *`])]);
  const block = valid(config.blockSelectors);
  return { maskAllText: config.maskAllText, maskInputs: !config.unmaskInputs, ...(block ? { block } : {}), ...(mask ? { mask } : {}) };
}

/** `a button`, `an option`. */
export function a(word: string): string {
  return /^[aeiou]/i.test(word) ? `an ${word}` : `a ${word}`;
}

/** `"Email"`, or `fallback` when there is no name to show. */
export function quoted(name: string, fallback: string): string {
  return name ? `"${name}"` : fallback;
}

/** A form's name: its label, title or name, a legend or heading inside it, else its submit button. */
export function formName(form: HTMLFormElement, submitter: Element | null, options: NamingOptions): string {
  if (isBlocked(form, options)) return '';
  const own =
    form.getAttribute('aria-labelledby') || form.getAttribute('aria-label') ? accessibleName(form, { ...options, maskAllText: false }) : '';
  if (own && !isMasked(form, options)) return own;
  if (isMasked(form, options)) return '';
  const title = form.getAttribute('title') || form.getAttribute('name');
  if (title) return title.slice(0, 60);
  const heading = form.querySelector('legend, h1, h2, h3, h4, h5, h6');
  if (heading) {
    const text = accessibleName(heading, options);
    if (text) return text;
  }
  const button = submitter ?? form.querySelector('button:not([type]), button[type="submit"], input[type="submit"]');
  return button ? accessibleName(button, options) : '';
}

/** A name for a scroll container, from its explicit labels only (its text would be the whole content). */
export function containerName(el: Element, options: NamingOptions): string {
  if (isBlocked(el, options) || isMasked(el, options)) return '';
  return el.getAttribute('aria-labelledby') || el.getAttribute('aria-label') || el.getAttribute('title') ? accessibleName(el, options) : '';
}
