/**
 * Writes the report zip: each entry deflated by the platform's own zlib (`CompressionStream`, in the
 * browser's native code, many times the speed of a deflater in JavaScript), its CRC-32 computed here, and
 * the headers written around it. An entry compressed once can go into the zip and elsewhere (the offline
 * viewer carries the recording as the same deflated bytes). Plain zip (no ZIP64): a report stays far
 * below 4 GB, and the reader refuses anything above a few hundred MB anyway.
 */
import { crc32Combine, crc32Update } from './crc32';
import { openEnded, storedBlocks } from './deflate-join';

export interface ZipEntry {
  name: string;
  /** 0: stored; 8: deflated. */
  method: 0 | 8;
  crc: number;
  /** Uncompressed size. */
  size: number;
  /** The bytes as they go into the zip (deflated when `method` is 8). */
  body: Blob;
}

const DEFLATE_CHUNK = 4 << 20;

/** Raw DEFLATE of `bytes`, as zip entries hold it. */
export async function deflateRaw(bytes: Uint8Array): Promise<Blob> {
  const stream = new CompressionStream('deflate-raw');
  const writer = stream.writable.getWriter();
  const out = new Response(stream.readable).blob();
  for (let at = 0; at < bytes.length; at += DEFLATE_CHUNK)
    await writer.write(bytes.subarray(at, at + DEFLATE_CHUNK) as Uint8Array<ArrayBuffer>);
  await writer.close();
  return out;
}

/** An entry of `bytes`, deflated unless `compress` is false (PNG is deflated already). */
export async function zipEntry(name: string, bytes: Uint8Array, compress = true): Promise<ZipEntry> {
  const crc = crc32Update(0, bytes);
  if (!compress) return { name, method: 0, crc, size: bytes.length, body: new Blob([bytes as BlobPart]) };
  return { name, method: 8, crc, size: bytes.length, body: await deflateRaw(bytes) };
}

/** The start of an entry whose end is not known yet: deflated now and left open (see `deflate-join.ts`). */
export interface OpenPart {
  crc: number;
  size: number;
  body: Uint8Array;
}

export async function openPart(bytes: Uint8Array): Promise<OpenPart> {
  const deflated = new Uint8Array(await (await deflateRaw(bytes)).arrayBuffer());
  return { crc: crc32Update(0, bytes), size: bytes.length, body: openEnded(deflated) };
}

/** `bytes` as an open part of stored blocks (the entry's last when `final`): for the few bytes around a large part. */
export function storedPart(bytes: Uint8Array, final = false): OpenPart {
  return { crc: crc32Update(0, bytes), size: bytes.length, body: storedBlocks(bytes, final) };
}

/** The CRC-32 and length of parts one after the other. */
export function partsChecksum(parts: readonly { crc: number; size: number }[]): { crc: number; size: number } {
  let crc = 0;
  let size = 0;
  for (const part of parts) {
    crc = crc32Combine(crc, part.crc, part.size);
    size += part.size;
  }
  return { crc, size };
}

/** Byte arrays one after the other, in one. */
export function concatBytes(parts: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}

/** Open parts one after the other, as one. */
export function joinParts(parts: readonly OpenPart[]): OpenPart {
  return { ...partsChecksum(parts), body: concatBytes(parts.map((part) => part.body)) };
}

/** A deflated entry of `start` followed by `rest`, which is deflated now. */
export async function finishEntry(name: string, start: OpenPart, rest: Uint8Array): Promise<ZipEntry> {
  return {
    name,
    method: 8,
    crc: crc32Update(start.crc, rest),
    size: start.size + rest.length,
    body: new Blob([start.body as BlobPart, await deflateRaw(rest)]),
  };
}

const utf8 = new TextEncoder();

/** Date and time in the MS-DOS form zip headers use (local time, two-second steps, from 1980). */
export function dosDateTime(date: Date): { time: number; date: number } {
  const year = Math.min(Math.max(date.getFullYear(), 1980), 2107);
  return {
    time: (date.getHours() << 11) | (date.getMinutes() << 5) | (date.getSeconds() >> 1),
    date: ((year - 1980) << 9) | ((date.getMonth() + 1) << 5) | date.getDate(),
  };
}

/**
 * The fields a local header and its central-directory record share, in the same order (version needed,
 * flags, method, time, date, CRC, both sizes, name length), written from `at`.
 */
function writeSharedFields(
  view: DataView,
  at: number,
  entry: ZipEntry,
  flags: number,
  time: number,
  date: number,
  nameLength: number,
): void {
  view.setUint16(at, 20, true);
  view.setUint16(at + 2, flags, true);
  view.setUint16(at + 4, entry.method, true);
  view.setUint16(at + 6, time, true);
  view.setUint16(at + 8, date, true);
  view.setUint32(at + 10, entry.crc, true);
  view.setUint32(at + 14, entry.body.size, true);
  view.setUint32(at + 18, entry.size, true);
  view.setUint16(at + 22, nameLength, true);
}

/** The zip of `entries`, in order, dated `at`. */
export function writeZip(entries: ZipEntry[], at: Date = new Date()): Blob {
  const { time, date } = dosDateTime(at);
  const parts: BlobPart[] = [];
  const central: Uint8Array[] = [];
  let offset = 0;
  for (const entry of entries) {
    const name = utf8.encode(entry.name);
    // Bit 11: the name is UTF-8.
    const flags = /^[\x20-\x7e]*$/.test(entry.name) ? 0 : 0x0800;
    // Extra field length (local), and in the central record also comment, disk number and attributes: none.
    const local = new DataView(new ArrayBuffer(30 + name.length));
    local.setUint32(0, 0x04034b50, true);
    writeSharedFields(local, 4, entry, flags, time, date, name.length);
    new Uint8Array(local.buffer).set(name, 30);
    parts.push(local.buffer, entry.body);

    const record = new DataView(new ArrayBuffer(46 + name.length));
    record.setUint32(0, 0x02014b50, true);
    // Version made by.
    record.setUint16(4, 20, true);
    writeSharedFields(record, 6, entry, flags, time, date, name.length);
    record.setUint32(42, offset, true);
    new Uint8Array(record.buffer).set(name, 46);
    central.push(new Uint8Array(record.buffer));
    offset += local.byteLength + entry.body.size;
  }
  const centralSize = central.reduce((n, c) => n + c.length, 0);
  if (offset + centralSize > 0xffffffff || entries.length > 0xffff) throw new Error('The report is too large for a zip file.');
  const end = new DataView(new ArrayBuffer(22));
  end.setUint32(0, 0x06054b50, true);
  end.setUint16(8, entries.length, true);
  end.setUint16(10, entries.length, true);
  end.setUint32(12, centralSize, true);
  end.setUint32(16, offset, true);
  return new Blob([...parts, ...(central as BlobPart[]), end.buffer], { type: 'application/zip' });
}
