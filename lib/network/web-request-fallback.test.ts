import { expect, it } from 'vitest';
import { buildHar } from './har-document';
import { harErrors } from './har-validate';
import { noExtraRules, REDACTED } from '../redact';
import { webRequestEntry } from './web-request-fallback';

it('turns webRequest metadata into a valid, redacted HAR entry without a body', () => {
  const entry = webRequestEntry(
    {
      requestId: '1',
      tabId: 3,
      url: 'https://shop.test/api?session=s1&q=shoes',
      method: 'GET',
      type: 'xmlhttprequest',
      start: 1_700_000_000_000,
      end: 1_700_000_000_120,
      requestHeaders: [
        { name: 'Cookie', value: 'sid=1; theme=dark' },
        { name: 'Accept', value: 'application/json' },
      ],
      statusCode: 404,
      statusLine: 'HTTP/1.1 404 Not Found',
      responseHeaders: [
        { name: 'Content-Type', value: 'application/json' },
        { name: 'Set-Cookie', value: 'sid=2; Path=/' },
      ],
      ip: '10.0.0.1',
    },
    noExtraRules,
  );
  expect(entry.request.url).toBe(`https://shop.test/api?session=${encodeURIComponent(REDACTED)}&q=shoes`);
  expect(entry.request.cookies).toEqual([
    { name: 'sid', value: REDACTED },
    { name: 'theme', value: REDACTED },
  ]);
  expect(entry.request.headers).toEqual([
    { name: 'Cookie', value: REDACTED },
    { name: 'Accept', value: 'application/json' },
  ]);
  expect(entry.response).toMatchObject({ status: 404, statusText: 'Not Found', cookies: [{ name: 'sid', value: REDACTED }] });
  expect(entry.response.content).toEqual({
    size: 0,
    mimeType: 'application/json',
    comment: 'body not captured: the debugger was not attached',
  });
  expect(entry.time).toBe(120);
  expect(harErrors(buildHar([], [entry], '1'))).toEqual([]);
});
