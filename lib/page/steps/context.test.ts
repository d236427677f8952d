import { afterEach, expect, it } from 'vitest';
import type { Step } from '../../model/report';
import { createStepContext, type StepContext } from './context';

let ctx: StepContext | undefined;
afterEach(() => {
  ctx?.stop();
  ctx = undefined;
});

function context(options: Parameters<typeof createStepContext>[1] = {}) {
  const steps: Step[] = [];
  ctx = createStepContext((s) => steps.push(s), { now: () => 42, ...options });
  return { ctx, steps };
}

it('runs what must go first before each pushed step, and stamps the page address', () => {
  const { ctx, steps } = context();
  ctx.beforePush(() => ctx.send('scroll', 'Scroll down', 7));
  ctx.push('click', 'Click "Go"');
  expect(steps).toEqual([
    { time: 7, kind: 'scroll', text: 'Scroll down', url: location.href },
    { time: 42, kind: 'click', text: 'Click "Go"', url: location.href },
  ]);
});

it('listens only to what the tester did, and keeps a throwing handler from the page', () => {
  const { ctx } = context();
  const seen: string[] = [];
  ctx.listen(document, 'repro-test', (e) => {
    seen.push(e.type);
    throw new Error('handler');
  });
  const byScript = new Event('repro-test');
  Object.defineProperty(byScript, 'isTrusted', { value: false });
  expect(() => document.dispatchEvent(byScript)).not.toThrow();
  expect(seen).toEqual([]);
  const trusted = new Event('repro-test');
  Object.defineProperty(trusted, 'isTrusted', { value: true });
  expect(() => document.dispatchEvent(trusted)).not.toThrow();
  expect(seen).toEqual(['repro-test']);
});

it('on stop, flushes what is pending, then emits nothing and removes its listeners', () => {
  const { ctx, steps } = context({ trustedOnly: false });
  const heard: string[] = [];
  ctx.listen(document, 'repro-test', () => heard.push('event'));
  ctx.onStop(() => ctx.send('scroll', 'Scroll up', 1));
  ctx.stop();
  ctx.push('click', 'Click "Late"');
  document.dispatchEvent(new Event('repro-test'));
  expect(steps.map((s) => s.text)).toEqual(['Scroll up']);
  expect(heard).toEqual([]);
});
