/** Test helpers for reports: a schema validator and a synthetic captured session (unit tests only). */
import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import type { Har } from 'har-format';
import schema from './report.schema.json';
import type { CapturedSession, Environment } from './report';

/** Validates a `report.json` value; returns the ajv errors as text, or null when valid. */
export function schemaErrors(report: unknown): string | null {
  const ajv = new Ajv({ allErrors: true, strict: true, allowUnionTypes: true });
  addFormats(ajv);
  const validate = ajv.compile(schema);
  return validate(report) ? null : ajv.errorsText(validate.errors);
}

export const testEnvironment: Environment = {
  browser: 'Chrome',
  browserVersion: '131.0.0.0',
  os: 'Linux',
  userAgent: 'Mozilla/5.0 (X11; Linux x86_64) Chrome/131.0.0.0',
  language: 'en-US',
  timezone: 'Europe/Berlin',
  viewport: { width: 1280, height: 720 },
  devicePixelRatio: 2,
  screen: { width: 1920, height: 1080 },
  extensionVersion: '0.1.0',
};

/** A recorded session on a shop: two pages, a console error, a few rrweb-shaped events. */
export function syntheticSession(events = 5): CapturedSession {
  const t0 = Date.UTC(2026, 0, 2, 3, 4, 5);
  return {
    mode: 'rolling',
    events: Array.from({ length: events }, (_, i) => ({ type: i === 0 ? 4 : 3, timestamp: t0 + i * 1000, data: { i } })),
    console: [
      { level: 'log', time: t0 + 100, message: 'cart loaded', args: ['cart loaded'], source: 'console' },
      {
        level: 'error',
        time: t0 + 200,
        message: 'TypeError: total is undefined',
        args: [],
        stack: 'at checkout (app.js:10:5)',
        url: 'https://shop.test/app.js',
        source: 'error',
      },
    ],
    steps: [
      { time: t0 + 300, kind: 'click', text: 'Click "Checkout"' },
      { time: t0 + 400, kind: 'type', text: 'Type in "Coupon"' },
    ],
    pages: [
      { url: 'https://shop.test/cart', title: 'Cart', startedAt: t0 },
      { url: 'https://shop.test/checkout', title: 'Checkout', startedAt: t0 + 2000 },
    ],
    gaps: [{ kind: 'network', from: t0 + 500, to: t0 + 900, reason: 'debugger detached' }],
    custom: { build: '2026.1.2', tenant: 'acme' },
  };
}

function entry(method: string, url: string, status: number, statusText = ''): Har['log']['entries'][number] {
  return {
    startedDateTime: '2026-01-02T03:04:06.000Z',
    time: 12,
    request: { method, url, httpVersion: 'HTTP/1.1', cookies: [], headers: [], queryString: [], headersSize: -1, bodySize: 0 },
    response: {
      status,
      statusText,
      httpVersion: 'HTTP/1.1',
      cookies: [],
      headers: [],
      content: { size: 0, mimeType: 'application/json' },
      redirectURL: '',
      headersSize: -1,
      bodySize: 0,
    },
    cache: {},
    timings: { send: 1, wait: 10, receive: 1 },
  };
}

/** A HAR with one success, one HTTP error and one request that never got an answer. */
export function syntheticHar(): Har {
  return {
    log: {
      version: '1.2',
      creator: { name: 'Repro', version: '0.1.0' },
      pages: [],
      entries: [
        entry('GET', 'https://shop.test/api/cart', 200, 'OK'),
        entry('POST', 'https://shop.test/api/order', 500, 'Internal Server Error'),
        entry('GET', 'https://cdn.test/x.js', 0, 'net::ERR_BLOCKED_BY_CLIENT'),
      ],
    },
  };
}
