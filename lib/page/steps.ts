/** Turns the tester's actions into readable repro steps, in the page. Page-safe: no extension API. */
import type { Step } from '../report/model';

/** A short accessible name for an element: aria-label, label, text, placeholder, or tag. */
export function accessibleName(el: Element): string {
  const aria = el.getAttribute('aria-label');
  if (aria) return aria.trim();
  if (el instanceof HTMLInputElement || el instanceof HTMLTextAreaElement || el instanceof HTMLSelectElement) {
    const label = el.labels?.[0]?.textContent?.trim();
    if (label) return label;
    if ('placeholder' in el && el.placeholder) return el.placeholder;
    if (el.name) return el.name;
  }
  const text = (el.textContent ?? '').replace(/\s+/g, ' ').trim();
  if (text) return text.length > 60 ? `${text.slice(0, 57)}…` : text;
  return el.tagName.toLowerCase();
}

/** Listens for clicks and typing; every step goes to `emit`. Returns a function that stops listening. */
export function installStepTracker(emit: (step: Step) => void): () => void {
  const onClick = (event: MouseEvent) => {
    const target = event.target instanceof Element ? event.target.closest('button, a, [role="button"], input, select, label, [onclick]') ?? event.target : null;
    if (!target) return;
    emit({ time: Date.now(), kind: 'click', text: `Click "${accessibleName(target)}"`, url: location.href });
  };
  const onChange = (event: Event) => {
    const target = event.target;
    if (!(target instanceof HTMLInputElement || target instanceof HTMLTextAreaElement)) return;
    emit({ time: Date.now(), kind: 'type', text: `Type into "${accessibleName(target)}"`, url: location.href });
  };
  document.addEventListener('click', onClick, true);
  document.addEventListener('change', onChange, true);
  return () => {
    document.removeEventListener('click', onClick, true);
    document.removeEventListener('change', onChange, true);
  };
}
