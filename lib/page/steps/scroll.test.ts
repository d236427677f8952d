import { describe, expect, it, vi } from 'vitest';
import { $, click, page, useStepTracker } from './testing';

const t = useStepTracker();

describe('scrolls', () => {
  it('collapses a burst into one step with its direction', () => {
    vi.useFakeTimers();
    page('<div id="list" aria-label="Results" style="overflow:auto;height:50px"><div style="height:500px"></div></div>');
    t.start({ scrollIdleMs: 300 });
    for (const y of [100, 200, 300]) {
      window.scrollY = y;
      document.dispatchEvent(new Event('scroll'));
    }
    vi.advanceTimersByTime(400);
    window.scrollY = 100;
    document.dispatchEvent(new Event('scroll'));
    vi.advanceTimersByTime(400);
    const list = $('#list');
    list.scrollTop = 80;
    list.dispatchEvent(new Event('scroll'));
    vi.advanceTimersByTime(400);
    expect(t.steps.map((s) => [s.kind, s.text])).toEqual([
      ['scroll', 'Scroll down'],
      ['scroll', 'Scroll up'],
      ['scroll', 'Scroll down in "Results"'],
    ]);
  });

  it('flushes a pending scroll before the next step, keeping order', () => {
    vi.useFakeTimers();
    page('<button id="b">More</button>');
    t.start();
    window.scrollY = 400;
    document.dispatchEvent(new Event('scroll'));
    click($('#b'));
    expect(t.texts()).toEqual(['Scroll down', 'Click "More"']);
    window.scrollY = 0;
  });
});
