/**
 * What every kind of step shares: the clock, the naming options, how a step is emitted, and how a
 * listener is added so that it never throws into the page, skips what page scripts dispatch, and goes
 * when the tracker stops. Page-safe: no extension API.
 */
import type { Step } from '../../model/report';
import type { NamingOptions } from '../element-name';
import { sanitizeHref } from './page-url';

export interface StepContextOptions extends NamingOptions {
  /** The naming options in force now, when they can change (the recorder's settings arrive after it starts). */
  naming?: () => NamingOptions;
  /** Clock, for tests. */
  now?: () => number;
  /** Ignore events dispatched by the page's own scripts (`el.click()`): they are not the tester's. Default true. */
  trustedOnly?: boolean;
}

export interface StepContext {
  readonly options: NamingOptions;
  readonly trustedOnly: boolean;
  now(): number;
  /** Emits a step now, after whatever must go before it (a scroll burst). */
  push(kind: Step['kind'], text: string): void;
  /** Emits a step at `time`, as it is. */
  send(kind: Step['kind'], text: string, time: number): void;
  /** Adds a guarded, passive listener (capture by default) that goes when the tracker stops. */
  listen<E extends Event>(target: EventTarget, type: string, handler: (event: E) => void, capture?: boolean): void;
  /** Runs `fn` before every pushed step. */
  beforePush(fn: () => void): void;
  /** Runs `fn` when the tracker stops, before its listeners go. */
  onStop(fn: () => void): void;
  /** Runs `fn` when the tracker stops, after it stopped emitting (undoing a patch). */
  dispose(fn: () => void): void;
  /**
   * The last click or Enter that meant "submit this form": the submit it causes is the same action.
   * Shared by clicks, keys and submits.
   */
  submitIntent: { form: HTMLFormElement | null; time: number } | null;
  /** Stops emitting, flushes what is pending, removes every listener. */
  stop(): void;
}

/** Runs `fn`, keeping any error from the page. */
export function quietly(fn: () => void): void {
  try {
    fn();
  } catch {
    // Never reaches the page.
  }
}

export function createStepContext(emit: (step: Step) => void, options: StepContextOptions = {}): StepContext {
  const now = options.now ?? Date.now;
  const trustedOnly = options.trustedOnly ?? true;
  const before: (() => void)[] = [];
  const stopping: (() => void)[] = [];
  const disposers: (() => void)[] = [];
  let active = true;

  const send = (kind: Step['kind'], text: string, time: number) => {
    if (!active) return;
    // The consumer's failure is not the page's.
    quietly(() => emit({ time, kind, text, url: sanitizeHref(location.href) }));
  };

  return {
    get options() {
      return options.naming?.() ?? options;
    },
    trustedOnly,
    now,
    send,
    push(kind, text) {
      for (const fn of before) fn();
      send(kind, text, now());
    },
    listen(target, type, handler, capture = true) {
      const wrapped = (event: Event) =>
        quietly(() => {
          if (trustedOnly && event.isTrusted === false) return;
          handler(event as never);
        });
      target.addEventListener(type, wrapped, { capture, passive: true });
      disposers.push(() => target.removeEventListener(type, wrapped, { capture }));
    },
    beforePush: (fn) => void before.push(fn),
    onStop: (fn) => void stopping.push(fn),
    dispose: (fn) => void disposers.push(fn),
    submitIntent: null,
    stop() {
      for (const fn of stopping.splice(0)) quietly(fn);
      active = false;
      for (const dispose of disposers.splice(0)) dispose();
    },
  };
}
