/**
 * Turns the tester's actions into readable repro steps, in the page: `Click "Place order"`,
 * `Type into "Email"`, `Select "Express" in "Shipping"`, `Go to /app`. Private by default: typed values
 * never appear, blocked elements are never described, masked ones only by role, and sensitive query
 * values are redacted. One module per kind of step under `steps/`, sharing `steps/context.ts`.
 * Page-safe: no extension API.
 */
import type { Step } from '../model/report';
import { trackChoices } from './steps/choices';
import { trackClicks } from './steps/clicks';
import { createStepContext, type StepContextOptions } from './steps/context';
import { trackKeys } from './steps/keys';
import { trackNavigation } from './steps/navigation';
import { trackScroll } from './steps/scroll';
import { trackSubmits } from './steps/submits';
import { trackTyping } from './steps/typing';

export { accessibleName } from './element-name';
export { describePath, sanitizeHref } from './steps/page-url';

export interface StepTrackerOptions extends StepContextOptions {
  /** Quiet time that ends a scroll burst (ms). */
  scrollIdleMs?: number;
  /** Emit a `Go to` (or `Reload`) step for the page itself when installed. Default true. */
  initialNavigation?: boolean;
  /** Follow single-page-app navigations by wrapping `history.pushState`/`replaceState`. Default true. */
  watchHistory?: boolean;
}

/** Listens for the tester's actions; every step goes to `emit`. Returns a function that stops listening. */
export function installStepTracker(emit: (step: Step) => void, options: StepTrackerOptions = {}): () => void {
  const ctx = createStepContext(emit, options);
  trackClicks(ctx);
  trackTyping(ctx);
  trackChoices(ctx);
  trackSubmits(ctx);
  trackKeys(ctx);
  trackScroll(ctx, options.scrollIdleMs);
  trackNavigation(ctx, { initial: options.initialNavigation ?? true, history: options.watchHistory ?? true });
  return () => ctx.stop();
}
