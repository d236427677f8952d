import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ConsoleEntry } from '../model/report';
import { installConsoleHook } from './console-hook';

type Method = 'debug' | 'log' | 'info' | 'warn' | 'error' | 'trace' | 'table' | 'assert' | 'count' | 'countReset' | 'dir';
const METHODS: Method[] = ['debug', 'log', 'info', 'warn', 'error', 'trace', 'table', 'assert', 'count', 'countReset', 'dir'];

let entries: ConsoleEntry[];
let uninstall: () => void;
let saved: Map<Method, unknown>;
let calls: Array<[Method, unknown[]]>;
let stands: Map<Method, unknown>;

beforeEach(() => {
  entries = [];
  calls = [];
  saved = new Map();
  stands = new Map();
  // Stand-ins for the page's own console methods, so the test output stays quiet and calls are visible.
  for (const m of METHODS) {
    saved.set(m, console[m]);
    const stand = { [m]: (...args: unknown[]) => void calls.push([m, args]) }[m]!;
    stands.set(m, stand);
    (console as unknown as Record<Method, unknown>)[m] = stand;
  }
  uninstall = installConsoleHook((e) => entries.push(e), { now: () => 1000 });
});

afterEach(() => {
  uninstall();
  for (const [m, fn] of saved) (console as unknown as Record<Method, unknown>)[m] = fn;
});

describe('console methods', () => {
  it.each<[Method, unknown[], Partial<ConsoleEntry>]>([
    ['debug', ['d', 1], { level: 'debug', message: 'd 1' }],
    ['log', ['total', { n: 2 }], { level: 'log', message: 'total {"n":2}', args: ['total', { n: 2 }] }],
    ['info', ['%s ok', 'load'], { level: 'info', message: 'load ok' }],
    ['warn', ['careful'], { level: 'warn', message: 'careful' }],
    ['error', [new Error('bad')], { level: 'error' }],
    ['table', [[{ a: 1 }]], { level: 'log', message: '[{"a":1}]' }],
    ['trace', ['here'], { level: 'log', message: 'Trace: here' }],
    ['dir', [{ x: 1 }], { level: 'log', message: '{"x":1}' }],
  ])('console.%s is captured and still reaches the original', (method, args, expected) => {
    (console[method] as (...a: unknown[]) => void)(...args);
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({ ...expected, time: 1000, source: 'console', url: location.href });
    expect(calls).toEqual([[method, args]]);
  });

  it("gives each entry the page's address at the call, after pushState and hash changes, whatever the page puts on its document", () => {
    const before = location.href;
    try {
      history.pushState(null, '', '/cart?step=2');
      console.log('a');
      location.hash = 'pay';
      console.log('b');
      Object.defineProperty(document, 'URL', { value: 'https://forged.test/', configurable: true });
      console.log('c');
      expect(entries.map((e) => e.url)).toEqual([
        new URL('/cart?step=2', before).href,
        new URL('/cart?step=2#pay', before).href,
        new URL('/cart?step=2#pay', before).href,
      ]);
    } finally {
      delete (document as { URL?: string }).URL;
      history.replaceState(null, '', before);
    }
  });

  it('takes a stack for warnings, errors and traces only', () => {
    console.log('cheap');
    console.info('cheap');
    console.debug('cheap');
    function callerOfWarn() {
      console.warn('w');
    }
    callerOfWarn();
    console.error('e');
    expect(entries.slice(0, 3).map((e) => e.stack)).toEqual([undefined, undefined, undefined]);
    expect(entries[3]!.stack!.split('\n')[0]).toContain('callerOfWarn');
    // The hook's own frames are not in the stack.
    expect(entries[3]!.stack).not.toMatch(/callerStack|record/);
    expect(entries[4]!.stack).toBeTruthy();
  });

  it('records failed assertions only', () => {
    console.assert(true, 'fine');
    console.assert(1 > 2, 'math is %s', 'broken');
    console.assert(false);
    expect(entries.map((e) => [e.level, e.message])).toEqual([
      ['error', 'Assertion failed: math is broken'],
      ['error', 'Assertion failed'],
    ]);
    expect(calls.filter(([m]) => m === 'assert')).toHaveLength(3);
  });

  it('counts per label like the console does', () => {
    console.count();
    console.count('clicks');
    console.count('clicks');
    console.countReset('clicks');
    console.count('clicks');
    expect(entries.map((e) => e.message)).toEqual(['default: 1', 'clicks: 1', 'clicks: 2', 'clicks: 1']);
  });

  it('snapshots arguments at call time', () => {
    const state = { step: 1 };
    console.log(state);
    state.step = 2;
    expect(entries[0]!.args).toEqual([{ step: 1 }]);
  });

  it('keeps the methods looking native: name and toString', () => {
    expect(console.log).not.toBe(stands.get('log'));
    expect(console.log.name).toBe('log');
    expect(console.warn.name).toBe('warn');
    // toString shows the function it wraps, not the hook.
    expect(console.log.toString()).toBe(Function.prototype.toString.call(stands.get('log')));
  });

  it('passes `this` and the return value through', () => {
    const spy = vi.fn(function (this: unknown) {
      return this;
    });
    uninstall();
    console.log = spy as unknown as typeof console.log;
    uninstall = installConsoleHook((e) => entries.push(e));
    expect(console.log.call(console, 'x')).toBe(console);
    expect(spy).toHaveBeenCalledWith('x');
  });

  it('never throws into the page when emit throws, and still logs', () => {
    uninstall();
    uninstall = installConsoleHook(() => {
      throw new Error('consumer broke');
    });
    expect(() => console.error('still fine')).not.toThrow();
    expect(calls).toEqual([['error', ['still fine']]]);
  });

  it('does not recurse when emit itself logs', () => {
    uninstall();
    const seen: string[] = [];
    uninstall = installConsoleHook((e) => {
      seen.push(e.message);
      console.log('from emit');
    });
    console.log('page');
    expect(seen).toEqual(['page']);
    expect(calls.map(([, a]) => a[0])).toEqual(['from emit', 'page']);
  });

  it('survives hostile arguments', () => {
    const hostile = new Proxy(
      {},
      {
        ownKeys() {
          throw new Error('x');
        },
        getPrototypeOf() {
          throw new Error('x');
        },
      },
    );
    expect(() =>
      console.log(hostile, {
        get boom(): number {
          throw new Error('g');
        },
      }),
    ).not.toThrow();
    expect(entries[0]!.args).toEqual(['[unserializable]', { boom: '[threw: g]' }]);
  });

  it('restores the original methods, unless the page wrapped ours since', () => {
    const stand = stands.get('info');
    uninstall();
    for (const m of METHODS) expect([m, console[m]]).toEqual([m, stands.get(m)]);
    console.log('after');
    expect(entries).toEqual([]);
    uninstall = installConsoleHook((e) => entries.push(e));
    const ours = console.info;
    expect(ours).not.toBe(stand);
    const pageWrapper = (...args: unknown[]) => ours(...args);
    console.info = pageWrapper;
    uninstall();
    expect(console.info).toBe(pageWrapper);
    console.info('later');
    expect(entries).toEqual([]);
    expect(calls.at(-1)).toEqual(['info', ['later']]);
  });
});

describe('uncaught errors and rejections', () => {
  it('records an uncaught error with its stack and location', () => {
    const error = new TypeError('x is not a function');
    window.dispatchEvent(
      new ErrorEvent('error', {
        error,
        message: 'Uncaught TypeError: x is not a function',
        filename: 'https://shop.test/app.js',
        lineno: 12,
        colno: 5,
      }),
    );
    expect(entries[0]).toMatchObject({
      level: 'error',
      source: 'error',
      message: 'TypeError: x is not a function',
      url: 'https://shop.test/app.js',
    });
    expect(entries[0]!.stack).toContain('x is not a function');
    expect(entries[0]!.stack).toContain('https://shop.test/app.js:12:5');
    expect(entries[0]!.args[0]).toMatchObject({ '@type': 'Error', name: 'TypeError' });
  });

  it('records a cross-origin "Script error." without an error object', () => {
    window.dispatchEvent(new ErrorEvent('error', { message: 'Script error.' }));
    expect(entries[0]).toMatchObject({ level: 'error', source: 'error', message: 'Script error.' });
  });

  it('records an error without a stack by its location', () => {
    window.dispatchEvent(new ErrorEvent('error', { message: 'boom', filename: 'https://shop.test/a.js', lineno: 3, colno: 9 }));
    expect(entries[0]!.stack).toBe('    at https://shop.test/a.js:3:9');
  });

  it.each<[string, unknown, string, boolean]>([
    ['an Error', new Error('failed to load'), 'Unhandled rejection: Error: failed to load', true],
    ['a string', 'nope', 'Unhandled rejection: nope', false],
    ['an object', { code: 503 }, 'Unhandled rejection: {"code":503}', false],
    ['undefined', undefined, 'Unhandled rejection: [undefined]', false],
  ])('records an unhandled rejection with %s', (_name, reason, message, hasStack) => {
    const event = Object.assign(new Event('unhandledrejection'), { reason });
    window.dispatchEvent(event);
    expect(entries[0]).toMatchObject({ level: 'error', source: 'rejection', message });
    expect(Boolean(entries[0]!.stack)).toBe(hasStack);
  });

  it('stops listening once uninstalled', () => {
    uninstall();
    window.dispatchEvent(new ErrorEvent('error', { message: 'late' }));
    expect(entries).toEqual([]);
  });
});

it('uses the stack of a logged error rather than the call site', () => {
  const entries: ConsoleEntry[] = [];
  const original = console.error;
  console.error = () => {};
  const stop = installConsoleHook((e) => entries.push(e));
  function thrower() {
    return new Error('from thrower');
  }
  console.error('failed:', thrower());
  stop();
  console.error = original;
  expect(entries[0]!.stack).toContain('from thrower');
  expect(entries[0]!.stack).toContain('thrower');
});
