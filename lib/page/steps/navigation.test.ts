import { describe, expect, it } from 'vitest';
import { REDACTED } from '../../redact/redact';
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
    history.pushState(null, '', '/reset?token=abc123&lang=en&code=xyz');
    expect(t.texts()).toEqual([`Go to /reset?token=${REDACTED}&lang=en&code=${REDACTED}`]);
    expect(t.steps[0]!.url).not.toMatch(/abc123|xyz/);
  });

});
