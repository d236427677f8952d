import { constants, deflateRawSync, inflateRawSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { finalBlock, openEnded, storedBlocks } from './deflate-join';
import { deflateRaw } from './zip-writer';

const text = (s: string) => new TextEncoder().encode(s);
const joined = (...parts: Uint8Array[]) => Buffer.concat(parts.map((p) => Buffer.from(p)));

/** Pseudo-random bytes (incompressible: the deflater writes stored blocks for them). */
function noise(n: number, seed = 7): Uint8Array {
  const out = new Uint8Array(n);
  let x = seed;
  for (let i = 0; i < n; i++) {
    x = (x * 1103515245 + 12345) >>> 0;
    out[i] = x >>> 24;
  }
  return out;
}

const json = text(
  JSON.stringify(
    Array.from({ length: 5_000 }, (_, i) => ({ type: 3, timestamp: 1_700_000_000_000 + i, data: { id: i, text: `row ${i % 97}` } })),
  ),
);

describe('joining DEFLATE streams', () => {
  const kinds: [string, (data: Uint8Array) => Uint8Array][] = [
    ['dynamic Huffman (zlib default)', (d) => deflateRawSync(d)],
    ['fixed Huffman', (d) => deflateRawSync(d, { strategy: constants.Z_FIXED })],
    ['stored blocks (level 0)', (d) => deflateRawSync(d, { level: 0 })],
    ['many small blocks', (d) => deflateRawSync(d, { memLevel: 1 })],
  ];
  for (const [name, deflate] of kinds) {
    it(`an open-ended ${name} stream followed by another inflates to both texts in order`, () => {
      const a = deflate(json);
      const b = deflateRawSync(text(']tail'));
      expect(Buffer.from(inflateRawSync(joined(openEnded(a), b))).equals(joined(json, text(']tail')))).toBe(true);
    });
  }

  it('joins streams of the browser deflater, three in a row, incompressible data among them', async () => {
    const parts = [json, noise(70_000), text('<end>')];
    const streams = await Promise.all(parts.map(async (p) => new Uint8Array(await (await deflateRaw(p)).arrayBuffer())));
    const all = joined(openEnded(streams[0]!), openEnded(streams[1]!), streams[2]!);
    expect(Buffer.from(inflateRawSync(all)).equals(joined(...parts))).toBe(true);
  });

  it('handles a stream of nothing and a stream ending exactly on a byte', () => {
    const empty = deflateRawSync(new Uint8Array(0));
    expect(Buffer.from(inflateRawSync(joined(openEnded(empty), deflateRawSync(text('x'))))).toString()).toBe('x');
    // A stored final block ends on a byte: the new header takes a byte of its own.
    const stored = deflateRawSync(text('abc'), { level: 0 });
    expect(finalBlock(stored).endBit % 8).toBe(0);
    expect(Buffer.from(inflateRawSync(joined(openEnded(stored), deflateRawSync(text('def'))))).toString()).toBe('abcdef');
  });

  it('leaves the data itself unchanged: an open-ended stream alone inflates to its text (sync-flushed)', () => {
    const out = inflateRawSync(openEnded(deflateRawSync(json)), { finishFlush: constants.Z_SYNC_FLUSH });
    expect(Buffer.from(out).equals(Buffer.from(json))).toBe(true);
  });

  it('writes stored blocks that join streams on either side, final or not, past the 64 KB a block holds', () => {
    const big = noise(150_000);
    const all = joined(
      storedBlocks(text('['), false),
      openEnded(deflateRawSync(json)),
      storedBlocks(big, false),
      storedBlocks(text(']'), true),
    );
    expect(Buffer.from(inflateRawSync(all)).equals(joined(text('['), json, big, text(']')))).toBe(true);
    expect(Buffer.from(inflateRawSync(storedBlocks(new Uint8Array(0), true))).length).toBe(0);
  });

  it('refuses what is not a whole DEFLATE stream', () => {
    const good = deflateRawSync(json);
    expect(() => openEnded(good.subarray(0, good.length >> 1))).toThrow(/invalid DEFLATE data/);
    expect(() => openEnded(new Uint8Array(0))).toThrow(/no final block/);
    // Block type 3 does not exist.
    expect(() => openEnded(Uint8Array.of(0b111))).toThrow(/reserved block type/);
  });
});
