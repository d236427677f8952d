/**
 * Navigation steps: where the page starts (`Go to /app`, `Reload /app`) and single-page-app navigations
 * (history and hash changes), once per distinct path. Page-safe: no extension API.
 */
import { quietly, type StepContext } from './context';
import { describePath } from './page-url';

export interface NavigationOptions {
  /**
   * Emit a `Go to` step for the page itself now: `Reload` when the tracker starts with the document and
   * the browser says it was reloaded. A tracker that starts in a page already loaded (a recorder
   * injected for a repro) was not there for that reload, so the page is where the steps begin: `Go to`.
   */
  initial: boolean;
  /** Follow single-page-app navigations by wrapping `history.pushState`/`replaceState`. */
  history: boolean;
}

export function trackNavigation(ctx: StepContext, options: NavigationOptions): void {
  let lastPath = '';
  const withTheDocument = document.readyState === 'loading';

  const navigated = (initial = false) => {
    const path = describePath(location.href);
    if (path === lastPath) return;
    lastPath = path;
    let verb = 'Go to';
    if (initial && withTheDocument) {
      try {
        const nav = performance.getEntriesByType?.('navigation')[0] as PerformanceNavigationTiming | undefined;
        if (nav?.type === 'reload') verb = 'Reload';
      } catch {
        // No navigation timing: say "Go to".
      }
    }
    ctx.push('navigate', `${verb} ${path}`);
  };

  if (options.history) {
    ctx.listen(window, 'popstate', () => navigated(), false);
    ctx.listen(window, 'hashchange', () => navigated(), false);
    for (const method of ['pushState', 'replaceState'] as const) {
      const original = history[method];
      if (typeof original !== 'function') continue;
      const wrapper = {
        [method](this: History, ...args: Parameters<History['pushState']>) {
          const result = original.apply(this, args);
          quietly(() => navigated());
          return result;
        },
      }[method]!;
      try {
        history[method] = wrapper;
        ctx.dispose(() => {
          if (history[method] === wrapper) history[method] = original;
        });
      } catch {
        // A locked history object: navigations are still seen through popstate.
      }
    }
  }

  if (options.initial) navigated(true);
  else lastPath = describePath(location.href);
}
