import { expect, it } from 'vitest';
import {
  estimatedTiming,
  headerMap,
  mimeOf,
  parseStatusLine,
  requestBodyText,
  resourceTypeOf,
  responseBodyOf,
} from './web-request-details';

it('joins repeated headers by newlines, as the devtools protocol gives them', () => {
  expect(headerMap([{ name: 'Set-Cookie', value: 'a=1' }, { name: 'Set-Cookie', value: 'b=2' }, { name: 'X' }])).toEqual({
    'Set-Cookie': 'a=1\nb=2',
    X: '',
  });
});

it('splits status lines and MIME types', () => {
  expect(parseStatusLine('HTTP/1.1 404 Not Found')).toEqual({ protocol: 'http/1.1', statusText: 'Not Found' });
  expect(parseStatusLine('HTTP/2 200 ')).toEqual({ protocol: 'h2', statusText: '' });
  expect(parseStatusLine(undefined)).toEqual({ protocol: '', statusText: '' });
  expect(mimeOf('Application/JSON; charset=utf-8')).toBe('application/json');
  expect([resourceTypeOf('main_frame'), resourceTypeOf('xmlhttprequest'), resourceTypeOf('speculative')]).toEqual([
    'Document',
    'XHR',
    'Other',
  ]);
});

it('turns request bodies into text: form fields, raw UTF-8 bytes; binary and oversized ones not', () => {
  expect(requestBodyText({ formData: { a: ['1', '2'], 'b c': ['é'] } }, 100)).toEqual({ text: 'a=1&a=2&b+c=%C3%A9', form: true });
  const bytes = (s: string) => new TextEncoder().encode(s).buffer;
  expect(requestBodyText({ raw: [{ bytes: bytes('{"a":') }, { bytes: bytes('1}') }] }, 100)).toEqual({ text: '{"a":1}' });
  expect(requestBodyText({ raw: [{ bytes: bytes('x'.repeat(101)) }] }, 100)).toEqual({ size: 101 });
  expect(requestBodyText({ raw: [{ bytes: new Uint8Array([0xff, 0xfe]).buffer }] }, 100)).toBeNull();
  expect(requestBodyText({ raw: [{ file: '/tmp/upload.bin' }] }, 100)).toBeNull();
  expect(requestBodyText({ error: 'Unknown' }, 100)).toBeNull();
});

it('decodes filtered bodies by their charset, keeps non-text as base64, and says why a body is missing', () => {
  expect(responseBodyOf({ state: 'complete', bytes: new TextEncoder().encode('héllo') }, 'text/plain; charset=utf-8')).toEqual({
    kind: 'text',
    text: 'héllo',
    base64: false,
  });
  expect(responseBodyOf({ state: 'complete', bytes: new Uint8Array([0xe9]) }, 'text/plain; charset=ISO-8859-1')).toEqual({
    kind: 'text',
    text: 'é',
    base64: false,
  });
  expect(responseBodyOf({ state: 'complete', bytes: new Uint8Array([0xff, 0x00]) }, 'application/json')).toEqual({
    kind: 'text',
    text: '/wA=',
    base64: true,
  });
  expect(responseBodyOf({ state: 'truncated', size: 5 }, undefined)).toEqual({ kind: 'truncated', size: 5 });
  expect(responseBodyOf({ state: 'error', error: 'Channel redirected' }, undefined)).toEqual({
    kind: 'omitted',
    reason: "body not captured: Firefox's response filter failed (Channel redirected)",
  });
});

it('builds a protocol-style timing from the event times', () => {
  expect(estimatedTiming(1_000_000, 1_000_040)).toMatchObject({
    requestTime: 1_000,
    sendStart: 0,
    sendEnd: 0,
    receiveHeadersEnd: 40,
    dnsStart: -1,
    connectStart: -1,
    sslStart: -1,
  });
});
