import { describe, expect, it } from 'vitest';
import { utf8Bytes } from './utf8';

const reference = (text: string) => new TextEncoder().encode(text);

describe('utf8Bytes', () => {
  it('gives the bytes TextEncoder gives, for ASCII and for every width of character', () => {
    const texts = [
      '',
      '{"type":3,"data":{"source":0}}',
      'é',
      'caf\u00e9 au lait',
      '\u00ff'.repeat(10),
      '日本語のテキスト',
      'emoji 😀 at the end',
      '😀 at the start, then ASCII '.repeat(50),
      `${'a'.repeat(1000)}€${'b'.repeat(1000)}`,
    ];
    for (const text of texts) expect([text, [...utf8Bytes(text)]]).toEqual([text, [...reference(text)]]);
  });

  it('replaces lone surrogates as TextEncoder does', () => {
    for (const text of ['\ud800', 'a\udc00b', `${'x'.repeat(5)}\ud83d`, '\ud83d\ud83d\ude00']) {
      expect([...utf8Bytes(text)]).toEqual([...reference(text)]);
    }
  });

  it('does not split a pair of surrogates where the first buffer runs out', () => {
    // One byte per unit fits the ASCII; the pair needs four bytes where two units are left.
    const text = `${'a'.repeat(7)}😀`;
    expect([...utf8Bytes(text)]).toEqual([...reference(text)]);
    expect(new TextDecoder().decode(utf8Bytes(text))).toBe(text);
  });

  it('returns a buffer sized to its bytes when most of the text is wide', () => {
    const text = '日'.repeat(1000);
    const bytes = utf8Bytes(text);
    expect(bytes.length).toBe(3000);
    expect(bytes.buffer.byteLength).toBeLessThanOrEqual(3000 * 2);
    const ascii = utf8Bytes('x'.repeat(100));
    expect(ascii.buffer.byteLength).toBe(100);
  });
});
