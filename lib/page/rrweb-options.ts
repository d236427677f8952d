/**
 * The recorder's privacy and fidelity defaults, in one place. Page-safe (no extension API): the MAIN-world
 * recorder turns a plain, serializable `RecorderConfig` (sent by the isolated script from the settings)
 * into rrweb record options. What no setting can change lives here as constants.
 */
import type { recordOptions } from 'rrweb';
import type { eventWithTime } from '@rrweb/types';
import { isSecretField, isSecretHeader } from '../redact';
import type { SnapshotApi } from './sliced-snapshot';

/**
 * Fields never recorded, whatever the settings: passwords and payment card fields (by type and by the
 * `autocomplete` tokens of the HTML spec, section "Autofill"). They are blocked: replaced in the replay
 * by an empty placeholder of the same size, and no input event of theirs is ever emitted.
 */
export const SENSITIVE_SELECTOR = [
  'input[type="password" i]',
  '[autocomplete^="cc-" i]',
  '[autocomplete*=" cc-" i]',
  '[autocomplete~="one-time-code" i]',
].join(', ');

/**
 * Opt-out markers a site can put on its own elements: our attributes, plus rrweb's `rr-block` / `rr-mask`
 * classes (passed as rrweb's block and mask classes) so sites already marked for rrweb stay private.
 */
export const BLOCK_ATTRIBUTE_SELECTOR = '[data-repro-block]';
export const MASK_ATTRIBUTE_SELECTOR = '[data-repro-mask]';

/**
 * Editable regions (rich-text editors, comment boxes) are inputs whose value is DOM text: rrweb's input
 * masking never sees them, so while inputs are masked their text is masked too.
 */
export const EDITABLE_SELECTOR = '[contenteditable]:not([contenteditable="false"])';

/** The recorder settings that travel from the extension to the page world. */
export interface RecorderConfig {
  /** Record the values of ordinary inputs (sensitive fields stay out regardless). Default false. */
  unmaskInputs: boolean;
  /** Mask every text node, not only the marked ones. Default false. */
  maskAllText: boolean;
  /** Extra CSS selectors of elements not to record at all. */
  blockSelectors: string[];
  /** Extra CSS selectors whose text is masked. */
  maskSelectors: string[];
}

export const DEFAULT_RECORDER_CONFIG: RecorderConfig = {
  unmaskInputs: false,
  maskAllText: false,
  blockSelectors: [],
  maskSelectors: [],
};

/** True when `selector` parses as a CSS selector list here; invalid ones are dropped rather than breaking rrweb. */
export function isValidSelector(selector: string, doc: Document | undefined = globalThis.document): boolean {
  if (!selector.trim()) return false;
  if (!doc) return true;
  try {
    doc.createDocumentFragment().querySelector(selector);
    return true;
  } catch {
    return false;
  }
}

/** Joins the usable selectors into one selector list. */
function selectorList(parts: string[]): string {
  return parts.filter((s) => isValidSelector(s)).join(', ');
}

/** True for an element whose value must never be recorded. */
export function isSensitiveField(element: HTMLElement | null | undefined): boolean {
  try {
    return Boolean(element && typeof element.matches === 'function' && element.matches(SENSITIVE_SELECTOR));
  } catch {
    return false;
  }
}

/** Input types masked even when the tester records what is typed into inputs. */
const ALWAYS_MASKED_TYPES = new Set(['email', 'tel', 'hidden']);

/**
 * True for a field whose value is masked whatever the settings: `email`, `tel` and `hidden` inputs
 * (hidden ones carry CSRF tokens, `SAMLResponse`, an `id_token` on form_post pages), and fields whose
 * name or id names a secret (`api_key`, `authenticity_token`).
 */
export function isAlwaysMasked(element: HTMLElement | null | undefined): boolean {
  if (!element || typeof element.getAttribute !== 'function') return false;
  return isAlwaysMaskedField((attr) => element.getAttribute(attr));
}

/** `isAlwaysMasked` from a field's attributes (`attribute(name)` gives one, or null), for code that holds no element. */
export function isAlwaysMaskedField(attribute: (name: string) => unknown): boolean {
  const type = attribute('type');
  if (typeof type === 'string' && ALWAYS_MASKED_TYPES.has(type.toLowerCase())) return true;
  return ['name', 'id'].some((attr) => {
    const name = attribute(attr);
    return typeof name === 'string' && name !== '' && (isSecretField(name) || isSecretHeader(name));
  });
}

/**
 * A field's value as recorded: nothing for sensitive fields, one asterisk per character when masked
 * (every field with `maskAll`, always-masked fields in any case), else the value itself.
 */
export function maskValue(text: string, element: HTMLElement | null | undefined, maskAll = true): string {
  if (isSensitiveField(element)) return '';
  return maskAll || isAlwaysMasked(element) ? '*'.repeat(Math.min(text.length, 64)) : text;
}

/**
 * Every input type rrweb masks by type, and `hidden`, which its own "mask all inputs" list leaves out.
 * All of them go through `maskValue`, which decides; rrweb's `maskAllInputs` would ignore this list.
 */
const MASKED_TYPES = [
  'color',
  'date',
  'datetime-local',
  'email',
  'month',
  'number',
  'range',
  'search',
  'tel',
  'text',
  'time',
  'url',
  'week',
  'textarea',
  'password',
  'hidden',
];

/** rrweb's options, with the patched `record()`'s hook for a first snapshot taken in slices (`sliced-snapshot.ts`). */
export type RecordOptions = recordOptions<eventWithTime> & { reproSnapshotInSlices?: (api: SnapshotApi) => () => void };

/**
 * rrweb record options for `config`. Canvas recording stays off (it starts a blob worker, which strict-CSP
 * pages refuse); fonts and images are not inlined (they would fetch or copy site assets into the
 * recording); media playback state is recorded as rrweb does by default. No periodic checkout: the
 * page snapshots once per load (and again after a gap); the extension starts each later segment of the
 * rolling window from its replica of the recording (`lib/recording/replica`).
 */
export function toRecordOptions(config: RecorderConfig, emit: (event: eventWithTime, isCheckout?: boolean) => void): RecordOptions {
  return {
    emit,
    blockSelector: selectorList([SENSITIVE_SELECTOR, BLOCK_ATTRIBUTE_SELECTOR, ...config.blockSelectors]),
    blockClass: 'rr-block',
    maskTextClass: 'rr-mask',
    maskTextSelector: config.maskAllText
      ? '*'
      : selectorList([MASK_ATTRIBUTE_SELECTOR, ...(config.unmaskInputs ? [] : [EDITABLE_SELECTOR]), ...config.maskSelectors]),
    maskAllInputs: false,
    // `select` only while inputs are masked: rrweb records no selected option of a masked select.
    maskInputOptions: Object.fromEntries([...MASKED_TYPES, ...(config.unmaskInputs ? [] : ['select'])].map((t) => [t, true])),
    maskInputFn: (text, element) => maskValue(text, element, !config.unmaskInputs),
    maskTextFn: (text) => text.replace(/\S/g, '*'),
    recordCanvas: false,
    collectFonts: false,
    inlineImages: false,
    inlineStylesheet: true,
    recordCrossOriginIframes: false,
    recordAfter: 'DOMContentLoaded',
    slimDOMOptions: { script: true, comment: true, headFavicon: true, headMetaVerification: true },
    // Mouse moves at most every 50 ms, scrolls every 150 ms, and only the last value of a burst of input.
    sampling: { mousemove: 50, mouseInteraction: true, scroll: 150, media: 800, input: 'last' },
  };
}
