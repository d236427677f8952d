/**
 * Turns the tester's actions into readable repro steps, in the page: `Click "Place order"`,
 * `Type into "Email"`, `Select "Express" in "Shipping"`, `Go to /app`. Private by default: typed values
 * never appear, blocked elements are never described, masked ones only by role, and sensitive query
 * values are redacted. Page-safe: no extension API.
 */
import { REDACTED, redactUrl } from '../redact';
import type { Step } from '../model/report';
import {
  accessibleName,
  closestComposed,
  eventTarget,
  interactiveTarget,
  isBlocked,
  isMasked,
  isSensitiveField,
  roleOf,
  type NamingOptions,
} from './element-name';

export { accessibleName } from './element-name';

export interface StepTrackerOptions extends NamingOptions {
  /** Clock, for tests. */
  now?: () => number;
  /** Quiet time that ends a scroll burst (ms). */
  scrollIdleMs?: number;
  /** Ignore events dispatched by the page's own scripts (`el.click()`): they are not the tester's. Default true. */
  trustedOnly?: boolean;
  /** Emit a `Go to` (or `Reload`) step for the page itself when installed. Default true. */
  initialNavigation?: boolean;
  /** Follow single-page-app navigations by wrapping `history.pushState`/`replaceState`. Default true. */
  watchHistory?: boolean;
}

/** A submit within this long after a click on its submit button or Enter in its field is the same action. */
const SUBMIT_ECHO_MS = 2000;
const MAX_PATH = 120;

/** Fields where typing happens (everything but buttons, toggles, pickers handled on `change`). */
const NOT_TYPED = new Set(['button', 'submit', 'reset', 'image', 'checkbox', 'radio', 'file', 'range', 'color', 'hidden']);

function a(word: string): string {
  return /^[aeiou]/i.test(word) ? `an ${word}` : `a ${word}`;
}

function quoted(name: string, fallback: string): string {
  return name ? `"${name}"` : fallback;
}


/** The part of a URL a step shows: path, query (secrets redacted) and a router-style fragment (`#/app`). */
export function describePath(href: string): string {
  try {
    const url = new URL(href);
    const hash = url.hash.startsWith('#/') || url.hash.startsWith('#!') ? url.hash : '';
    const path = redactUrl(`${url.pathname}${url.search}${hash}`, undefined, { marker: REDACTED });
    return path.length > MAX_PATH ? `${path.slice(0, MAX_PATH - 1)}…` : path;
  } catch {
    return '/';
  }
}

function isTextField(el: Element): boolean {
  const tag = el.localName;
  if (tag === 'textarea') return true;
  if (tag === 'input') return !NOT_TYPED.has((el.getAttribute('type') ?? 'text').toLowerCase());
  const editable = el.getAttribute('contenteditable');
  return editable === '' || editable === 'true' || el.getAttribute('role') === 'textbox';
}

function isSubmitter(el: Element): boolean {
  const type = (el.getAttribute('type') ?? '').toLowerCase();
  if (el.localName === 'button') return type === '' || type === 'submit';
  return el.localName === 'input' && (type === 'submit' || type === 'image');
}

function formOf(el: Element): HTMLFormElement | null {
  return (el as HTMLInputElement).form ?? (closestComposed(el, 'form') as HTMLFormElement | null);
}

/** A form's name: its label, title or name, a legend or heading inside it, else its submit button. */
function formName(form: HTMLFormElement, submitter: Element | null, options: NamingOptions): string {
  if (isBlocked(form, options)) return '';
  const own = form.getAttribute('aria-labelledby') || form.getAttribute('aria-label') ? accessibleName(form, { ...options, maskAllText: false }) : '';
  if (own && !isMasked(form, options)) return own;
  if (isMasked(form, options)) return '';
  const title = form.getAttribute('title') || form.getAttribute('name');
  if (title) return title.slice(0, 60);
  const heading = form.querySelector('legend, h1, h2, h3, h4, h5, h6');
  if (heading) {
    const text = accessibleName(heading, options);
    if (text) return text;
  }
  const button = submitter ?? form.querySelector('button:not([type]), button[type="submit"], input[type="submit"]');
  return button ? accessibleName(button, options) : '';
}

/** A name for a scroll container, from its explicit labels only (its text would be the whole content). */
function containerName(el: Element, options: NamingOptions): string {
  if (isBlocked(el, options) || isMasked(el, options)) return '';
  return el.getAttribute('aria-labelledby') || el.getAttribute('aria-label') || el.getAttribute('title') ? accessibleName(el, options) : '';
}

interface ScrollBurst {
  target: Element | null;
  x: number;
  y: number;
  dx: number;
  dy: number;
  time: number;
}

/** Listens for the tester's actions; every step goes to `emit`. Returns a function that stops listening. */
export function installStepTracker(emit: (step: Step) => void, options: StepTrackerOptions = {}): () => void {
  const now = options.now ?? Date.now;
  const trustedOnly = options.trustedOnly ?? true;
  const scrollIdleMs = options.scrollIdleMs ?? 600;
  let lastTyped: Element | null = null;
  let submitIntent: { form: HTMLFormElement | null; time: number } | null = null;
  let lastPath = '';
  let burst: ScrollBurst | null = null;
  let burstTimer: ReturnType<typeof setTimeout> | undefined;
  const positions = new WeakMap<object, [number, number]>();
  const disposers: Array<() => void> = [];

  let active = true;

  const send = (kind: Step['kind'], text: string, time: number) => {
    if (!active) return;
    try {
      emit({ time, kind, text, url: redactUrl(location.href) });
    } catch {
      // The consumer's failure is not the page's.
    }
  };

  const flushScroll = () => {
    clearTimeout(burstTimer);
    const b = burst;
    burst = null;
    if (!b || (b.dx === 0 && b.dy === 0)) return;
    const direction = Math.abs(b.dy) >= Math.abs(b.dx) ? (b.dy > 0 ? 'down' : 'up') : b.dx > 0 ? 'right' : 'left';
    const name = b.target ? containerName(b.target, options) : '';
    send('scroll', name ? `Scroll ${direction} in "${name}"` : `Scroll ${direction}`, b.time);
  };

  /** For timers and teardown, which no handler's try/catch covers. */
  const flushQuietly = () => {
    try {
      flushScroll();
    } catch {
      // Never reaches the page.
    }
  };

  const push = (kind: Step['kind'], text: string) => {
    flushScroll();
    lastTyped = null;
    send(kind, text, now());
  };

  const navigated = (initial = false) => {
    const path = describePath(location.href);
    if (path === lastPath) return;
    lastPath = path;
    let verb = 'Go to';
    if (initial) {
      try {
        const nav = performance.getEntriesByType?.('navigation')[0] as PerformanceNavigationTiming | undefined;
        if (nav?.type === 'reload') verb = 'Reload';
      } catch {
        // No navigation timing: say "Go to".
      }
    }
    push('navigate', `${verb} ${path}`);
  };

  const listen = <E extends Event>(target: EventTarget, type: string, handler: (event: E) => void, capture = true) => {
    const wrapped = (event: Event) => {
      try {
        if (trustedOnly && event.isTrusted === false) return;
        handler(event as E);
      } catch {
        // Never reaches the page.
      }
    };
    target.addEventListener(type, wrapped, { capture, passive: true });
    disposers.push(() => target.removeEventListener(type, wrapped, { capture }));
  };

  listen<MouseEvent>(document, 'click', (event) => {
    const hit = eventTarget(event);
    if (!hit) return;
    if (isBlocked(hit, options)) return push('click', 'Click in a blocked area');
    const target = interactiveTarget(hit);
    const tag = target.localName;
    // A label forwards its click to its control, which gets its own step (or its `change`).
    if (tag === 'label' && (target as HTMLLabelElement).control) return;
    // Focusing a field or opening a list is covered by the typing or selection that follows.
    if (tag === 'select' || tag === 'option' || isTextField(target)) return;
    if (tag === 'input' && /^(checkbox|radio|file|range|color)$/i.test(target.getAttribute('type') ?? '')) return;
    if (isSubmitter(target)) {
      const form = formOf(target);
      // Enter in a field clicks the default button itself (a click with no pointer, detail 0): one action, one step.
      if (form && event.detail === 0 && submitIntent && submitIntent.form === form && now() - submitIntent.time < SUBMIT_ECHO_MS) return;
      submitIntent = { form, time: now() };
    }
    const name = accessibleName(target, options);
    push('click', name ? `Click "${name}"` : `Click ${a(roleOf(target))}`);
  });

  listen<InputEvent>(document, 'input', (event) => {
    const hit = eventTarget(event);
    if (!hit) return;
    const field = isTextField(hit) ? hit : closestComposed(hit, '[contenteditable=""], [contenteditable="true"]');
    if (!field || !isTextField(field) || field === lastTyped) return;
    const name = isBlocked(field, options) ? '' : accessibleName(field, options);
    push('type', `Type into ${quoted(name, a(roleOf(field)))}`);
    lastTyped = field;
  });

  listen<Event>(document, 'change', (event) => {
    const el = eventTarget(event);
    if (!el) return;
    const tag = el.localName;
    const blocked = isBlocked(el, options);
    const name = blocked ? '' : accessibleName(el, options);
    if (tag === 'select') {
      const select = el as HTMLSelectElement;
      const hidden = blocked || isMasked(el, options) || isSensitiveField(el);
      const chosen = hidden ? [] : Array.from(select.selectedOptions ?? []).map((o) => accessibleName(o, options) || o.value.slice(0, 60));
      const choice = chosen.length ? `"${chosen.slice(0, 3).join('", "')}"${chosen.length > 3 ? ` and ${chosen.length - 3} more` : ''}` : 'an option';
      return push('select', name ? `Select ${choice} in "${name}"` : `Select ${choice}`);
    }
    if (tag !== 'input') return;
    const input = el as HTMLInputElement;
    const type = (input.getAttribute('type') ?? '').toLowerCase();
    if (type === 'checkbox') return push('check', `${input.checked ? 'Check' : 'Uncheck'} ${quoted(name, 'a checkbox')}`);
    if (type === 'radio') return push('check', `Choose ${quoted(name, 'an option')}`);
    if (type === 'file') return push('type', `Choose a file for ${quoted(name, 'a file field')}`);
    if (type === 'range' || type === 'color') return push('type', `Change ${quoted(name, a(type))}`);
  });

  // A page script's `button.click()` submits with a trusted submit event: remember such clicks to skip it.
  let scriptClick: { target: EventTarget | null; time: number } | null = null;
  if (trustedOnly) {
    const onScriptClick = (event: Event) => {
      if (event.isTrusted === false) scriptClick = { target: event.target, time: now() };
    };
    document.addEventListener('click', onScriptClick, true);
    disposers.push(() => document.removeEventListener('click', onScriptClick, true));
  }

  listen<SubmitEvent>(document, 'submit', (event) => {
    const form = event.target as HTMLFormElement | null;
    if (!form || form.localName !== 'form') return;
    const intent = submitIntent;
    submitIntent = null;
    const byScript = scriptClick;
    scriptClick = null;
    if (byScript && event.submitter && byScript.target === event.submitter && now() - byScript.time < SUBMIT_ECHO_MS) return;
    // The click or Enter that caused it is already a step.
    if (intent && intent.form === form && now() - intent.time < SUBMIT_ECHO_MS) return;
    const name = formName(form, (event.submitter as Element | null) ?? null, options);
    push('submit', `Submit ${quoted(name, 'a form')}`);
  });

  listen<KeyboardEvent>(document, 'keydown', (event) => {
    if (event.isComposing || event.repeat) return;
    const key = event.key;
    if (key !== 'Enter' && key !== 'Escape') return;
    const el = eventTarget(event);
    const target = el ? interactiveTarget(el) : null;
    if (key === 'Enter' && target) {
      // In a text area or editable region Enter is a new line.
      if (target.localName === 'textarea' || (isTextField(target) && target.localName !== 'input')) return;
      // On a button or link Enter activates it, and its click is the step.
      if (isSubmitter(target) || target.matches('a[href], button, summary, [role="button"], [role="link"], input[type="button"], input[type="reset"]')) return;
    }
    const mods = `${event.ctrlKey ? 'Ctrl+' : ''}${event.altKey ? 'Alt+' : ''}${event.metaKey ? 'Meta+' : ''}${event.shiftKey ? 'Shift+' : ''}`;
    const inField = target && (isTextField(target) || target.localName === 'select' || target.localName === 'input');
    const name = inField && !isBlocked(target, options) ? accessibleName(target, options) : '';
    if (key === 'Enter' && target && inField) submitIntent = { form: formOf(target), time: now() };
    push('key', name ? `Press ${mods}${key} in "${name}"` : `Press ${mods}${key}`);
  });

  const position = (target: EventTarget | null): [Element | null, number, number] | null => {
    if (!target || target === document || target === window) return [null, window.scrollX, window.scrollY];
    if ((target as Node).nodeType === 9) return null; // another document
    const el = target as Element;
    return [el, el.scrollLeft, el.scrollTop];
  };

  listen<Event>(
    document,
    'scroll',
    (event) => {
      const pos = position(event.target);
      if (!pos) return;
      const [el, x, y] = pos;
      const key: object = el ?? window;
      const [px, py] = positions.get(key) ?? [0, 0];
      positions.set(key, [x, y]);
      if (burst && burst.target !== el) flushScroll();
      if (!burst) burst = { target: el, x: px, y: py, dx: 0, dy: 0, time: now() };
      burst.dx = x - burst.x;
      burst.dy = y - burst.y;
      clearTimeout(burstTimer);
      burstTimer = setTimeout(flushQuietly, scrollIdleMs);
    },
    true,
  );
  positions.set(window, [window.scrollX, window.scrollY]);

  if (options.watchHistory ?? true) {
    listen(window, 'popstate', () => navigated(), false);
    listen(window, 'hashchange', () => navigated(), false);
    for (const method of ['pushState', 'replaceState'] as const) {
      const original = history[method];
      if (typeof original !== 'function') continue;
      const wrapper = {
        [method](this: History, ...args: Parameters<History['pushState']>) {
          const result = original.apply(this, args);
          try {
            navigated();
          } catch {
            // Never reaches the page.
          }
          return result;
        },
      }[method]!;
      try {
        history[method] = wrapper;
        disposers.push(() => {
          if (history[method] === wrapper) history[method] = original;
        });
      } catch {
        // A locked history object: navigations are still seen through popstate.
      }
    }
  }

  if (options.initialNavigation ?? true) navigated(true);
  else lastPath = describePath(location.href);

  return () => {
    flushQuietly();
    active = false;
    for (const dispose of disposers.splice(0)) dispose();
  };
}
