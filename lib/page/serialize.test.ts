import { describe, expect, it } from 'vitest';
import { DEFAULT_LIMITS, MAX_STRING, renderArgs, renderPreviews, serializeArg, serializeArgs } from './serialize';

function el(html: string): Element {
  const host = document.createElement('div');
  host.innerHTML = html;
  return host.firstElementChild!;
}

describe('serializeArg', () => {
  it.each<[string, unknown, unknown]>([
    ['string', 'hi', 'hi'],
    ['number', 42, 42],
    ['NaN', Number.NaN, 'NaN'],
    ['Infinity', Number.POSITIVE_INFINITY, 'Infinity'],
    ['negative zero', -0, '-0'],
    ['boolean', false, false],
    ['null', null, null],
    ['undefined', undefined, '[undefined]'],
    ['BigInt', 12345678901234567890n, '12345678901234567890n'],
    ['symbol', Symbol('tag'), 'Symbol(tag)'],
    ['named function', function save() {}, '[function save]'],
    [
      'anonymous arrow',
      (
        () => () =>
          1
      )(),
      '[function anonymous]',
    ],
    ['class', class Cart {}, '[class Cart]'],
    ['Date', new Date(Date.UTC(2024, 0, 2, 3, 4, 5)), '2024-01-02T03:04:05.000Z'],
    ['invalid Date', new Date('nope'), '[Invalid Date]'],
    ['RegExp', /a+b/gi, '/a+b/gi'],
    ['ArrayBuffer (size only)', new ArrayBuffer(16), '[ArrayBuffer(16 bytes)]'],
    ['typed array (size only)', new Uint8Array([1, 2, 3]), '[Uint8Array(3)]'],
    ['DataView', new DataView(new ArrayBuffer(8)), '[DataView(8 bytes)]'],
    ['Promise', Promise.resolve(1), '[Promise]'],
    ['WeakMap', new WeakMap(), '[WeakMap]'],
    ['nested object', { a: { b: [1, 'x'] } }, { a: { b: [1, 'x'] } }],
    [
      'Map',
      new Map<unknown, unknown>([
        ['k', 1],
        [{ id: 2 }, 'v'],
      ]),
      {
        '@type': 'Map',
        size: 2,
        entries: [
          ['k', 1],
          [{ id: 2 }, 'v'],
        ],
      },
    ],
    ['Set', new Set([1, 'two']), { '@type': 'Set', size: 2, values: [1, 'two'] }],
  ])('%s', (_name, value, expected) => {
    expect(serializeArg(value)).toEqual(expected);
  });

  it('keeps name, message, stack and cause of errors', () => {
    const cause = new RangeError('inner');
    const error = new TypeError('outer', { cause });
    const out = serializeArg(error) as Record<string, unknown>;
    expect(out).toMatchObject({ '@type': 'Error', name: 'TypeError', message: 'outer' });
    expect(out.stack).toContain('outer');
    expect(out.cause).toMatchObject({ '@type': 'Error', name: 'RangeError', message: 'inner' });
  });

  it('keeps a non-Error cause as a value', () => {
    expect(serializeArg(new Error('x', { cause: { code: 7 } }))).toMatchObject({ cause: { code: 7 } });
  });

  it('describes DOM elements by tag, id and classes, never by value', () => {
    const input = el('<input id="card" class="field big" value="4111111111111111">') as HTMLInputElement;
    input.value = 'secret typed';
    expect(serializeArg(input)).toBe('<input#card.field.big>');
    expect(serializeArg(el('<button class="a b c d">x</button>'))).toBe('<button.a.b.c…>');
    expect(serializeArg(document.createTextNode('private words'))).toBe('#text');
    expect(serializeArg(document)).toBe('#document');
    expect(JSON.stringify(serializeArg({ target: input }))).not.toContain('secret');
  });

  it('marks circular references instead of following them', () => {
    const a: Record<string, unknown> = { name: 'a' };
    a.self = a;
    const list: unknown[] = [1];
    list.push(list);
    expect(serializeArg(a)).toEqual({ name: 'a', self: '[circular]' });
    expect(serializeArg(list)).toEqual([1, '[circular]']);
  });

  it('truncates huge strings with a visible marker and the original length', () => {
    const out = serializeArg('x'.repeat(MAX_STRING + 5)) as string;
    expect(out.startsWith('x'.repeat(MAX_STRING))).toBe(true);
    expect(out).toContain(`[truncated, ${MAX_STRING + 5} chars]`);
    const nested = (serializeArg({ s: 'y'.repeat(5000) }) as { s: string }).s;
    expect(nested.length).toBeLessThan(1100);
    expect(nested).toContain('[truncated, 5000 chars]');
  });

  it('turns getters that throw into a marker and keeps the other keys', () => {
    const obj = {
      ok: 1,
      get bad(): number {
        throw new Error('nope');
      },
    };
    expect(serializeArg(obj)).toEqual({ ok: 1, bad: '[threw: nope]' });
  });

  it('survives proxies whose traps throw', () => {
    const hostile = new Proxy(
      {},
      {
        ownKeys() {
          throw new Error('trap');
        },
        getPrototypeOf() {
          throw new Error('trap');
        },
      },
    );
    expect(serializeArg(hostile)).toBe('[unserializable]');
    const { proxy, revoke } = Proxy.revocable({ a: 1 }, {});
    revoke();
    expect(serializeArg(proxy)).toBe('[unserializable]');
    const getter = new Proxy(
      { a: 1 },
      {
        get() {
          throw new Error('get');
        },
      },
    );
    expect(serializeArg(getter)).toEqual({ a: '[threw: get]' });
  });

  it('serializes objects with a null prototype', () => {
    const bare = Object.create(null) as Record<string, unknown>;
    bare.k = 'v';
    expect(serializeArg(bare)).toEqual({ k: 'v' });
  });

  it('caps depth, keys and items', () => {
    expect(serializeArg({ a: { b: { c: { d: { e: 1 } } } } })).toEqual({ a: { b: { c: { d: '[object Object]' } } } });
    expect(serializeArg([[[[[1]]]]])).toEqual([[[['[array(1)]']]]]);
    const wide = Object.fromEntries(Array.from({ length: 80 }, (_, i) => [`k${i}`, i]));
    const out = serializeArg(wide) as Record<string, unknown>;
    expect(Object.keys(out)).toHaveLength(DEFAULT_LIMITS.keys + 1);
    expect(out['…']).toBe('30 more keys');
    const long = serializeArg(Array.from({ length: 120 }, (_, i) => i)) as unknown[];
    expect(long).toHaveLength(DEFAULT_LIMITS.items + 1);
    expect(long.at(-1)).toBe('… 70 more');
  });

  it('bounds the total size of a preview, however big the value', () => {
    const huge = Array.from({ length: 50 }, () => Object.fromEntries(Array.from({ length: 50 }, (_, i) => [`key${i}`, 'v'.repeat(900)])));
    expect(JSON.stringify(serializeArg(huge)).length).toBeLessThan(DEFAULT_LIMITS.budget * 1.5);
  });

  it('snapshots at call time: later mutation does not change the preview', () => {
    const cart = { items: ['a'] };
    const preview = serializeArg(cart);
    cart.items.push('b');
    expect(preview).toEqual({ items: ['a'] });
  });

  it('accepts tighter limits', () => {
    expect(serializeArg({ a: { b: 1 } }, 0, undefined, { depth: 1 })).toEqual({ a: '[object Object]' });
  });
});

describe('serializeArgs', () => {
  it('shares one budget across the arguments of a call', () => {
    const big = 'z'.repeat(MAX_STRING);
    const out = serializeArgs([big, big, big, big, big]);
    expect(JSON.stringify(out).length).toBeLessThan(DEFAULT_LIMITS.budget * 1.2);
    expect(out.at(-1)).toBe('[…]');
  });
});

describe('renderArgs', () => {
  it.each<[string, unknown[], string]>([
    ['joins with spaces', ['a', 1, true, null], 'a 1 true null'],
    ['objects as JSON', ['cart', { n: 2 }], 'cart {"n":2}'],
    ['%s and %d', ['%s has %d items', 'cart', 3.7], 'cart has 3 items'],
    ['%c styles dropped', ['%cBig', 'font-size: 40px'], 'Big'],
    ['%o object', ['got %o!', { a: 1 }], 'got {"a":1}!'],
    ['%% escape', ['100%% done'], '100% done'],
    ['extra args appended', ['%s', 'a', 'b'], 'a b'],
    ['missing args left as is', ['%s and %s', 'a'], 'a and %s'],
    ['undefined', [undefined], '[undefined]'],
    ['errors as the console shows them', ['failed:', new TypeError('bad thing')], 'failed: TypeError: bad thing'],
  ])('%s', (_name, args, expected) => {
    expect(renderArgs(args)).toBe(expected);
  });

  it('bounds the line', () => {
    const line = renderPreviews(['a'.repeat(8000), 'b'.repeat(8000)]);
    expect(line.length).toBeLessThan(MAX_STRING + 50);
    expect(line).toContain('[truncated');
  });
});
