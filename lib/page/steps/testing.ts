/**
 * Test helper for the step modules: a tracker on the test document, the steps it emitted, and the
 * events a tester's actions dispatch. Each test file calls `useStepTracker()` once.
 */
import { afterEach, beforeEach, vi } from 'vitest';
import type { Step } from '../../model/report';
import { installStepTracker, type StepTrackerOptions } from '../steps';

export interface StepHarness {
  /** Everything emitted since the test began. */
  readonly steps: Step[];
  /** The texts of `steps`. */
  texts(): string[];
  /** Starts the tracker (without the page's own `Go to` step unless asked). */
  start(options?: StepTrackerOptions): void;
  /** Stops it now. */
  stop(): void;
}

/** Sets the test page's body (parsed inert, then moved in). */
export function page(html: string): void {
  document.body.replaceChildren(...Array.from(new DOMParser().parseFromString(html, 'text/html').body.childNodes));
}

export function $(selector: string): HTMLElement {
  return document.querySelector<HTMLElement>(selector)!;
}

export function click(el: Element, init: MouseEventInit = {}): void {
  el.dispatchEvent(new MouseEvent('click', { bubbles: true, composed: true, ...init }));
}

export function type(el: Element): void {
  el.dispatchEvent(new Event('input', { bubbles: true, composed: true }));
}

export function change(el: Element): void {
  el.dispatchEvent(new Event('change', { bubbles: true }));
}

export function key(el: Element, k: string, init: KeyboardEventInit = {}): void {
  el.dispatchEvent(new KeyboardEvent('keydown', { key: k, bubbles: true, composed: true, ...init }));
}

/** An event as a page script would dispatch it (`isTrusted` false). */
export function untrusted<E extends Event>(event: E): E {
  Object.defineProperty(event, 'isTrusted', { value: false });
  return event;
}

/** Registers the hooks that give each test a fresh page, a fresh step list and a stopped tracker. */
export function useStepTracker(): StepHarness {
  const steps: Step[] = [];
  let stopTracker: (() => void) | undefined;
  beforeEach(() => {
    steps.length = 0;
    history.replaceState(null, '', '/');
  });
  afterEach(() => {
    stopTracker?.();
    stopTracker = undefined;
    document.body.replaceChildren();
    vi.useRealTimers();
  });
  return {
    steps,
    texts: () => steps.map((s) => s.text),
    start(options = {}) {
      stopTracker = installStepTracker((s) => steps.push(s), { initialNavigation: false, ...options });
    },
    stop() {
      stopTracker?.();
      stopTracker = undefined;
    },
  };
}
