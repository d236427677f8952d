import { expect, it } from 'vitest';
import { base64Bytes, base64ToBytes, base64ToText, bytesToBase64, decodeBase64Text, encodeBase64Text, textToBase64 } from './base64';

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

it('writes base64 as the standard encoding does, padding included', () => {
  for (let n = 0; n < 12; n++) {
    const bytes = Uint8Array.from({ length: n * 37 + (n % 3) }, (_, i) => (i * 151 + n) & 255);
    expect(new TextDecoder().decode(base64Bytes(bytes))).toBe(Buffer.from(bytes).toString('base64'));
    expect(bytesToBase64(bytes)).toBe(Buffer.from(bytes).toString('base64'));
    expect([...base64ToBytes(bytesToBase64(bytes))]).toEqual([...bytes]);
  }
});

it('reads URL-safe, unpadded and wrapped base64, and round-trips UTF-8 text', () => {
  expect([...base64ToBytes('-_8')]).toEqual([0xfb, 0xff]);
  expect([...base64ToBytes('YW\nJj')]).toEqual([97, 98, 99]);
  expect(base64ToText(textToBase64('ünïcödé ✓'))).toBe('ünïcödé ✓');
  expect(textToBase64('ann:pässword')).toBe(Buffer.from('ann:pässword').toString('base64'));
  expect(base64ToText(bytesToBase64(Uint8Array.of(0xff, 0xfe)))).toBeNull();
  expect(base64ToText(bytesToBase64(Uint8Array.of(0xff)), false)).toBe('\ufffd');
  expect(() => base64ToBytes('not base64!')).toThrow();
});
