/**
 * Submit steps (`Submit "Login"`), for a form submitted other than by the click or Enter already
 * recorded, and not by a page script's `button.click()`. Page-safe: no extension API.
 */
import { SUBMIT_ECHO_MS } from './clicks';
import type { StepContext } from './context';
import { formName, quoted } from './naming';

export function trackSubmits(ctx: StepContext): void {
  // A page script's `button.click()` submits with a trusted submit event: remember such clicks to skip it.
  let scriptClick: { target: EventTarget | null; time: number } | null = null;
  if (ctx.trustedOnly) {
    const onScriptClick = (event: Event) => {
      if (event.isTrusted === false) scriptClick = { target: event.target, time: ctx.now() };
    };
    document.addEventListener('click', onScriptClick, true);
    ctx.dispose(() => document.removeEventListener('click', onScriptClick, true));
  }

  ctx.listen<SubmitEvent>(document, 'submit', (event) => {
    const form = event.target as HTMLFormElement | null;
    if (!form || form.localName !== 'form') return;
    const intent = ctx.submitIntent;
    ctx.submitIntent = null;
    const byScript = scriptClick;
    scriptClick = null;
    if (byScript && event.submitter && byScript.target === event.submitter && ctx.now() - byScript.time < SUBMIT_ECHO_MS) return;
    // The click or Enter that caused it is already a step.
    if (intent && intent.form === form && ctx.now() - intent.time < SUBMIT_ECHO_MS) return;
    const name = formName(form, (event.submitter as Element | null) ?? null, ctx.options);
    ctx.push('submit', `Submit ${quoted(name, 'a form')}`);
  });
}
