/** Click steps: `Click "Place order"`, `Click a button`, `Click in a blocked area`. Page-safe: no extension API. */
import { accessibleName, eventTarget, interactiveTarget, isBlocked, roleOf } from '../element-name';
import type { StepContext } from './context';
import { formOf, isSubmitter, isTextField } from './fields';
import { a } from './naming';

/** A submit within this long after a click on its submit button or Enter in its field is the same action. */
export const SUBMIT_ECHO_MS = 2000;

/** Steps for clicks on the nearest control; fields, lists, labels and toggles are left to their own steps. */
export function trackClicks(ctx: StepContext): void {
  ctx.listen<MouseEvent>(document, 'click', (event) => {
    const hit = eventTarget(event);
    if (!hit) return;
    if (isBlocked(hit, ctx.options)) return ctx.push('click', 'Click in a blocked area');
    const target = interactiveTarget(hit);
    const tag = target.localName;
    // A label forwards its click to its control, which gets its own step (or its `change`).
    if (tag === 'label' && (target as HTMLLabelElement).control) return;
    // Focusing a field or opening a list is covered by the typing or selection that follows.
    if (tag === 'select' || tag === 'option' || isTextField(target)) return;
    if (tag === 'input' && /^(checkbox|radio|file|range|color)$/i.test(target.getAttribute('type') ?? '')) return;
    if (isSubmitter(target)) {
      const form = formOf(target);
      const intent = ctx.submitIntent;
      // Enter in a field clicks the default button itself (a click with no pointer, detail 0): one action, one step.
      if (form && event.detail === 0 && intent && intent.form === form && ctx.now() - intent.time < SUBMIT_ECHO_MS) return;
      ctx.submitIntent = { form, time: ctx.now() };
    }
    const name = accessibleName(target, ctx.options);
    ctx.push('click', name ? `Click "${name}"` : `Click ${a(roleOf(target))}`);
  });
}
