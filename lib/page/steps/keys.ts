/**
 * Key steps: Enter and Escape with their modifiers (`Press Enter in "Search"`, `Press Ctrl+Enter`).
 * Enter that adds a line or activates a button is not a step of its own. Page-safe: no extension API.
 */
import { accessibleName, eventTarget, interactiveTarget, isBlocked } from '../element-name';
import type { StepContext } from './context';
import { formOf, isSubmitter, isTextField } from './fields';

export function trackKeys(ctx: StepContext): void {
  ctx.listen<KeyboardEvent>(document, 'keydown', (event) => {
    if (event.isComposing || event.repeat) return;
    const key = event.key;
    if (key !== 'Enter' && key !== 'Escape') return;
    const el = eventTarget(event);
    const target = el ? interactiveTarget(el) : null;
    if (key === 'Enter' && target) {
      // In a text area or editable region Enter is a new line.
      if (target.localName === 'textarea' || (isTextField(target) && target.localName !== 'input')) return;
      // On a button or link Enter activates it, and its click is the step.
      if (
        isSubmitter(target) ||
        target.matches('a[href], button, summary, [role="button"], [role="link"], input[type="button"], input[type="reset"]')
      )
        return;
    }
    const mods = `${event.ctrlKey ? 'Ctrl+' : ''}${event.altKey ? 'Alt+' : ''}${event.metaKey ? 'Meta+' : ''}${event.shiftKey ? 'Shift+' : ''}`;
    const inField = target && (isTextField(target) || target.localName === 'select' || target.localName === 'input');
    const name = inField && !isBlocked(target, ctx.options) ? accessibleName(target, ctx.options) : '';
    // Enter in a field submits its form: the submit that follows is this same action.
    if (key === 'Enter' && target && inField) ctx.submitIntent = { form: formOf(target), time: ctx.now() };
    ctx.push('key', name ? `Press ${mods}${key} in "${name}"` : `Press ${mods}${key}`);
  });
}
