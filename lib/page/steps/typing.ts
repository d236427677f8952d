/** Typing steps: one `Type into "Email"` per field per burst, never the value. Page-safe: no extension API. */
import { accessibleName, closestComposed, eventTarget, isBlocked, roleOf } from '../element-name';
import type { StepContext } from './context';
import { EDITABLE_SELECTOR } from '../rrweb-options';
import { isTextField } from './fields';
import { a, quoted } from './naming';

/** Steps for typing into fields and editable regions; any other step ends the burst. */
export function trackTyping(ctx: StepContext): void {
  let lastTyped: Element | null = null;
  ctx.beforePush(() => (lastTyped = null));
  ctx.listen<InputEvent>(document, 'input', (event) => {
    const hit = eventTarget(event);
    if (!hit) return;
    const field = isTextField(hit) ? hit : closestComposed(hit, EDITABLE_SELECTOR);
    if (!field || !isTextField(field) || field === lastTyped) return;
    const name = isBlocked(field, ctx.options) ? '' : accessibleName(field, ctx.options);
    ctx.push('type', `Type into ${quoted(name, a(roleOf(field)))}`);
    lastTyped = field;
  });
}
