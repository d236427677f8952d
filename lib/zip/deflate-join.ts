/**
 * Joins raw DEFLATE streams into one. A zip entry holds one stream, and the browser's deflater only
 * writes whole ones: its last block is marked final, and it ends wherever that block's last code ends,
 * not on a byte. `openEnded` walks a stream's blocks to find that mark, clears it, and closes the stream
 * with an empty stored block, which ends on a byte (what zlib's sync flush writes). Another stream can
 * then follow it directly; the last one of a joined run stays as the deflater wrote it.
 *
 * This lets the big part of a file be deflated ahead of time and the small part that changes be
 * deflated when needed (the report's `viewer.html`). Back-references never reach across a join, so each
 * part compresses alone; with a 32 KB window that costs next to nothing on parts of a few hundred KB.
 *
 * The walk decodes every code of the stream (RFC 1951) but writes no output. Ours because no library
 * joins streams deflated apart; pako's sync flush would, but it deflates in JavaScript, a third as fast.
 */

class BitReader {
  /** Bit position of the next unread bit. */
  pos = 0;

  constructor(private readonly bytes: Uint8Array) {}

  /** The next `n` bits (n ≤ 16), least significant first, without consuming them; zeros past the end. */
  peek(n: number): number {
    const at = this.pos >>> 3;
    const b = this.bytes;
    const word = (b[at] ?? 0) | ((b[at + 1] ?? 0) << 8) | ((b[at + 2] ?? 0) << 16);
    return (word >>> (this.pos & 7)) & ((1 << n) - 1);
  }

  take(n: number): number {
    const value = this.peek(n);
    this.pos += n;
    return value;
  }

  get bitLength(): number {
    return this.bytes.length * 8;
  }
}

/** A canonical Huffman code as a lookup table indexed by the next `bits` bits: symbol << 4 | code length. */
interface Decoder {
  table: Int32Array;
  bits: number;
}

function decoder(lengths: ArrayLike<number>): Decoder {
  let bits = 0;
  for (let i = 0; i < lengths.length; i++) bits = Math.max(bits, lengths[i]!);
  if (bits === 0) return { table: new Int32Array(1), bits: 0 };
  const counts = new Uint16Array(16);
  for (let i = 0; i < lengths.length; i++) counts[lengths[i]!]!++;
  counts[0] = 0;
  const next = new Uint16Array(16);
  for (let len = 1, code = 0; len <= 15; len++) {
    code = (code + counts[len - 1]!) << 1;
    next[len] = code;
  }
  const table = new Int32Array(1 << bits);
  for (let symbol = 0; symbol < lengths.length; symbol++) {
    const len = lengths[symbol]!;
    if (!len) continue;
    const code = next[len]!++;
    if (code >= 1 << len) throw new Error('invalid DEFLATE data: over-subscribed Huffman code');
    let reversed = 0;
    for (let i = 0; i < len; i++) reversed |= ((code >>> i) & 1) << (len - 1 - i);
    for (let i = reversed; i < table.length; i += 1 << len) table[i] = (symbol << 4) | len;
  }
  return { table, bits };
}

function decode(reader: BitReader, d: Decoder): number {
  const entry = d.table[reader.peek(d.bits)]!;
  if (entry === 0) throw new Error('invalid DEFLATE data: unknown Huffman code');
  reader.pos += entry & 15;
  return entry >>> 4;
}

/** Extra bits of length symbols 257–285, and of distance symbols 0–29. */
const LENGTH_EXTRA = [0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0];
const distanceExtra = (symbol: number) => (symbol < 4 ? 0 : (symbol >>> 1) - 1);

let fixedCodes: { literals: Decoder; distances: Decoder } | null = null;

function fixed(): { literals: Decoder; distances: Decoder } {
  if (!fixedCodes) {
    const lengths = new Uint8Array(288);
    lengths.fill(8, 0, 144);
    lengths.fill(9, 144, 256);
    lengths.fill(7, 256, 280);
    lengths.fill(8, 280, 288);
    fixedCodes = { literals: decoder(lengths), distances: decoder(new Uint8Array(30).fill(5)) };
  }
  return fixedCodes;
}

/** Order in which a dynamic block lists the code lengths of its code-length code. */
const CODE_LENGTH_ORDER = [16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15];

function dynamic(reader: BitReader): { literals: Decoder; distances: Decoder } {
  const literalCount = reader.take(5) + 257;
  const distanceCount = reader.take(5) + 1;
  const codeLengthCount = reader.take(4) + 4;
  const codeLengths = new Uint8Array(19);
  for (let i = 0; i < codeLengthCount; i++) codeLengths[CODE_LENGTH_ORDER[i]!] = reader.take(3);
  const lengthCode = decoder(codeLengths);
  const lengths = new Uint8Array(literalCount + distanceCount);
  for (let i = 0; i < lengths.length;) {
    const symbol = decode(reader, lengthCode);
    if (symbol < 16) {
      lengths[i++] = symbol;
      continue;
    }
    let repeat: number;
    let value = 0;
    if (symbol === 16) {
      if (i === 0) throw new Error('invalid DEFLATE data: a repeat with nothing before it');
      value = lengths[i - 1]!;
      repeat = 3 + reader.take(2);
    } else if (symbol === 17) repeat = 3 + reader.take(3);
    else repeat = 11 + reader.take(7);
    if (i + repeat > lengths.length) throw new Error('invalid DEFLATE data: code lengths overrun');
    lengths.fill(value, i, i + repeat);
    i += repeat;
  }
  return { literals: decoder(lengths.subarray(0, literalCount)), distances: decoder(lengths.subarray(literalCount)) };
}

/** Skips a Huffman-coded block's codes up to and including its end-of-block code. */
function skipCodes(reader: BitReader, codes: { literals: Decoder; distances: Decoder }): void {
  const end = reader.bitLength;
  for (;;) {
    if (reader.pos > end) throw new Error('invalid DEFLATE data: the stream ends inside a block');
    const symbol = decode(reader, codes.literals);
    if (symbol < 256) continue;
    if (symbol === 256) return;
    if (symbol > 285) throw new Error('invalid DEFLATE data: bad length code');
    reader.pos += LENGTH_EXTRA[symbol - 257]!;
    const distance = decode(reader, codes.distances);
    if (distance > 29) throw new Error('invalid DEFLATE data: bad distance code');
    reader.pos += distanceExtra(distance);
  }
}

/** Bit positions in a raw DEFLATE stream: its final block's BFINAL bit, and just past that block. */
export function finalBlock(bytes: Uint8Array): { finalBit: number; endBit: number } {
  const reader = new BitReader(bytes);
  for (;;) {
    if (reader.pos + 3 > reader.bitLength) throw new Error('invalid DEFLATE data: no final block');
    const headerBit = reader.pos;
    const final = reader.take(1);
    const type = reader.take(2);
    if (type === 0) {
      reader.pos = (reader.pos + 7) & ~7;
      const at = reader.pos >>> 3;
      const length = (bytes[at] ?? 0) | ((bytes[at + 1] ?? 0) << 8);
      const check = (bytes[at + 2] ?? 0) | ((bytes[at + 3] ?? 0) << 8);
      if ((length ^ 0xffff) !== check) throw new Error('invalid DEFLATE data: bad stored block length');
      reader.pos += (4 + length) * 8;
      if (reader.pos > reader.bitLength) throw new Error('invalid DEFLATE data: the stream ends inside a block');
    } else if (type === 1) skipCodes(reader, fixed());
    else if (type === 2) skipCodes(reader, dynamic(reader));
    else throw new Error('invalid DEFLATE data: reserved block type');
    if (reader.pos > reader.bitLength) throw new Error('invalid DEFLATE data: the stream ends inside a block');
    if (final) return { finalBit: headerBit, endBit: reader.pos };
  }
}

/**
 * `bytes` (one raw DEFLATE stream) with its final block made non-final and an empty stored block after
 * it: the same data, ending on a byte, so another stream can follow.
 */
export function openEnded(bytes: Uint8Array): Uint8Array {
  const { finalBit, endBit } = finalBlock(bytes);
  // The empty stored block: three header bits (not final, type 0), padding to the byte, LEN 0, NLEN ~0.
  const headerEnd = endBit + 3;
  const padded = (headerEnd + 7) >>> 3;
  const out = new Uint8Array(padded + 4);
  out.set(bytes.subarray(0, Math.min(bytes.length, padded)));
  out[finalBit >>> 3]! &= ~(1 << (finalBit & 7));
  // Whatever followed the last code in its byte becomes the new block's header and padding: zeros.
  if (endBit & 7) out[endBit >>> 3]! &= (1 << (endBit & 7)) - 1;
  for (let i = (endBit + 7) >>> 3; i < padded; i++) out[i] = 0;
  out.set([0x00, 0x00, 0xff, 0xff], padded);
  return out;
}

/** `bytes` as raw DEFLATE stored blocks (uncompressed), the last one final if asked: they start and end on a byte. */
export function storedBlocks(bytes: Uint8Array, final: boolean): Uint8Array {
  const MAX = 0xffff;
  const count = Math.max(1, Math.ceil(bytes.length / MAX));
  const out = new Uint8Array(bytes.length + count * 5);
  let o = 0;
  for (let i = 0; i < count; i++) {
    const piece = bytes.subarray(i * MAX, (i + 1) * MAX);
    out[o] = final && i === count - 1 ? 1 : 0;
    out[o + 1] = piece.length & 0xff;
    out[o + 2] = piece.length >>> 8;
    out[o + 3] = ~piece.length & 0xff;
    out[o + 4] = (~piece.length >>> 8) & 0xff;
    out.set(piece, o + 5);
    o += 5 + piece.length;
  }
  return out;
}
