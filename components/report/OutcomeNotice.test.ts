import { flushSync, mount, unmount } from 'svelte';
import { afterEach, expect, it, vi } from 'vitest';
import OutcomeNotice from './OutcomeNotice.svelte';

afterEach(() => {
  vi.useRealTimers();
  document.body.innerHTML = '';
});

const noop = () => undefined;

it('waits out the tracker\'s Retry-After before "Retry" can be pressed, counting down', () => {
  vi.useFakeTimers();
  vi.setSystemTime(10_000);
  const onretry = vi.fn();
  const target = document.createElement('div');
  document.body.append(target);
  const outcome = {
    kind: 'failed' as const,
    tracker: 'github' as const,
    name: 'GitHub',
    view: {
      title: 'The tracker asks to slow down.',
      detail: 'Try again in 3 s.',
      actions: ['retry', 'download'] as ('retry' | 'download')[],
      retryAt: 13_000,
    },
  };
  const app = mount(OutcomeNotice, {
    target,
    props: { outcome, optionsUrl: '/options.html', onretry, ondownload: noop, onwithoutreplay: noop, onnew: noop },
  });
  flushSync();
  const retry = () => target.querySelector<HTMLButtonElement>('[data-testid="retry"]')!;
  expect(retry().disabled).toBe(true);
  expect(retry().textContent).toBe('Retry in 3 s');
  vi.advanceTimersByTime(1_500);
  flushSync();
  expect(retry().textContent).toBe('Retry in 2 s');
  vi.advanceTimersByTime(1_600);
  flushSync();
  expect(retry().disabled).toBe(false);
  expect(retry().textContent).toBe('Retry');
  retry().click();
  expect(onretry).toHaveBeenCalledTimes(1);
  // "Download instead" is there all along.
  expect(target.textContent).toContain('Download instead');
  void unmount(app);
});
