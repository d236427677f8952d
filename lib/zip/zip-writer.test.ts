import JSZip from 'jszip';
import { describe, expect, it } from 'vitest';
import { crc32Update } from './crc32';
import { deflateRaw, dosDateTime, finishEntry, openPart, writeZip, zipEntry } from './zip-writer';

const text = (s: string) => new TextEncoder().encode(s);

async function inflateRaw(blob: Blob): Promise<string> {
  return new Response(blob.stream().pipeThrough(new DecompressionStream('deflate-raw'))).text();
}

describe('zip writer', () => {
  it('writes a zip that a standard reader opens, CRCs checked, deflated and stored entries alike', async () => {
    const big = JSON.stringify(
      Array.from({ length: 20_000 }, (_, i) => ({ type: 3, timestamp: i, data: { texts: [{ id: i, value: `row ${i}` }] } })),
    );
    const entries = [
      await zipEntry('report.json', text('{"title":"Total shows undefined"}')),
      await zipEntry('recording.json', text(big)),
      await zipEntry('screenshot.png', Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 1, 2, 3]), false),
      await zipEntry('empty.txt', new Uint8Array(0)),
    ];
    const blob = writeZip(entries, new Date(2026, 11, 2, 9, 30, 14));
    const zip = await JSZip.loadAsync(await blob.arrayBuffer(), { checkCRC32: true });
    expect(Object.keys(zip.files)).toEqual(['report.json', 'recording.json', 'screenshot.png', 'empty.txt']);
    expect(await zip.file('report.json')!.async('string')).toBe('{"title":"Total shows undefined"}');
    expect(await zip.file('recording.json')!.async('string')).toBe(big);
    expect(Array.from(await zip.file('screenshot.png')!.async('uint8array'))).toEqual([0x89, 0x50, 0x4e, 0x47, 1, 2, 3]);
    expect(await zip.file('empty.txt')!.async('string')).toBe('');
    expect(zip.file('report.json')!.date.getFullYear()).toBe(2026);
    // The big JSON is deflated, the PNG stored.
    expect(entries[1]!.method).toBe(8);
    expect(entries[1]!.body.size).toBeLessThan(big.length / 4);
    expect(entries[2]).toMatchObject({ method: 0, size: 7 });
  });

  it('an entry deflated once is the same bytes a reader inflates, so they can be reused', async () => {
    const bytes = text('hello '.repeat(1000));
    const entry = await zipEntry('a.txt', bytes);
    expect(await inflateRaw(entry.body)).toBe('hello '.repeat(1000));
    expect(entry.crc).toBe(crc32Update(0, bytes));
    expect(await inflateRaw(await deflateRaw(new Uint8Array(0)))).toBe('');
  });

  it('an entry started ahead of time and finished later is one whole file to a standard reader', async () => {
    const start = text(`<html><script type="application/json">${'QUJD'.repeat(50_000)}</script>`);
    const begun = await openPart(start);
    const rest = text('<title>Written later</title></html>');
    const zip = await JSZip.loadAsync(await writeZip([await finishEntry('viewer.html', begun, rest)]).arrayBuffer(), { checkCRC32: true });
    expect(await zip.file('viewer.html')!.async('string')).toBe(new TextDecoder().decode(start) + '<title>Written later</title></html>');
  });

  it('marks names that are not plain ASCII as UTF-8', async () => {
    const zip = await JSZip.loadAsync(await writeZip([await zipEntry('café.txt', text('x'))]).arrayBuffer());
    expect(Object.keys(zip.files)).toEqual(['café.txt']);
  });

  it('dates in the MS-DOS form, clamped to what it can hold', () => {
    expect(dosDateTime(new Date(2026, 11, 2, 9, 30, 14))).toEqual({ time: (9 << 11) | (30 << 5) | 7, date: (46 << 9) | (12 << 5) | 2 });
    expect(dosDateTime(new Date(1970, 0, 1)).date >> 9).toBe(0);
  });
});
