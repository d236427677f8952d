import { expect, it, vi } from 'vitest';
import { WorkQueue } from './work-queue';

const tick = (ms = 1) => new Promise((r) => setTimeout(r, ms));

it('runs the work of one tab in order, and of different tabs side by side', async () => {
  const queue = new WorkQueue();
  const seen: string[] = [];
  void queue.enqueue(1, async () => {
    await tick(20);
    seen.push('1a');
  });
  void queue.enqueue(1, async () => void seen.push('1b'));
  void queue.enqueue(2, async () => void seen.push('2a'));
  await queue.idle();
  expect(seen).toEqual(['2a', '1a', '1b']);
});

it('logs a failure and keeps the tab queue going', async () => {
  const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
  const queue = new WorkQueue();
  const seen: string[] = [];
  void queue.enqueue(1, async () => {
    throw new Error('boom');
  });
  void queue.enqueue(1, async () => void seen.push('after'));
  await queue.idle();
  expect(seen).toEqual(['after']);
  expect(warn).toHaveBeenCalledWith('Repro: network capture error', expect.any(Error));
  warn.mockRestore();
});

it('waits in idle() for tracked work, also for work that tracked work started', async () => {
  const queue = new WorkQueue();
  let done = false;
  void queue.track(
    tick(5).then(() => {
      void queue.track(tick(10).then(() => (done = true)));
    }),
  );
  await queue.idle();
  expect(done).toBe(true);
});
