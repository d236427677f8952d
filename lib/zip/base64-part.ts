/**
 * Base64 text as an open DEFLATE part (see `deflate-join.ts`), coded without the browser's deflater.
 *
 * `viewer.html` holds the deflated recording again as base64. Base64 of deflated data has no repeats
 * for a deflater to find: all it can gain is coding each of the 64 characters in about 6 bits instead
 * of 8, which a deflater does only after searching every position for matches in vain (and the part
 * must then be walked to be left open). This writes that coding directly: one block with a code of
 * its own (RFC 1951, 3.2.7) in which each base64 character takes 6 or 7 bits, then the empty stored
 * block that leaves the stream open. Same size as the deflater's, in a fraction of the time.
 */
import { crc32Update } from './crc32';
import type { OpenPart } from './zip-writer';

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/=';
const END_OF_BLOCK = 256;
/** Seven bits for these (and the end of the block), six for the other 62: a complete code. */
const LONGER = new Set(['+', '/', '=']);

/** Code lengths of the literal/length alphabet (0–256) and the one, unused, distance code. */
function codeLengths(): Uint8Array {
  const lengths = new Uint8Array(257 + 1);
  for (const c of ALPHABET) lengths[c.charCodeAt(0)] = LONGER.has(c) ? 7 : 6;
  lengths[END_OF_BLOCK] = 7;
  return lengths;
}

/** Canonical codes of `lengths` (RFC 1951, 3.2.2), bit-reversed, as the stream sends them first bit first. */
function canonicalCodes(lengths: ArrayLike<number>): Uint16Array {
  const counts = new Uint16Array(16);
  for (let i = 0; i < lengths.length; i++) if (lengths[i]) counts[lengths[i]!]!++;
  const next = new Uint16Array(16);
  for (let len = 1, code = 0; len < 16; len++) {
    code = (code + counts[len - 1]!) << 1;
    next[len] = code;
  }
  const codes = new Uint16Array(lengths.length);
  for (let symbol = 0; symbol < lengths.length; symbol++) {
    const len = lengths[symbol]!;
    if (!len) continue;
    const code = next[len]!++;
    let reversed = 0;
    for (let i = 0; i < len; i++) reversed |= ((code >>> i) & 1) << (len - 1 - i);
    codes[symbol] = reversed;
  }
  return codes;
}

/** Code lengths of the code-length alphabet: 6 in one bit, 0, 7, 17 and 18 in three (complete). */
const LENGTH_CODE_LENGTHS = (() => {
  const lengths = new Uint8Array(19);
  lengths[6] = 1;
  for (const symbol of [0, 7, 17, 18]) lengths[symbol] = 3;
  return lengths;
})();
/** The order code-length code lengths are sent in (RFC 1951, 3.2.7). */
const CODE_LENGTH_ORDER = [16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15];
/** Sent up to symbol 6, the eighth in that order. */
const LENGTH_CODES_SENT = 8;

class BitWriter {
  private bits = 0;
  private count = 0;
  private at = 0;

  constructor(readonly out: Uint8Array) {}

  /** The low `n` bits of `value` (n ≤ 16), least significant first. */
  write(value: number, n: number): void {
    this.bits |= value << this.count;
    this.count += n;
    while (this.count >= 8) {
      this.out[this.at++] = this.bits & 0xff;
      this.bits >>>= 8;
      this.count -= 8;
    }
  }

  /** Pads to the byte with zeros; the bytes written. */
  align(): number {
    if (this.count > 0) this.write(0, 8 - this.count);
    return this.at;
  }
}

/** The block's header: its type and the code, the lengths run-length coded (RFC 1951, 3.2.7). */
function writeHeader(w: BitWriter, lengths: Uint8Array): void {
  const lengthCodes = canonicalCodes(LENGTH_CODE_LENGTHS);
  const send = (symbol: number) => w.write(lengthCodes[symbol]!, LENGTH_CODE_LENGTHS[symbol]!);
  w.write(0, 1); // not the final block
  w.write(2, 2); // a code of its own
  w.write(257 - 257, 5); // literal/length codes: 0–256
  w.write(1 - 1, 5); // one distance code, unused (length 0): the data is all literals
  w.write(LENGTH_CODES_SENT - 4, 4);
  for (let i = 0; i < LENGTH_CODES_SENT; i++) w.write(LENGTH_CODE_LENGTHS[CODE_LENGTH_ORDER[i]!]!, 3);
  for (let i = 0; i < lengths.length;) {
    if (lengths[i] !== 0) {
      send(lengths[i++]!);
      continue;
    }
    let run = 1;
    while (i + run < lengths.length && lengths[i + run] === 0) run++;
    if (run >= 11) {
      run = Math.min(run, 138);
      send(18);
      w.write(run - 11, 7);
    } else if (run >= 3) {
      send(17);
      w.write(run - 3, 3);
    } else {
      run = 1;
      send(0);
    }
    i += run;
  }
}

/**
 * `text` (base64: `A–Z a–z 0–9 + / =` only) as an open part. Throws on any other character, so a
 * caller can fall back to the deflater.
 */
export function base64Part(text: Uint8Array): OpenPart {
  const lengths = codeLengths();
  const codes = canonicalCodes(lengths);
  // Each byte's code and its length (0: not base64).
  const code = new Uint16Array(256);
  const size = new Uint8Array(256);
  for (const c of ALPHABET) {
    const b = c.charCodeAt(0);
    code[b] = codes[b]!;
    size[b] = lengths[b]!;
  }
  // At most 7 bits a character, the header, the end of the block and the stored block after it.
  const w = new BitWriter(new Uint8Array(Math.ceil((text.length * 7) / 8) + 128));
  writeHeader(w, lengths);
  for (let i = 0; i < text.length; i++) {
    const b = text[i]!;
    const n = size[b]!;
    if (n === 0) throw new Error(`not base64: byte ${b} at ${i}`);
    w.write(code[b]!, n);
  }
  w.write(codes[END_OF_BLOCK]!, lengths[END_OF_BLOCK]!);
  // An empty stored block, not final: the stream ends on a byte and stays open.
  w.write(0, 3);
  const end = w.align();
  w.out.set([0x00, 0x00, 0xff, 0xff], end);
  return { crc: crc32Update(0, text), size: text.length, body: w.out.slice(0, end + 4) };
}
