import { expect, it } from 'vitest';
import { decodeBase64Text, encodeBase64Text } from './encoded';

it('decodes whole-body base64 of text, standard or URL-safe, padded or not', () => {
  const json = '{"secret":"s3cr3t","n":1}';
  expect(decodeBase64Text(btoa(json))).toBe(json);
  expect(decodeBase64Text(` ${btoa(json)}\n`)).toBe(json);
  const urlSafe = btoa('{"k":"??>>"}').replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
  expect(decodeBase64Text(urlSafe)).toBe('{"k":"??>>"}');
});

it('leaves words, hashes, binary and ordinary text alone', () => {
  expect(decodeBase64Text('hello')).toBeNull();
  expect(decodeBase64Text('d41d8cd98f00b204e9800998ecf8427e')).toBeNull();
  expect(decodeBase64Text(btoa(String.fromCharCode(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13)))).toBeNull();
  expect(decodeBase64Text('user=ann&password=pw')).toBeNull();
  expect(decodeBase64Text('{"a":1}')).toBeNull();
});

it('encodes in the alphabet and padding of the original', () => {
  expect(encodeBase64Text('{"a":"[redacted]"}')).toBe(btoa('{"a":"[redacted]"}'));
  expect(encodeBase64Text('??>', 'abc-_')).toBe('Pz8-');
  expect(encodeBase64Text('a', 'YWJj')).toBe('YQ');
  expect(decodeBase64Text(encodeBase64Text('{"ünïcödé":"x"}'))).toBe('{"ünïcödé":"x"}');
});
