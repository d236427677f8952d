/**
 * Scroll steps: one per burst with its direction (`Scroll down`, `Scroll up in "Results"`), timed at the
 * burst's start, and flushed before any other step so the order stays true. Page-safe: no extension API.
 */
import { quietly, type StepContext } from './context';
import { containerName } from './naming';

interface ScrollBurst {
  target: Element | null;
  x: number;
  y: number;
  dx: number;
  dy: number;
  time: number;
}

export function trackScroll(ctx: StepContext, idleMs = 600): void {
  let burst: ScrollBurst | null = null;
  let burstTimer: ReturnType<typeof setTimeout> | undefined;
  const positions = new WeakMap<object, [number, number]>();

  const flush = () => {
    clearTimeout(burstTimer);
    const b = burst;
    burst = null;
    if (!b || (b.dx === 0 && b.dy === 0)) return;
    const direction = Math.abs(b.dy) >= Math.abs(b.dx) ? (b.dy > 0 ? 'down' : 'up') : b.dx > 0 ? 'right' : 'left';
    const name = b.target ? containerName(b.target, ctx.options) : '';
    ctx.send('scroll', name ? `Scroll ${direction} in "${name}"` : `Scroll ${direction}`, b.time);
  };
  // Timers and teardown are covered by no handler's guard.
  const flushQuietly = () => quietly(flush);
  ctx.beforePush(flush);
  ctx.onStop(flushQuietly);

  const position = (target: EventTarget | null): [Element | null, number, number] | null => {
    if (!target || target === document || target === window) return [null, window.scrollX, window.scrollY];
    if ((target as Node).nodeType === 9) return null; // another document
    const el = target as Element;
    return [el, el.scrollLeft, el.scrollTop];
  };

  ctx.listen<Event>(document, 'scroll', (event) => {
    const pos = position(event.target);
    if (!pos) return;
    const [el, x, y] = pos;
    const key: object = el ?? window;
    const [px, py] = positions.get(key) ?? [0, 0];
    positions.set(key, [x, y]);
    if (burst && burst.target !== el) flush();
    if (!burst) burst = { target: el, x: px, y: py, dx: 0, dy: 0, time: ctx.now() };
    burst.dx = x - burst.x;
    burst.dy = y - burst.y;
    clearTimeout(burstTimer);
    burstTimer = setTimeout(flushQuietly, idleMs);
  });
  positions.set(window, [window.scrollX, window.scrollY]);
}
