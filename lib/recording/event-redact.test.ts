import { describe, expect, it } from 'vitest';
import { checkRecordedEvent, checkRecordedEvents, redactAttribute, redactRecordingEvent } from './event-redact';

const SECRET = 'pAssW0rdInUrl42';

describe('redactAttribute', () => {
  it('drops userinfo and secret query or fragment values from URL attributes', () => {
    expect(redactAttribute('href', `https://admin:${SECRET}@site.test/admin`)).not.toContain(SECRET);
    expect(redactAttribute('src', `https://cdn.test/a.png?token=${SECRET}`)).not.toContain(SECRET);
    expect(redactAttribute('action', `/login?api_key=${SECRET}`)).toMatch(/^\/login\?api_key=/);
    expect(redactAttribute('action', `/login?api_key=${SECRET}`)).not.toContain(SECRET);
    expect(redactAttribute('href', `#access_token=${SECRET}&x=1`)).not.toContain(SECRET);
    expect(redactAttribute('srcset', `https://cdn.test/a.png?sig=${SECRET} 1x, /b.png 2x`)).toMatch(
      /^https:\/\/cdn\.test\/a\.png\?sig=.* 1x, \/b\.png 2x$/,
    );
    expect(redactAttribute('srcset', `https://cdn.test/a.png?sig=${SECRET} 1x, /b.png 2x`)).not.toContain(SECRET);
  });

  it("finds secrets in a path too: JWTs, card numbers, the tester's patterns", () => {
    const jwt = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NSJ9.abcDEF123_-';
    expect(redactAttribute('href', `https://site.test/reset/${jwt}`)).not.toContain(jwt);
    expect(redactAttribute('href', 'https://site.test/cards/4111111111111111/edit')).not.toContain('4111111111111111');
    expect(redactAttribute('href', 'https://site.test/u/EMP-4242', { headers: [], fields: [], patterns: ['EMP-\\d+'] })).not.toContain(
      'EMP-4242',
    );
  });

  it('keeps ordinary URLs and attributes exactly as the page wrote them', () => {
    expect(redactAttribute('href', 'https://site.test')).toBe('https://site.test');
    expect(redactAttribute('href', '/docs?page=2#intro')).toBe('/docs?page=2#intro');
    expect(redactAttribute('href', 'javascript:void(0)')).toBe('javascript:void(0)');
    expect(redactAttribute('class', 'nav-item active')).toBe('nav-item active');
    expect(redactAttribute('href', 42)).toBe(42);
  });

  it('runs the free-text rules over every other attribute, and empties data-* attributes named after a secret', () => {
    expect(redactAttribute('title', `token=${SECRET}`)).toBe('token=[redacted]');
    expect(redactAttribute('style', `background: url(/bg.png?sig=${SECRET})`)).toBe('background: url(/bg.png?sig=[redacted])');
    expect(redactAttribute('data-config', `{"apiKey":"${SECRET}"}`)).toBe('{"apiKey":"[redacted]"}');
    expect(redactAttribute('data-api-key', SECRET)).toBe('[redacted]');
    expect(redactAttribute('data-session-id', SECRET)).toBe('[redacted]');
    expect(redactAttribute('data-stripe', 'sk_live_51HqLyjWDarjtT1zdp7dc0aBcD')).toBe('sk_live_[redacted]');
    expect(redactAttribute('data-id', SECRET)).toBe(SECRET);
    expect(redactAttribute('data-note', 'EMP-4242', { headers: [], fields: [], patterns: ['EMP-\\d+'] })).toBe('[redacted]');
  });
});

describe('redactRecordingEvent', () => {
  it('redacts the Meta event href', () => {
    const event = redactRecordingEvent({
      type: 4,
      timestamp: 1,
      data: { href: `https://site.test/?session=${SECRET}`, width: 1, height: 1 },
    });
    expect(JSON.stringify(event)).not.toContain(SECRET);
  });

  it('redacts URL attributes anywhere in a full snapshot', () => {
    const link = {
      type: 2,
      id: 5,
      tagName: 'a',
      attributes: { href: `https://admin:${SECRET}@site.test/x`, class: 'nav' },
      childNodes: [],
    };
    const snapshot = {
      type: 2,
      timestamp: 1,
      data: {
        node: {
          type: 0,
          id: 1,
          childNodes: [
            {
              type: 2,
              id: 2,
              tagName: 'html',
              attributes: {},
              childNodes: [{ type: 2, id: 3, tagName: 'body', attributes: {}, childNodes: [link] }],
            },
          ],
        },
      },
    };
    redactRecordingEvent(snapshot);
    expect(JSON.stringify(snapshot)).not.toContain(SECRET);
    expect(link.attributes.class).toBe('nav');
  });

  it('redacts added nodes and attribute changes of mutations', () => {
    const mutation = {
      type: 3,
      timestamp: 2,
      data: {
        source: 0,
        texts: [],
        removes: [],
        adds: [
          {
            parentId: 3,
            nextId: null,
            node: { type: 2, id: 9, tagName: 'img', attributes: { src: `/p.png?token=${SECRET}` }, childNodes: [] },
          },
        ],
        attributes: [{ id: 5, attributes: { href: `https://u:${SECRET}@site.test/` } }],
      },
    };
    redactRecordingEvent(mutation);
    expect(JSON.stringify(mutation)).not.toContain(SECRET);
  });

  it('redacts text nodes, hidden and secret-named inputs, CSRF metas and styles of a snapshot', () => {
    const jwt = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NSJ9.abcDEF123_-';
    const el = (id: number, tagName: string, attributes: Record<string, unknown>, childNodes: unknown[] = []) => ({
      type: 2,
      id,
      tagName,
      attributes,
      childNodes,
    });
    const txt = (id: number, textContent: string) => ({ type: 3, id, textContent });
    const head = el(2, 'head', {}, [
      el(3, 'meta', { name: 'csrf-token', content: 'csrf-5ecr3t' }),
      el(4, 'meta', { name: '_csrf', content: 'csrf2-5ecr3t' }),
      el(5, 'meta', { 'http-equiv': 'X-CSRF-TOKEN', content: 'csrf3-5ecr3t' }),
      el(6, 'meta', { name: 'viewport', content: 'width=device-width' }),
      el(7, 'style', { _cssText: `.hero { background: url(/hero.png?token=${SECRET}) }` }),
    ]);
    const body = el(8, 'body', {}, [
      el(9, 'input', { type: 'hidden', name: 'SAMLResponse', value: 'PHNhbWxwOlJlc3BvbnNl' }),
      el(10, 'input', { type: 'text', name: 'authenticity_token', value: 'rails-5ecr3t' }),
      el(11, 'input', { type: 'text', name: 'city', value: 'Lisbon' }),
      el(12, 'p', {}, [txt(13, `Your key: sk_live_51HqLyjWDarjtT1zdp7dc0aBcD, session ${jwt}`)]),
      el(14, 'p', {}, [txt(15, 'Card 4111 1111 1111 1111 on file')]),
    ]);
    const snapshot = { type: 2, timestamp: 1, data: { node: { type: 0, id: 1, childNodes: [el(20, 'html', {}, [head, body])] } } };
    const json = JSON.stringify(redactRecordingEvent(snapshot));
    for (const secret of [
      'csrf-5ecr3t',
      'csrf2-5ecr3t',
      'csrf3-5ecr3t',
      SECRET,
      'PHNhbWxwOlJlc3BvbnNl',
      'rails-5ecr3t',
      '51HqLyjWDarjtT1zdp7dc0aBcD',
      jwt,
      '4111 1111',
    ])
      expect([secret, json.includes(secret)]).toEqual([secret, false]);
    for (const kept of ['width=device-width', 'Lisbon', 'on file']) expect(json).toContain(kept);
  });

  it('redacts the text, style and input changes of incremental events', () => {
    const jwt = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NSJ9.abcDEF123_-';
    const events = [
      {
        type: 3,
        timestamp: 2,
        data: {
          source: 0,
          texts: [{ id: 4, value: `token: ${jwt}` }],
          removes: [],
          adds: [],
          attributes: [{ id: 5, attributes: { style: { background: `url(/a.png?sig=${SECRET})` }, 'data-token': SECRET } }],
        },
      },
      { type: 3, timestamp: 3, data: { source: 5, id: 7, text: `Bearer ${SECRET}` } },
      { type: 3, timestamp: 4, data: { source: 8, id: 9, adds: [{ rule: `.x{background:url(/b.png?api_key=${SECRET})}`, index: 0 }] } },
      {
        type: 3,
        timestamp: 5,
        data: { source: 13, id: 9, index: [0], set: { property: 'background', value: `url(/c.png?token=${SECRET})` } },
      },
      { type: 5, timestamp: 6, data: { tag: 'note', payload: { text: `password=${SECRET}` } } },
    ];
    for (const event of events) expect(JSON.stringify(redactRecordingEvent(event))).not.toMatch(new RegExp(`${SECRET}|eyJ`));
  });

  it('leaves other events and malformed input alone', () => {
    const input = { type: 3, timestamp: 3, data: { source: 5, id: 7, text: SECRET } };
    expect(redactRecordingEvent(input)).toEqual({ type: 3, timestamp: 3, data: { source: 5, id: 7, text: SECRET } });
    expect(redactRecordingEvent(null)).toBeNull();
    expect(redactRecordingEvent({ type: 2, data: { node: { type: 2, attributes: null } } })).toBeTruthy();
  });
});

describe('checkRecordedEvent', () => {
  const jwt = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NSJ9.abcDEF123_-';
  const node = (attributes: Record<string, unknown>) => ({ type: 2, id: 9, tagName: 'a', attributes, childNodes: [] });
  const mutation = (attributes: Record<string, unknown>, changed: Record<string, unknown> = {}) => ({
    type: 3,
    timestamp: 1_700_000_000_000,
    data: {
      source: 0,
      texts: [{ id: 4, value: 'Order #12 ? total' }],
      removes: [],
      adds: [{ parentId: 3, nextId: null, node: node(attributes) }],
      attributes: [{ id: 5, attributes: changed }],
    },
  });
  /** An event as the page world sends it. */
  const text = (event: { type: number; timestamp: number }, json = JSON.stringify(event)) => ({
    t: event.timestamp,
    type: event.type,
    json,
  });
  const cases: [string, { type: number; timestamp: number }][] = [
    ['plain mutation', mutation({ href: '/docs', class: 'x' })],
    ['query secret in an added link', mutation({ href: `/p?token=${SECRET}` })],
    ['userinfo in a changed src', mutation({}, { src: `https://u:${SECRET}@cdn.test/a.png` })],
    ['JWT in a path', mutation({ href: `https://site.test/reset/${jwt}` })],
    ['escaped quote before the secret', mutation({ href: `/a"b?token=${SECRET}` })],
    ['srcset', mutation({ srcset: `/a.png?sig=${SECRET} 1x, /b.png 2x` })],
    ['secret-looking text outside URLs', mutation({ title: `token=${SECRET}` })],
    [
      'meta',
      { type: 4, timestamp: 1, data: { href: `https://site.test/?session=${SECRET}`, width: 1, height: 1 } } as {
        type: number;
        timestamp: number;
      },
    ],
    ['input event', { type: 3, timestamp: 2, data: { source: 5, id: 7, text: '***' } } as { type: number; timestamp: number }],
  ];

  it.each(cases)('gives the same text as redacting, then serializing: %s', (_name, event) => {
    const expected = JSON.stringify(redactRecordingEvent(structuredClone(event)));
    expect(checkRecordedEvent(text(event))).toEqual({ t: event.timestamp, type: event.type, json: expected });
  });

  it('keeps the text as it came when nothing in it needs redacting', () => {
    const event = text(mutation({ href: '/docs' }));
    expect(checkRecordedEvent(event)).toBe(event);
  });

  it("keeps the secrets of URL attributes out, and the tester's patterns apply everywhere they did", () => {
    expect(checkRecordedEvent(text(mutation({ href: `/p?token=${SECRET}` })))!.json).not.toContain(SECRET);
    const rules = { headers: [], fields: [], patterns: ['EMP-\\d+'] };
    expect(checkRecordedEvent(text(mutation({ href: '/u/EMP-4242' })), rules)!.json).not.toContain('EMP-4242');
  });

  it('finds a secret spelled with \\u escapes, which the quick scan cannot read', () => {
    const event = mutation({ href: `/p?token=${SECRET}` });
    const escaped = JSON.stringify(event).replace('"href"', '"hr\\u0065f"').replace('?token', '\\u003ftoken');
    expect(JSON.parse(escaped)).toEqual(event);
    const checked = checkRecordedEvent(text(event, escaped));
    expect(checked!.json).not.toContain(SECRET);
    expect(JSON.parse(checked!.json).data.adds[0].node.attributes.href).toBe('/p?token=%5Bredacted%5D');
  });

  it('refuses text that is not the event it claims to be', () => {
    const event = mutation({ href: '/docs' });
    const json = JSON.stringify(event);
    expect(checkRecordedEvent({ t: event.timestamp, type: 3, json: json.slice(0, -1) })).toBeNull();
    // Two values, or a value with a tail, would break the recording they are joined into.
    expect(checkRecordedEvent({ t: event.timestamp, type: 3, json: `${json},${json}` })).toBeNull();
    expect(checkRecordedEvent({ t: event.timestamp, type: 3, json: '[1,2]' })).toBeNull();
    expect(checkRecordedEvent({ t: event.timestamp, type: 2, json })).toBeNull();
    expect(checkRecordedEvent({ t: event.timestamp + 1, type: 3, json })).toBeNull();
  });

  it('keeps the good events of a batch and counts the others', () => {
    const good = text(mutation({ href: '/docs' }));
    const checked = checkRecordedEvents([good, { ...good, json: 'nope' }, good]);
    expect(checked.events).toEqual([good, good]);
    expect(checked.rejected).toBe(1);
  });

  it('gives each kept event as the data its text now holds, redacted', () => {
    const clean = text(mutation({ href: '/docs' }));
    const secret = text(mutation({ href: `/p?token=${SECRET}` }));
    const checked = checkRecordedEvents([clean, { ...clean, json: 'nope' }, secret]);
    expect(checked.data).toHaveLength(2);
    checked.events.forEach((event, i) => expect(checked.data[i]).toEqual(JSON.parse(event.json)));
    expect(JSON.stringify(checked.data[1])).not.toContain(SECRET);
  });
});
