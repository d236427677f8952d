/** What kind of control an element is, as the steps see it. Page-safe: no extension API. */
import { closestComposed, isEditable } from '../element-name';

/** Fields where typing happens (everything but buttons, toggles, pickers handled on `change`). */
const NOT_TYPED = new Set(['button', 'submit', 'reset', 'image', 'checkbox', 'radio', 'file', 'range', 'color', 'hidden']);

/** A field or editable region (`plaintext-only` too) that takes typed text. */
export function isTextField(el: Element): boolean {
  const tag = el.localName;
  if (tag === 'textarea') return true;
  if (tag === 'input') return !NOT_TYPED.has((el.getAttribute('type') ?? 'text').toLowerCase());
  return isEditable(el) || el.getAttribute('role') === 'textbox';
}

/** A button or input that submits its form. */
export function isSubmitter(el: Element): boolean {
  const type = (el.getAttribute('type') ?? '').toLowerCase();
  if (el.localName === 'button') return type === '' || type === 'submit';
  return el.localName === 'input' && (type === 'submit' || type === 'image');
}

/** The form a control belongs to. */
export function formOf(el: Element): HTMLFormElement | null {
  return (el as HTMLInputElement).form ?? (closestComposed(el, 'form') as HTMLFormElement | null);
}
