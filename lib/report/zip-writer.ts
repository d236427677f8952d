/**
 * Writes the report zip: each entry deflated by the platform's own zlib (`CompressionStream`, in the
 * browser's native code, many times the speed of a deflater in JavaScript), its CRC-32 computed here, and
 * the headers written around it. An entry compressed once can go into the zip and elsewhere (the offline
 * viewer carries the recording as the same deflated bytes). Plain zip (no ZIP64): a report stays far
 * below 4 GB, and the reader refuses anything above a few hundred MB anyway.
 */
import { crc32Update } from './crc32';

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
  for (let at = 0; at < bytes.length; at += DEFLATE_CHUNK) await writer.write(bytes.subarray(at, at + DEFLATE_CHUNK) as Uint8Array<ArrayBuffer>);
  await writer.close();
  return out;
}

/** An entry of `bytes`, deflated unless `compress` is false (PNG is deflated already). */
export async function zipEntry(name: string, bytes: Uint8Array, compress = true): Promise<ZipEntry> {
  const crc = crc32Update(0, bytes);
  if (!compress) return { name, method: 0, crc, size: bytes.length, body: new Blob([bytes as BlobPart]) };
  return { name, method: 8, crc, size: bytes.length, body: await deflateRaw(bytes) };
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
    const compressed = entry.body.size;
    const local = new DataView(new ArrayBuffer(30 + name.length));
    local.setUint32(0, 0x04034b50, true);
    local.setUint16(4, 20, true);
    local.setUint16(6, flags, true);
    local.setUint16(8, entry.method, true);
    local.setUint16(10, time, true);
    local.setUint16(12, date, true);
    local.setUint32(14, entry.crc, true);
    local.setUint32(18, compressed, true);
    local.setUint32(22, entry.size, true);
    local.setUint16(26, name.length, true);
    local.setUint16(28, 0, true);
    new Uint8Array(local.buffer).set(name, 30);
    parts.push(local.buffer, entry.body);

    const record = new DataView(new ArrayBuffer(46 + name.length));
    record.setUint32(0, 0x02014b50, true);
    record.setUint16(4, 20, true);
    record.setUint16(6, 20, true);
    record.setUint16(8, flags, true);
    record.setUint16(10, entry.method, true);
    record.setUint16(12, time, true);
    record.setUint16(14, date, true);
    record.setUint32(16, entry.crc, true);
    record.setUint32(20, compressed, true);
    record.setUint32(24, entry.size, true);
    record.setUint16(28, name.length, true);
    // Extra field, comment, disk number, internal and external attributes: none.
    record.setUint32(42, offset, true);
    new Uint8Array(record.buffer).set(name, 46);
    central.push(new Uint8Array(record.buffer));
    offset += local.byteLength + compressed;
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
