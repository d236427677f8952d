import { describe, expect, it } from 'vitest';
import { crc32Combine, crc32Update } from './crc32';

const ascii = (s: string) => new TextEncoder().encode(s);

/** The textbook byte-at-a-time CRC-32, to check the fast one against. */
function slowCrc32(bytes: Uint8Array): number {
  let c = 0xffffffff;
  for (const b of bytes) {
    c ^= b;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  }
  return (c ^ 0xffffffff) >>> 0;
}

describe('crc32Update', () => {
  it('gives the published check values', () => {
    expect(crc32Update(0, ascii(''))).toBe(0);
    expect(crc32Update(0, ascii('123456789'))).toBe(0xcbf43926);
    expect(crc32Update(0, ascii('The quick brown fox jumps over the lazy dog'))).toBe(0x414fa339);
  });

  it('agrees with the byte-at-a-time CRC at every length and split', () => {
    const bytes = Uint8Array.from({ length: 1000 }, (_, i) => (i * 7919 + (i >> 3)) & 0xff);
    for (const n of [1, 7, 8, 9, 15, 16, 17, 255, 1000]) expect(crc32Update(0, bytes.subarray(0, n))).toBe(slowCrc32(bytes.subarray(0, n)));
    // Fed in pieces, the same as in one go.
    let crc = 0;
    for (let at = 0; at < bytes.length; at += 37) crc = crc32Update(crc, bytes.subarray(at, at + 37));
    expect(crc).toBe(slowCrc32(bytes));
  });
});

describe('crc32Combine', () => {
  it('gives the CRC of two parts joined, from theirs alone, at any length of the second', () => {
    const bytes = Uint8Array.from({ length: 70_000 }, (_, i) => (i * 131 + (i >> 5)) & 0xff);
    for (const cut of [0, 1, 2, 3, 100, 4096, 65_537, 69_999, 70_000]) {
      const a = bytes.subarray(0, cut);
      const b = bytes.subarray(cut);
      expect(crc32Combine(crc32Update(0, a), crc32Update(0, b), b.length)).toBe(crc32Update(0, bytes));
    }
  });
});
