/**
 * Console and error capture in the page's own world. A lean wrapper around each console method (no
 * stack parsing per call), plus uncaught errors and unhandled rejections. Page-safe: no extension API.
 */
import type { ConsoleEntry, ConsoleLevel } from '../report/model';
import { renderArgs, serializeArg } from './serialize';

const LEVELS: ConsoleLevel[] = ['debug', 'log', 'info', 'warn', 'error'];

/** Hooks the page's console and error events; every entry goes to `emit`. Returns a function that undoes it. */
export function installConsoleHook(emit: (entry: ConsoleEntry) => void): () => void {
  const originals = new Map<ConsoleLevel, (...args: unknown[]) => void>();
  for (const level of LEVELS) {
    const original = console[level] as (...args: unknown[]) => void;
    originals.set(level, original);
    console[level] = function (this: Console, ...args: unknown[]) {
      try {
        emit({ level, time: Date.now(), message: renderArgs(args), args: args.map((a) => serializeArg(a)), source: 'console', url: location.href });
      } catch {
        // Never let capture break the page's own logging.
      }
      return original.apply(this, args);
    };
  }
  const onError = (event: ErrorEvent) => {
    const error = event.error as unknown;
    emit({
      level: 'error',
      time: Date.now(),
      message: error instanceof Error ? `${error.name}: ${error.message}` : event.message,
      args: [serializeArg(error ?? event.message)],
      stack: error instanceof Error ? error.stack : undefined,
      url: event.filename || location.href,
      source: 'error',
    });
  };
  const onRejection = (event: PromiseRejectionEvent) => {
    const reason = event.reason as unknown;
    emit({
      level: 'error',
      time: Date.now(),
      message: `Unhandled rejection: ${reason instanceof Error ? `${reason.name}: ${reason.message}` : renderArgs([reason])}`,
      args: [serializeArg(reason)],
      stack: reason instanceof Error ? reason.stack : undefined,
      url: location.href,
      source: 'rejection',
    });
  };
  window.addEventListener('error', onError);
  window.addEventListener('unhandledrejection', onRejection);
  return () => {
    for (const [level, original] of originals) console[level] = original;
    window.removeEventListener('error', onError);
    window.removeEventListener('unhandledrejection', onRejection);
  };
}
