/** A small, valid report with console, network and a two-page recording: test data for the viewer. */
import type { Har } from 'har-format';
import type { ConsoleEntry, ReportJson } from '../model/report';
import type { RecordedEvent } from './data';

export const T0 = Date.UTC(2026, 0, 15, 9, 30, 0);

export function sampleReport(overrides: Partial<ReportJson> = {}): ReportJson {
  return {
    format: 'repro-report',
    version: 1,
    title: 'Checkout button does nothing',
    description: 'Clicking "Place order" shows no confirmation.',
    steps: ['Open the cart', 'Click "Place order"'],
    expected: 'An order confirmation',
    actual: 'Nothing happens',
    severity: 'major',
    labels: ['checkout'],
    createdAt: new Date(T0 + 10_000).toISOString(),
    page: { url: 'https://shop.test/cart', title: 'Cart' },
    environment: {
      browser: 'Chromium',
      browserVersion: '156.0',
      os: 'Linux',
      userAgent: 'Mozilla/5.0 (X11; Linux x86_64)',
      language: 'en-GB',
      timezone: 'Europe/Paris',
      viewport: { width: 1280, height: 720 },
      devicePixelRatio: 1,
      screen: { width: 1920, height: 1080 },
      extensionVersion: '0.1.0',
    },
    recording: {
      startedAt: new Date(T0).toISOString(),
      endedAt: new Date(T0 + 6_000).toISOString(),
      mode: 'rolling',
      pages: [
        { url: 'https://shop.test/', title: 'Shop', startedAt: T0 },
        { url: 'https://shop.test/cart', title: 'Cart', startedAt: T0 + 3_000 },
      ],
      gaps: [],
      actions: [
        { time: T0 + 1_000, text: 'Click "Add to cart"' },
        { time: T0 + 2_900, text: 'Click "Cart"' },
      ],
    },
    counts: { consoleErrors: 1, failedRequests: 1, events: 6 },
    files: {
      recording: 'recording.json',
      network: 'network.har',
      console: 'console.json',
      screenshot: null,
      screenshotOriginal: null,
      summary: 'README.md',
      viewer: 'viewer.html',
    },
    ...overrides,
  };
}

/** A minimal page as rrweb serializes it: `<html><head></head><body>{text}</body></html>`. */
export function snapshotOf(text: string, time: number, url: string, firstId = 1): RecordedEvent[] {
  const id = firstId;
  return [
    { type: 4, timestamp: time, data: { href: url, width: 1280, height: 720 } },
    {
      type: 2,
      timestamp: time + 1,
      data: {
        node: {
          type: 0,
          id,
          childNodes: [
            {
              type: 2,
              tagName: 'html',
              id: id + 1,
              attributes: {},
              childNodes: [
                { type: 2, tagName: 'head', id: id + 2, attributes: {}, childNodes: [] },
                {
                  type: 2,
                  tagName: 'body',
                  id: id + 3,
                  attributes: {},
                  childNodes: [
                    { type: 2, tagName: 'p', id: id + 4, attributes: {}, childNodes: [{ type: 3, id: id + 5, textContent: text }] },
                  ],
                },
              ],
            },
          ],
        },
        initialOffset: { top: 0, left: 0 },
      },
    },
  ];
}

export function sampleEvents(): RecordedEvent[] {
  return [
    ...snapshotOf('Welcome to the shop', T0, 'https://shop.test/'),
    // A scroll keeps the first page "active" until the second loads.
    { type: 3, timestamp: T0 + 1_500, data: { source: 3, id: 1, x: 0, y: 10 } },
    ...snapshotOf('Your cart: 2 items', T0 + 3_000, 'https://shop.test/cart'),
    { type: 3, timestamp: T0 + 6_000, data: { source: 3, id: 1, x: 0, y: 20 } },
  ];
}

export function sampleConsole(): ConsoleEntry[] {
  return [
    { level: 'info', time: T0 + 500, message: 'app started', args: ['app started'], source: 'console' },
    {
      level: 'error',
      time: T0 + 4_000,
      message: 'TypeError: cart.total is not a function',
      args: [],
      stack: 'TypeError: cart.total is not a function\n    at placeOrder (https://shop.test/app.js:10:5)',
      source: 'error',
    },
  ];
}

export function sampleHar(): Har {
  const entry = (url: string, method: string, status: number, at: number, body?: string) => ({
    startedDateTime: new Date(at).toISOString(),
    time: 42,
    request: {
      method,
      url,
      httpVersion: 'HTTP/1.1',
      cookies: [],
      headers: [{ name: 'Accept', value: 'application/json' }],
      queryString: [],
      headersSize: -1,
      bodySize: body ? body.length : 0,
      ...(body ? { postData: { mimeType: 'application/json', text: body } } : {}),
    },
    response: {
      status,
      statusText: status === 200 ? 'OK' : 'Internal Server Error',
      httpVersion: 'HTTP/1.1',
      cookies: [],
      headers: [{ name: 'Content-Type', value: 'application/json' }],
      content: { size: 17, mimeType: 'application/json', text: '{"items":[1,2]}' },
      redirectURL: '',
      headersSize: -1,
      bodySize: 17,
    },
    cache: {},
    timings: { send: 1, wait: 40, receive: 1 },
    _resourceType: 'fetch' as const,
  });
  return {
    log: {
      version: '1.2',
      creator: { name: 'Repro', version: '0.1.0' },
      entries: [
        entry('https://shop.test/api/cart?id=7', 'GET', 200, T0 + 3_200),
        entry('https://shop.test/api/order', 'POST', 500, T0 + 4_100, '{"cart":7}'),
      ],
    },
  };
}
