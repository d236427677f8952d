import JSZip from 'jszip';
import { expect, it } from 'vitest';
import { packEvents, recordingEntry } from './recording-entry';
import { writeZip } from './zip-writer';

const event = (i: number) =>
  JSON.stringify({ type: 3, timestamp: 1_700_000_000_000 + i, data: { source: 0, texts: [{ id: i, value: `row ${i} é` }] } });

async function unzipped(pieces: Parameters<typeof recordingEntry>[1]): Promise<string> {
  const zip = await JSZip.loadAsync(await writeZip([await recordingEntry('recording.json', pieces)]).arrayBuffer(), { checkCRC32: true });
  return zip.file('recording.json')!.async('string');
}

it('joins events packed when stored with events packed now into one JSON array, CRC checked', async () => {
  const all = Array.from({ length: 3_000 }, (_, i) => event(i));
  const text = await unzipped([
    { packed: await packEvents(all.slice(0, 1_000)) },
    { events: all.slice(1_000, 1_001) },
    { packed: await packEvents(all.slice(1_001, 2_500)) },
    { events: all.slice(2_500) },
  ]);
  expect(text).toBe(`[${all.join(',')}]`);
  expect(JSON.parse(text)).toHaveLength(3_000);
});

it('writes an empty array for no events, and skips empty pieces without doubling commas', async () => {
  expect(await unzipped([])).toBe('[]');
  expect(await unzipped([{ events: [] }, { events: [event(1)] }, { events: [] }, { packed: await packEvents([event(2)]) }])).toBe(
    `[${event(1)},${event(2)}]`,
  );
});
