import { inflateRawSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { base64Bytes } from '../redact/base64';
import { base64Part } from './base64-part';
import { crc32Update } from './crc32';
import { storedBlocks } from './deflate-join';
import { finishEntry, joinParts, openPart, storedPart, type OpenPart } from './zip-writer';

const utf8 = new TextEncoder();
/** The text of an open part, closed with an empty final block and inflated by zlib. */
const inflated = (part: OpenPart) => new Uint8Array(inflateRawSync(Buffer.concat([part.body, storedBlocks(new Uint8Array(0), true)])));

/** Bytes with no pattern a deflater could find (xorshift), the same each run. */
function randomBytes(n: number, seed = 1): Uint8Array {
  const out = new Uint8Array(n);
  let x = seed;
  for (let i = 0; i < n; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    out[i] = x & 0xff;
  }
  return out;
}

describe('base64 as an open DEFLATE part', () => {
  it('inflates to the same text, with its CRC and size, whatever the padding', () => {
    for (const n of [0, 1, 2, 3, 4, 5, 1000, 65_537]) {
      const text = base64Bytes(randomBytes(n, n + 1));
      const part = base64Part(text);
      expect(inflated(part)).toEqual(text);
      expect([part.crc, part.size]).toEqual([crc32Update(0, text), text.length]);
    }
  });

  it('takes about six bits a character, as the deflater would', async () => {
    const text = base64Bytes(randomBytes(300_000));
    const ours = base64Part(text).body.length;
    const deflater = (await openPart(text)).body.length;
    expect(ours / text.length).toBeLessThan(0.76);
    expect(ours).toBeLessThan(deflater * 1.02);
  });

  it('refuses text that is not base64', () => {
    expect(() => base64Part(utf8.encode('abc\n'))).toThrow(/not base64/);
  });

  it('joins with stored bytes and the deflater into one entry the browser inflates', async () => {
    const before = utf8.encode('<script type="application/json">');
    const text = base64Bytes(randomBytes(5000));
    const after = utf8.encode('</script>\n');
    const opening = joinParts([storedPart(before), base64Part(text), storedPart(after)]);
    const entry = await finishEntry('viewer.html', opening, utf8.encode('<p>rest</p>'));
    const whole = new Uint8Array([...before, ...text, ...after, ...utf8.encode('<p>rest</p>')]);
    const stream = entry.body.stream().pipeThrough(new DecompressionStream('deflate-raw'));
    expect(new Uint8Array(await new Response(stream).arrayBuffer())).toEqual(whole);
    expect([entry.crc, entry.size]).toEqual([crc32Update(0, whole), whole.length]);
  });
});
