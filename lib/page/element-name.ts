/**
 * Short human names for the elements a tester acts on, for repro steps: a simplified accessible-name
 * computation (aria-labelledby, aria-label, <label>, alt, title, visible text, button values), and the
 * privacy rules that decide when an element's text must not appear at all. Page-safe: no extension API.
 */
import { redactText } from '../redact';

/** Elements (and their subtrees) never described: rrweb's block markers and ours. */
export const BLOCK_SELECTOR = '[data-repro-block], .rr-block, [rr-block]';
/** Elements whose text is masked: shown by role only. */
export const MASK_SELECTOR = '[data-repro-mask], .rr-mask, [rr-mask]';

const MAX_NAME = 60;

/** What a click, a key or a change lands on: the nearest element a person would call "a control". */
const INTERACTIVE =
  'a[href], button, input, select, textarea, summary, label, option, [contenteditable=""], [contenteditable="true"], ' +
  '[role="button"], [role="link"], [role="checkbox"], [role="radio"], [role="switch"], [role="tab"], [role="menuitem"], ' +
  '[role="menuitemcheckbox"], [role="menuitemradio"], [role="option"], [role="treeitem"], [role="combobox"], [role="textbox"], [onclick]';

/** Input types whose value is a label the page itself shows on a button. */
const BUTTON_INPUTS = new Set(['button', 'submit', 'reset']);

/** The element a step is about: the deepest one on the event's composed path (open shadow roots included). */
export function eventTarget(event: Event): Element | null {
  try {
    const path = event.composedPath();
    for (const node of path) if (isElement(node)) return node;
  } catch {
    // Fall back to the retargeted target.
  }
  return isElement(event.target) ? event.target : null;
}

export function isElement(node: unknown): node is Element {
  return !!node && typeof node === 'object' && (node as Node).nodeType === 1;
}

/** The parent, crossing out of a shadow root to its host. */
function parentOf(el: Element): Element | null {
  if (el.parentElement) return el.parentElement;
  const root = el.parentNode as ShadowRoot | null;
  return root && root.nodeType === 11 && root.host ? root.host : null;
}

/** `el` or its nearest ancestor (through shadow roots) matching `selector`. */
export function closestComposed(el: Element, selector: string): Element | null {
  for (let cur: Element | null = el, hops = 0; cur && hops < 64; cur = parentOf(cur), hops++) {
    try {
      if (cur.matches(selector)) return cur;
    } catch {
      return null;
    }
  }
  return null;
}

/** The nearest interactive ancestor of `el` (itself included), else `el`. */
export function interactiveTarget(el: Element): Element {
  return closestComposed(el, INTERACTIVE) ?? el;
}

export interface NamingOptions {
  /** Extra selectors of elements never described (from the options page). */
  block?: string;
  /** Extra selectors of elements whose text is masked. */
  mask?: string;
  /** Mask all page text: names come only from roles. */
  maskAllText?: boolean;
  /** Input values are masked, as in the replay: a select's chosen option is a value, so it is not shown. */
  maskInputs?: boolean;
}

export function isBlocked(el: Element, options: NamingOptions = {}): boolean {
  return !!closestComposed(el, options.block ? `${BLOCK_SELECTOR}, ${options.block}` : BLOCK_SELECTOR);
}

export function isMasked(el: Element, options: NamingOptions = {}): boolean {
  return !!options.maskAllText || !!closestComposed(el, options.mask ? `${MASK_SELECTOR}, ${options.mask}` : MASK_SELECTOR);
}

/** An editable region (`contenteditable`): its text is what was typed into it, a value rather than a label. */
export function isEditable(el: Element): boolean {
  const editable = el.getAttribute('contenteditable');
  return editable !== null && editable.toLowerCase() !== 'false';
}

/** True for fields whose value is never recorded, whatever the settings: passwords and payment fields. */
export function isSensitiveField(el: Element): boolean {
  const type = (el.getAttribute('type') ?? '').toLowerCase();
  const autocomplete = (el.getAttribute('autocomplete') ?? '').toLowerCase();
  return type === 'password' || /\bcc-|\bcurrent-password\b|\bnew-password\b|\bone-time-code\b/.test(autocomplete);
}

function clip(text: string): string {
  const t = text.replace(/\s+/g, ' ').trim();
  return t.length > MAX_NAME ? `${t.slice(0, MAX_NAME - 1)}…` : t;
}

/** Visible text of a subtree, with images' alt text; bounded walk, hidden and blocked parts skipped. */
function visibleText(root: Element, options: NamingOptions): string {
  let out = '';
  let budget = 300;
  const visit = (node: Node) => {
    if (budget-- <= 0 || out.length > MAX_NAME * 2) return;
    if (node.nodeType === 3) {
      out += (node as Text).data;
      return;
    }
    if (node.nodeType !== 1) return;
    const el = node as Element;
    const tag = el.localName;
    // A textarea's text is its value and a select's is every option: neither is a label.
    if (tag === 'script' || tag === 'style' || tag === 'template' || tag === 'noscript' || tag === 'textarea' || tag === 'select') return;
    if (el.getAttribute('aria-hidden') === 'true' || el.hasAttribute('hidden')) return;
    if (el !== root && (isBlocked(el, options) || isMasked(el, options))) return;
    if (tag === 'img' || (tag === 'input' && el.getAttribute('type') === 'image')) {
      out += ` ${el.getAttribute('alt') ?? ''} `;
      return;
    }
    if (tag === 'svg') {
      const title = el.querySelector('title');
      if (title) out += ` ${title.textContent ?? ''} `;
      return;
    }
    for (let child = el.firstChild; child; child = child.nextSibling) visit(child);
    if (tag === 'br' || tag === 'p' || tag === 'div' || tag === 'li') out += ' ';
  };
  visit(root);
  return clip(out);
}

function byIds(el: Element, ids: string, options: NamingOptions): string {
  const root = el.getRootNode() as Document | ShadowRoot;
  const parts: string[] = [];
  for (const id of ids.split(/\s+/)) {
    const ref = id && typeof root.getElementById === 'function' ? root.getElementById(id) : null;
    if (ref && !isMasked(ref, options) && !isBlocked(ref, options)) parts.push(visibleText(ref, options));
  }
  return clip(parts.join(' '));
}

function labelText(el: Element, options: NamingOptions): string {
  const labels = (el as HTMLInputElement).labels;
  if (labels && labels.length) {
    for (const label of Array.from(labels)) {
      if (isMasked(label, options)) continue;
      // The label's own text, without the control it may wrap.
      const text = visibleText(label, options);
      if (text) return text;
    }
  }
  return '';
}

/** A role-ish word for an element without a usable name: `button`, `link`, `checkbox`, `field`. */
export function roleOf(el: Element): string {
  const role = el.getAttribute('role');
  if (role) return role;
  const tag = el.localName;
  if (tag === 'a') return 'link';
  if (tag === 'input') {
    const type = (el.getAttribute('type') ?? 'text').toLowerCase();
    if (BUTTON_INPUTS.has(type) || type === 'image') return 'button';
    if (type === 'checkbox' || type === 'radio') return type;
    return 'field';
  }
  if (tag === 'textarea' || isEditable(el)) return 'field';
  if (tag === 'select') return 'list';
  if (tag === 'img') return 'image';
  return tag;
}

/**
 * The accessible name of `el` for a step, or '' when it has none that may be shown. Never an input's
 * typed value, nor an editable region's text; a button input's value is its visible label, so it is
 * used. Secrets in names are redacted.
 */
export function accessibleName(el: Element, options: NamingOptions = {}): string {
  if (isBlocked(el, options)) return '';
  const masked = isMasked(el, options);
  const labelledBy = el.getAttribute('aria-labelledby');
  let name = '';
  if (labelledBy && !options.maskAllText) name = byIds(el, labelledBy, options);
  if (!name && !masked) name = clip(el.getAttribute('aria-label') ?? '');
  const tag = el.localName;
  const isField = tag === 'input' || tag === 'select' || tag === 'textarea' || isEditable(el);
  if (!name && isField && !options.maskAllText) name = labelText(el, options);
  if (!name && !masked) {
    if (tag === 'input') {
      const type = (el.getAttribute('type') ?? 'text').toLowerCase();
      if (BUTTON_INPUTS.has(type))
        name = clip((el as HTMLInputElement).value || (type === 'submit' ? 'Submit' : type === 'reset' ? 'Reset' : ''));
      else if (type === 'image') name = clip(el.getAttribute('alt') ?? '');
    } else if (tag === 'img' || tag === 'area') name = clip(el.getAttribute('alt') ?? '');
    if (!name && isField) name = clip(el.getAttribute('placeholder') ?? '');
    if (!name && !isField) name = visibleText(el, options);
    if (!name) name = clip(el.getAttribute('title') ?? '');
  }
  if (!name && isField && !masked) name = clip(el.getAttribute('name') ?? '');
  return name ? redactText(name) : '';
}
