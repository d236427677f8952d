import { afterEach, describe, expect, it, vi } from 'vitest';
import { REDACTED } from '../../redact';
import { useStepTracker } from './testing';

const t = useStepTracker();

describe('navigations', () => {
  it('says where the page starts', () => {
    history.replaceState(null, '', '/app?tab=orders');
    t.start({ initialNavigation: true });
    expect(t.steps.map((s) => [s.kind, s.text])).toEqual([['navigate', 'Go to /app?tab=orders']]);
  });

  it('follows single-page navigations once each, and stops following when stopped', () => {
    t.start();
    history.pushState(null, '', '/login');
    history.replaceState(null, '', '/login');
    history.pushState(null, '', '/app');
    window.dispatchEvent(new PopStateEvent('popstate'));
    t.stop();
    history.pushState(null, '', '/after');
    expect(t.texts()).toEqual(['Go to /login', 'Go to /app']);
  });

  it('redacts sensitive query values from steps and their URLs', () => {
    t.start();
    history.pushState(null, '', '/reset?token=abc123&lang=en&code=SplxlOBeZQQYbYS6WxSbIA');
    expect(t.texts()).toEqual([`Go to /reset?token=${REDACTED}&lang=en&code=${REDACTED}`]);
    expect(t.steps[0]!.url).not.toMatch(/abc123|SplxlOBeZQQYbYS6WxSbIA/);
  });
});

describe('where the page starts', () => {
  afterEach(() => {
    vi.restoreAllMocks();
  });

  /** The browser's navigation timing says the page was reloaded; the document is `state`. */
  function reloaded(state: DocumentReadyState) {
    vi.spyOn(performance, 'getEntriesByType').mockReturnValue([{ type: 'reload' } as PerformanceNavigationTiming]);
    vi.spyOn(document, 'readyState', 'get').mockReturnValue(state);
  }

  it('says Reload for a reload the tracker started with', () => {
    history.replaceState(null, '', '/app');
    reloaded('loading');
    t.start({ initialNavigation: true });
    expect(t.texts()).toEqual(['Reload /app']);
  });

  it('says Go to in a page it was injected into after the page loaded, whatever loaded it', () => {
    history.replaceState(null, '', '/app');
    reloaded('complete');
    t.start({ initialNavigation: true });
    expect(t.texts()).toEqual(['Go to /app']);
  });
});
