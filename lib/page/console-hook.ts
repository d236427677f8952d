/**
 * Console and error capture in the page's own world. A lean wrapper around each console method: the
 * arguments become bounded previews at call time (so later mutation does not change what was logged),
 * and a stack is taken only for warnings and errors — rrweb's console plugin parses a stack on every
 * call, which is what makes it ten times slower. Page-safe: no extension API.
 */
import type { ConsoleEntry, ConsoleLevel } from '../model/report';
import { DEFAULT_LIMITS, renderPreviews, serializeArg, serializeArgs, truncate, type PreviewLimits } from './serialize';

type Method = 'debug' | 'log' | 'info' | 'warn' | 'error' | 'trace' | 'table' | 'dir' | 'dirxml' | 'assert' | 'count' | 'countReset';

/** The console methods wrapped, and the level each is recorded at. */
const METHODS: ReadonlyArray<[Method, ConsoleLevel]> = [
  ['debug', 'debug'],
  ['log', 'log'],
  ['info', 'info'],
  ['warn', 'warn'],
  ['error', 'error'],
  ['trace', 'log'],
  ['table', 'log'],
  ['dir', 'log'],
  ['dirxml', 'log'],
  ['assert', 'error'],
  ['count', 'log'],
  ['countReset', 'log'],
];

export interface ConsoleHookOptions {
  /** Preview limits per entry (defaults: depth 4, 50 keys, 50 items, 32k characters). */
  limits?: PreviewLimits;
  /** Clock, for tests. */
  now?: () => number;
}

type Fn = (...args: unknown[]) => unknown;

/**
 * The page's address, read the way that costs a console call least: the document's `URL` is the same
 * text as `location.href` (both follow pushState and fragment changes at once), read in some 50 ns
 * against 1 µs. Taken from the prototype, so a page that shadows it on its document changes nothing.
 */
function pageAddress(): () => string {
  const getter = typeof Document === 'function' ? Object.getOwnPropertyDescriptor(Document.prototype, 'URL')?.get : undefined;
  if (!getter) return () => location.href;
  return () => {
    try {
      return getter.call(document) as string;
    } catch {
      return location.href;
    }
  };
}

/**
 * The stack of the console call's caller: the `Error` header and the hook's own frames removed.
 * Works for V8 (`Error\n    at …`) and SpiderMonkey (`fn@file:line:col`) formats.
 */
function callerStack(ownFrames: number): string | undefined {
  const raw = new Error().stack;
  if (!raw) return undefined;
  let start = raw.startsWith('Error') ? raw.indexOf('\n') + 1 : 0;
  // This function's own frame, then the hook's.
  for (let i = 0; i <= ownFrames; i++) {
    const next = raw.indexOf('\n', start);
    if (next < 0) return undefined;
    start = next + 1;
  }
  return truncate(raw.slice(start), 4000);
}

function errorPreviewStack(previews: unknown[]): string | undefined {
  for (const p of previews) {
    if (p && typeof p === 'object' && (p as { '@type'?: unknown })['@type'] === 'Error') {
      const stack = (p as { stack?: unknown }).stack;
      if (typeof stack === 'string') return stack;
    }
  }
  return undefined;
}

function isErrorLike(value: unknown): value is Error {
  if (value instanceof Error) return true;
  if (!value || typeof value !== 'object') return false;
  try {
    const tag = Object.prototype.toString.call(value);
    return tag === '[object Error]' || tag === '[object DOMException]';
  } catch {
    return false;
  }
}

function safeString(value: unknown): string {
  try {
    return String(value);
  } catch {
    return '[unprintable]';
  }
}

function errorTitle(error: Error): string {
  try {
    return truncate(`${safeString(error.name) || 'Error'}: ${safeString(error.message)}`, 2000);
  } catch {
    return 'Error';
  }
}

function errorStack(error: Error): string | undefined {
  try {
    return typeof error.stack === 'string' ? truncate(error.stack, 8000) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Hooks the page's console and error events; every entry goes to `emit`. Returns a function that undoes
 * it. The page's own console method is always called, and nothing the hook does can throw into the page.
 */
export function installConsoleHook(emit: (entry: ConsoleEntry) => void, options: ConsoleHookOptions = {}): () => void {
  const limits = options.limits ?? DEFAULT_LIMITS;
  const now = options.now ?? Date.now;
  const address = pageAddress();
  const target = console as unknown as Record<Method, Fn>;
  const installed: Array<[Method, Fn, Fn]> = [];
  const counts = new Map<string, number>();
  let active = true;
  // An `emit` that logs (or a page getter that logs while being previewed) must not recurse.
  let busy = false;

  const record = (method: Method, level: ConsoleLevel, args: unknown[]) => {
    let previews: unknown[];
    let prefix = '';
    if (method === 'assert') {
      if (args[0]) return;
      previews = serializeArgs(args.slice(1), limits);
      prefix = 'Assertion failed';
    } else if (method === 'count' || method === 'countReset') {
      const label = args[0] === undefined ? 'default' : safeString(args[0]);
      if (method === 'countReset') {
        counts.delete(label);
        return;
      }
      const n = (counts.get(label) ?? 0) + 1;
      counts.set(label, n);
      previews = [`${label}: ${n}`];
    } else {
      previews = serializeArgs(args, limits);
    }
    let message = previews.length ? renderPreviews(previews) : '';
    if (prefix) message = message ? `${prefix}: ${message}` : prefix;
    else if (method === 'trace') message = message ? `Trace: ${message}` : 'Trace';
    const entry: ConsoleEntry = { level, time: now(), message, args: previews, source: 'console', url: address() };
    if (level === 'warn' || level === 'error' || method === 'trace') {
      // `console.error(err)`: the error's own stack (already in its preview) says more than the call site.
      const logged = method === 'trace' ? undefined : errorPreviewStack(previews);
      // Frames to drop: `record` and the console wrapper.
      const stack = logged ?? callerStack(2);
      if (stack) entry.stack = stack;
    }
    emit(entry);
  };

  for (const [method, level] of METHODS) {
    const original = target[method];
    if (typeof original !== 'function') continue;
    // A computed method name keeps `console.log.name === 'log'`.
    const wrapper = {
      [method](this: unknown, ...args: unknown[]) {
        if (active && !busy) {
          busy = true;
          try {
            record(method, level, args);
          } catch {
            // Capture must never break the page's own logging.
          } finally {
            busy = false;
          }
        }
        return original.apply(this, args);
      },
    }[method]!;
    try {
      Object.defineProperty(wrapper, 'toString', {
        value: () => Function.prototype.toString.call(original),
        configurable: true,
        writable: true,
      });
      target[method] = wrapper;
      installed.push([method, original, wrapper]);
    } catch {
      // A frozen console: leave it alone.
    }
  }

  const emitSafely = (entry: ConsoleEntry) => {
    if (!active || busy) return;
    busy = true;
    try {
      emit(entry);
    } catch {
      // Never reaches the page.
    } finally {
      busy = false;
    }
  };

  const onError = (event: Event) => {
    try {
      // Resource load failures are plain `Event`s that do not bubble to window; only script errors arrive.
      const e = event as ErrorEvent;
      if (typeof e.message !== 'string' && !e.error) return;
      const error = e.error as unknown;
      const where = e.filename ? `${e.filename}:${e.lineno ?? 0}:${e.colno ?? 0}` : '';
      const errorLike = isErrorLike(error);
      const entry: ConsoleEntry = {
        level: 'error',
        time: now(),
        message: errorLike ? errorTitle(error) : truncate(e.message || safeString(error), 2000),
        args: [serializeArg(error ?? e.message, 0, undefined, limits)],
        url: e.filename || address(),
        source: 'error',
      };
      const stack = (errorLike ? errorStack(error) : undefined) ?? (where ? `    at ${where}` : undefined);
      if (stack) entry.stack = where && !stack.includes(e.filename) ? `${stack}\n    at ${where}` : stack;
      emitSafely(entry);
    } catch {
      // Never reaches the page.
    }
  };

  const onRejection = (event: Event) => {
    try {
      const reason = (event as PromiseRejectionEvent).reason as unknown;
      const errorLike = isErrorLike(reason);
      const preview = serializeArg(reason, 0, undefined, limits);
      const entry: ConsoleEntry = {
        level: 'error',
        time: now(),
        message: `Unhandled rejection: ${errorLike ? errorTitle(reason) : renderPreviews([preview], 2000)}`,
        args: [preview],
        url: address(),
        source: 'rejection',
      };
      const stack = errorLike ? errorStack(reason) : undefined;
      if (stack) entry.stack = stack;
      emitSafely(entry);
    } catch {
      // Never reaches the page.
    }
  };

  window.addEventListener('error', onError);
  window.addEventListener('unhandledrejection', onRejection);

  return () => {
    active = false;
    for (const [method, original, wrapper] of installed) {
      // If the page wrapped our wrapper since, restoring would drop its wrapper; ours stays, inert.
      if (target[method] === wrapper) target[method] = original;
    }
    window.removeEventListener('error', onError);
    window.removeEventListener('unhandledrejection', onRejection);
  };
}
