/**
 * Steps for choices made on `change`: selects (`Select "Express" in "Shipping"`, or `Select an option in
 * "Shipping"` while input values are masked), checkboxes and radios, files (never the file name), ranges
 * and colours. Page-safe: no extension API.
 */
import { accessibleName, eventTarget, isBlocked, isMasked, isSensitiveField } from '../element-name';
import type { StepContext } from './context';
import { a, quoted } from './naming';

export function trackChoices(ctx: StepContext): void {
  ctx.listen<Event>(document, 'change', (event) => {
    const el = eventTarget(event);
    if (!el) return;
    const options = ctx.options;
    const tag = el.localName;
    const blocked = isBlocked(el, options);
    const name = blocked ? '' : accessibleName(el, options);
    if (tag === 'select') {
      const select = el as HTMLSelectElement;
      // The chosen option is the select's value: hidden wherever the replay hides it.
      const hidden = blocked || !!options.maskInputs || isMasked(el, options) || isSensitiveField(el);
      const chosen = hidden ? [] : Array.from(select.selectedOptions ?? []).map((o) => accessibleName(o, options) || o.value.slice(0, 60));
      const choice = chosen.length
        ? `"${chosen.slice(0, 3).join('", "')}"${chosen.length > 3 ? ` and ${chosen.length - 3} more` : ''}`
        : 'an option';
      return ctx.push('select', name ? `Select ${choice} in "${name}"` : `Select ${choice}`);
    }
    if (tag !== 'input') return;
    const input = el as HTMLInputElement;
    const type = (input.getAttribute('type') ?? '').toLowerCase();
    if (type === 'checkbox') return ctx.push('check', `${input.checked ? 'Check' : 'Uncheck'} ${quoted(name, 'a checkbox')}`);
    if (type === 'radio') return ctx.push('check', `Choose ${quoted(name, 'an option')}`);
    if (type === 'file') return ctx.push('type', `Choose a file for ${quoted(name, 'a file field')}`);
    if (type === 'range' || type === 'color') return ctx.push('type', `Change ${quoted(name, a(type))}`);
  });
}
