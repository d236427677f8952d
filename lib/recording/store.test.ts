// @vitest-environment node
// Node's own Blob, which IndexedDB (fake-indexeddb here) can store and give back: happy-dom's cannot be cloned.
import { beforeEach, describe, expect, it } from 'vitest';
import type { MessageData } from '../messaging/define';
import type { RecordingProtocol } from './messages';
import {
  appendBatch,
  captureDb,
  clearAll,
  clearTab,
  getTabRow,
  PACK_MAX_CHARS,
  packRuns,
  readOpenSegment,
  setRepro,
  STEP_SHARE,
  tabSummary,
} from './capture-db';
import { ChunkCache, readCapture } from './store';
import { packEvents, recordingEntry } from '../zip/recording-entry';

/** `recording.json` as a report joins it from the pieces read. */
async function recordingText(pieces: Parameters<typeof recordingEntry>[1]): Promise<string> {
  const entry = await recordingEntry('recording.json', pieces);
  return new Response(entry.body.stream().pipeThrough(new DecompressionStream('deflate-raw'))).text();
}

type Batch = MessageData<RecordingProtocol, 'recording:batch'>;
const zero = { pageErrors: 0, forged: 0, dropped: 0 };

function batch(pageId: string, events: { t: number; type: number; text?: string }[], over: Partial<Batch> = {}): Batch {
  return {
    pageId,
    url: `https://site.test/${pageId}`,
    title: pageId,
    events: events.map((e) => ({
      t: e.t,
      type: e.type,
      json: JSON.stringify({ type: e.type, timestamp: e.t, data: { text: e.text ?? '' } }),
    })),
    console: [],
    steps: [],
    gaps: [],
    custom: {},
    diagnostics: zero,
    ...over,
  };
}
const checkout = (t: number, text = '') => [
  { t, type: 4 },
  { t, type: 2, text },
];
const policy = (now: number, windowMs = 60_000, maxBytes = 1e9) => ({ now, windowMs, maxBytes });

beforeEach(async () => {
  await clearAll();
});

describe('capture store', () => {
  it('reads back a two-page session in time order, starting with a full snapshot', async () => {
    await appendBatch(
      1,
      batch('a', [...checkout(1000, 'page a'), { t: 1100, type: 3 }], {
        console: [{ level: 'error', time: 900, message: 'boom', args: ['boom'], source: 'error' }],
      }),
      policy(1200),
    );
    await appendBatch(
      1,
      batch('a', [{ t: 1500, type: 3 }], { steps: [{ time: 1500, kind: 'click', text: 'Click "Next"' }] }),
      policy(1600),
    );
    await appendBatch(1, batch('b', [...checkout(2000, 'page b'), { t: 2100, type: 3 }], { custom: { build: '7' } }), policy(2200));
    const session = await readCapture(1);
    expect(session.mode).toBe('rolling');
    expect(session.events.map((e) => (e as { timestamp: number }).timestamp)).toEqual([1000, 1000, 1100, 1500, 2000, 2000, 2100]);
    expect((session.events[0] as { type: number }).type).toBe(4);
    expect((session.events[1] as { type: number }).type).toBe(2);
    expect(session.pages.map((p) => [p.url, p.startedAt])).toEqual([
      ['https://site.test/a', 1000],
      ['https://site.test/b', 2000],
    ]);
    // A page's first console lines come before rrweb's first snapshot and are kept.
    expect(session.console.map((c) => c.message)).toEqual(['boom']);
    expect(session.steps.map((s) => s.text)).toEqual(['Click "Next"']);
    expect(session.custom).toEqual({ build: '7' });
    expect(await tabSummary(1)).toMatchObject({ events: 7, consoleErrors: 1, windowStart: 1000, windowEnd: 2100 });
  });

  it('keeps tabs apart', async () => {
    await appendBatch(1, batch('a', checkout(1000)), policy(1000));
    await appendBatch(2, batch('b', checkout(1000)), policy(1000));
    expect((await readCapture(1)).pages.map((p) => p.url)).toEqual(['https://site.test/a']);
    expect((await readCapture(2)).pages.map((p) => p.url)).toEqual(['https://site.test/b']);
    expect(await readCapture(3)).toMatchObject({ events: [], pages: [] });
  });

  it('evicts whole old segments, their chunks and the logs before them', async () => {
    await appendBatch(
      1,
      batch('a', [...checkout(0, 'old'), { t: 10, type: 3 }], {
        console: [{ level: 'error', time: 5, message: 'old error', args: [] }],
      }),
      policy(10),
    );
    await appendBatch(1, batch('a', checkout(30_000, 'mid')), policy(30_000));
    await appendBatch(
      1,
      batch('a', checkout(100_000, 'new'), { console: [{ level: 'log', time: 100_000, message: 'new', args: [] }] }),
      policy(100_000),
    );
    const session = await readCapture(1);
    expect(session.events.map((e) => (e as { data: { text: string } }).data.text).filter(Boolean)).toEqual(['mid', 'new']);
    expect(session.console.map((c) => c.message)).toEqual(['new']);
    expect((await tabSummary(1)).consoleErrors).toBe(0);
  });

  it('drops events that arrive before any snapshot of their page', async () => {
    const result = await appendBatch(1, batch('a', [{ t: 1, type: 3 }]), policy(1));
    expect(result).toMatchObject({ stored: 0, dropped: 1 });
    expect((await readCapture(1)).events).toEqual([]);
  });

  it("stores only the logs of a frame (its events are the top frame recorder's business)", async () => {
    await appendBatch(1, batch('top', checkout(0)), policy(0));
    await appendBatch(
      1,
      batch('frame', checkout(5), { console: [{ level: 'warn', time: 5, message: 'in frame', args: [] }] }),
      policy(5),
      false,
    );
    const session = await readCapture(1);
    expect(session.pages).toHaveLength(1);
    expect(session.console.map((c) => c.message)).toEqual(['in frame']);
  });

  it('a repro keeps everything from the checkout before its start, and ends where it was stopped', async () => {
    await appendBatch(1, batch('a', checkout(0, 'before')), policy(0));
    await appendBatch(1, batch('a', checkout(60_000, 'at start')), policy(60_000));
    await setRepro(1, { since: 90_000, until: null });
    for (let t = 120_000; t <= 600_000; t += 60_000)
      await appendBatch(1, batch('a', [...checkout(t, `t${t}`), { t: t + 1, type: 3 }]), policy(t + 1));
    let session = await readCapture(1);
    expect(session.mode).toBe('repro');
    const texts = () => session.events.map((e) => (e as { data: { text: string } }).data.text).filter(Boolean);
    expect(texts()[0]).toBe('at start');
    expect(texts()).toHaveLength(10);
    await setRepro(1, { since: 90_000, until: 200_000 });
    session = await readCapture(1);
    expect(texts()).toEqual(['at start', 't120000', 't180000']);
    // Raw, as the reporter reads it: the same events, packed as stored, cut at the same time, and counted.
    const raw = await readCapture(1, { raw: true });
    expect(raw.events).toEqual([]);
    expect(JSON.parse(await recordingText(raw.recording!))).toEqual(session.events);
    expect(raw.summary).toEqual({
      count: session.events.length,
      chars: session.events.reduce<number>((n, e) => n + JSON.stringify(e).length, 0),
      first: 60_000,
      last: 180_001,
    });
    // A stop inside a packed chunk: that chunk is not joined as packed, only the events kept go in.
    await setRepro(1, { since: 90_000, until: 180_000 });
    const cut = await readCapture(1, { raw: true });
    expect(cut.recording!.map((p) => ('packed' in p ? 'packed' : 'text'))).toEqual(['packed', 'packed', 'text']);
    expect(JSON.parse(await recordingText(cut.recording!))).toEqual((await readCapture(1)).events);
    expect([cut.summary!.count, cut.summary!.last]).toEqual([7, 180_000]);
  });

  it('packs each batch as it stores it, and a report joins those packs into the recording', async () => {
    await appendBatch(1, batch('a', [...checkout(1000, 'page a'), { t: 1100, type: 3, text: 'é' }]), policy(1200));
    await appendBatch(
      1,
      batch('a', [
        { t: 1500, type: 3 },
        { t: 1600, type: 3 },
      ]),
      policy(1600),
    );
    // A checkout inside a batch splits it over two segments: each part is packed on its own.
    await appendBatch(1, batch('a', [{ t: 1700, type: 3 }, ...checkout(1800, 'again')]), policy(1800));
    // Events before a page's first snapshot are dropped whole, run and pack alike.
    await appendBatch(
      1,
      batch('b', [
        { t: 1900, type: 3 },
        { t: 1901, type: 3 },
      ]),
      policy(1901),
    );
    await appendBatch(1, batch('b', [...checkout(2000, 'b')]), policy(2000));
    // A batch larger than what is packed at once is packed in runs, each stored as a chunk.
    const third = 'y'.repeat(PACK_MAX_CHARS / 3);
    await appendBatch(
      1,
      batch(
        'b',
        [2010, 2020, 2030, 2040].map((t) => ({ t, type: 3, text: third })),
      ),
      policy(2040),
    );
    // A snapshot larger than that alone is packed by the report; its Meta event is packed on its own.
    await appendBatch(1, batch('b', [...checkout(2100, 'x'.repeat(PACK_MAX_CHARS))]), policy(2100));
    const raw = await readCapture(1, { raw: true });
    expect(raw.recording!.map((p) => ('packed' in p ? 'packed' : 'text'))).toEqual([
      'packed',
      'packed',
      'packed',
      'packed',
      'packed',
      'packed',
      'packed',
      'packed',
      'text',
    ]);
    // Packs are stored as Blobs, which the store reads back as handles; the report joins them unread.
    for (const piece of raw.recording!) if ('packed' in piece) expect(piece.packed.body).toBeInstanceOf(Blob);
    const parsed = (await readCapture(1)).events;
    expect(JSON.parse(await recordingText(raw.recording!))).toEqual(parsed);
    expect(parsed).toHaveLength(16);
  });

  it('clearing a tab deletes all of it', async () => {
    await appendBatch(1, batch('a', checkout(0), { steps: [{ time: 0, kind: 'click', text: 'x' }] }), policy(0));
    await appendBatch(2, batch('b', checkout(0)), policy(0));
    await clearTab(1);
    expect(await readCapture(1)).toMatchObject({ events: [], steps: [] });
    expect((await getTabRow(1)).buffer.segments).toEqual([]);
    expect((await readCapture(2)).events).toHaveLength(2);
  });

  it('stays within its byte cap over a long run', async () => {
    for (let t = 0; t < 100; t++) {
      await appendBatch(1, batch('a', [...checkout(t * 1000, 'x'.repeat(1000))]), policy(t * 1000, 10 * 60_000, 5_000));
    }
    const summary = await tabSummary(1);
    expect(summary.bytes).toBeLessThanOrEqual(5_000);
    expect(summary.events).toBeGreaterThan(0);
    const session = await readCapture(1);
    expect((session.events[0] as { type: number }).type).toBe(4);
  });

  it('holds console entries to a quarter of the byte cap inside the window, oldest out first', async () => {
    const line = (t: number) => ({ level: 'log' as const, time: t, message: `line ${t} ${'x'.repeat(1000)}`, args: [] });
    await appendBatch(1, batch('a', checkout(0, 'start')), policy(0, 10 * 60_000, 40_000));
    for (let t = 1; t <= 200; t++) await appendBatch(1, batch('a', [], { console: [line(t)] }), policy(t, 10 * 60_000, 40_000));
    const kept = (await readCapture(1)).console;
    const chars = kept.reduce((n, e) => n + JSON.stringify(e).length, 0);
    expect(chars).toBeLessThanOrEqual(10_000);
    expect(kept.length).toBeGreaterThan(3);
    expect(kept.at(-1)!.time).toBe(200);
    expect(kept.map((e) => e.time)).toEqual([...kept.map((e) => e.time)].sort((a, b) => a - b));
  });

  it("stores a batch's console entries in one row, counts its errors in and out, and places each entry by its own time", async () => {
    const line = (t: number, level: 'log' | 'error' = 'log') => ({ level, time: t, message: `line ${t}`, args: [] });
    await appendBatch(1, batch('a', checkout(0, 'old')), policy(0));
    await appendBatch(1, batch('a', [], { console: [line(10, 'error'), line(20), line(30, 'error')] }), policy(30));
    const rows = await (await captureDb()).getAll('logs');
    expect(rows.map((r) => [r.kind, r.time])).toEqual([['console-batch', 30]]);
    expect((await getTabRow(1)).consoleErrors).toBe(2);
    expect((await getTabRow(1)).logBytes).toBe(JSON.stringify([line(10, 'error'), line(20), line(30, 'error')]).length);
    // A repro from a checkout at 90 s to 150 s: a batch straddling its end keeps the entries up to it.
    await appendBatch(1, batch('a', checkout(90_000, 'start')), policy(90_000));
    await setRepro(1, { since: 90_000, until: 150_000 });
    await appendBatch(1, batch('a', [], { console: [line(89_000), line(140_000), line(150_000), line(160_000)] }), policy(160_000));
    expect((await readCapture(1)).console.map((e) => e.time)).toEqual([140_000, 150_000]);
    // Once the repro is over, the window moves on: the batch of the first segment goes, its errors with it.
    await setRepro(1, null);
    await appendBatch(1, batch('a', checkout(200_000, 'new')), policy(200_000));
    expect((await getTabRow(1)).consoleErrors).toBe(0);
    expect((await readCapture(1)).console.map((e) => e.time)).toEqual([89_000, 140_000, 150_000, 160_000]);
  });

  it('counts each console line of a batch trimmed for room as dropped', async () => {
    const line = (t: number) => ({ level: 'log' as const, time: t, message: `line ${t} ${'x'.repeat(1000)}`, args: [] });
    await appendBatch(1, batch('a', checkout(0, 'start')), policy(0, 10 * 60_000, 10_000));
    const first = await appendBatch(1, batch('a', [], { console: [line(1), line(2)] }), policy(2, 10 * 60_000, 10_000));
    expect(first.dropped).toBe(0);
    // The quarter of the cap (2,500 characters) holds one batch of two lines: the older batch goes whole.
    const second = await appendBatch(1, batch('a', [], { console: [line(3), line(4)] }), policy(4, 10 * 60_000, 10_000));
    expect(second.dropped).toBe(2);
    expect((await readCapture(1)).console.map((e) => e.time)).toEqual([3, 4]);
  });

  it('still reads and evicts console rows of one entry each, as earlier versions stored them', async () => {
    await appendBatch(1, batch('a', checkout(0, 'old')), policy(0));
    const db = await captureDb();
    const entry = { level: 'error' as const, time: 5, message: 'stored before', args: [] };
    await db.add('logs', { tabId: 1, time: 5, kind: 'console', entry, bytes: JSON.stringify(entry).length });
    const row = await getTabRow(1);
    await db.put('tabs', { ...row, consoleErrors: 1, logBytes: JSON.stringify(entry).length });
    expect((await readCapture(1)).console.map((e) => e.message)).toEqual(['stored before']);
    await appendBatch(1, batch('a', checkout(30_000, 'mid')), policy(30_000));
    await appendBatch(1, batch('a', checkout(100_000, 'new')), policy(100_000));
    expect((await readCapture(1)).console).toEqual([]);
    expect(await getTabRow(1)).toMatchObject({ consoleErrors: 0, logBytes: 0 });
  });

  it('holds steps and gaps to their own share of the byte cap inside the window, oldest out first, apart from the console', async () => {
    const cap = 40_000;
    const step = (t: number) => ({
      time: t,
      kind: 'navigate' as const,
      text: `Go to /p${t}`,
      url: `https://site.test/p${t}?${'q'.repeat(300)}`,
    });
    const line = (t: number) => ({ level: 'error' as const, time: t, message: `line ${t}`, args: [] });
    await appendBatch(1, batch('a', checkout(0, 'start')), policy(0, 10 * 60_000, cap));
    // A page that makes steps and gaps in bulk, 200 batches of them, and logs a little.
    for (let t = 1; t <= 200; t++) {
      const gaps = t % 10 === 0 ? [{ from: t, to: t, reason: `gap ${t} ${'r'.repeat(200)}` }] : [];
      await appendBatch(1, batch('a', [], { steps: [step(t)], gaps, console: t % 50 === 0 ? [line(t)] : [] }), policy(t, 10 * 60_000, cap));
    }
    const kept = await readCapture(1);
    const chars =
      kept.steps.reduce((n, s) => n + JSON.stringify(s).length, 0) + kept.gaps.reduce((n, g) => n + JSON.stringify(g).length, 0);
    expect(chars).toBeLessThanOrEqual(cap * STEP_SHARE);
    expect(kept.steps.length).toBeGreaterThan(3);
    expect(kept.steps.at(-1)!.time).toBe(200);
    expect(kept.steps.map((s) => s.time)).toEqual([...kept.steps.map((s) => s.time)].sort((a, b) => a - b));
    // The console lines are not what made room.
    expect(kept.console.map((e) => e.time)).toEqual([50, 100, 150, 200]);
    expect((await getTabRow(1)).stepBytes).toBe(chars);
  });

  it('counts steps and gaps out again when they leave the window', async () => {
    const step = (t: number) => ({ time: t, kind: 'click' as const, text: `Click ${t}` });
    await appendBatch(1, batch('a', checkout(0, 'old'), { steps: [step(0)], gaps: [{ from: 0, to: 1, reason: 'storm' }] }), policy(0));
    await appendBatch(1, batch('a', checkout(30_000, 'mid')), policy(30_000));
    await appendBatch(1, batch('a', checkout(100_000, 'new'), { steps: [step(100_000)] }), policy(100_000));
    expect((await readCapture(1)).steps.map((s) => s.time)).toEqual([100_000]);
    expect((await getTabRow(1)).stepBytes).toBe(JSON.stringify(step(100_000)).length);
  });

  it('keeps at most 50 metadata keys from the app, the latest', async () => {
    for (let i = 0; i < 60; i++) await appendBatch(1, batch('a', [], { custom: { [`k${i}`]: i } }), policy(i));
    const custom = (await readCapture(1)).custom;
    expect(Object.keys(custom)).toHaveLength(50);
    expect(custom.k59).toBe(59);
    expect(custom.k0).toBeUndefined();
  });
});

it('reads again after more was stored, from the chunks it read before and those stored since, as a whole read would', async () => {
  await appendBatch(
    1,
    batch('a', [
      { t: 1000, type: 4 },
      { t: 1001, type: 2, text: 'page a' },
    ]),
    policy(1000),
  );
  const cache = new ChunkCache();
  const early = await readCapture(1, { raw: true, cache });
  await appendBatch(1, batch('a', [{ t: 1100, type: 3 }]), policy(1100));
  const again = await readCapture(1, { raw: true, cache });
  expect(again.recording).toEqual((await readCapture(1, { raw: true })).recording);
  await appendBatch(1, batch('a', [{ t: 1200, type: 3 }]), policy(1200));
  await appendBatch(2, batch('x', checkout(1250, 'other tab')), policy(1250));
  await appendBatch(1, batch('a', [...checkout(1300, 'later'), { t: 1400, type: 3 }]), policy(1400));
  const late = await readCapture(1, { raw: true, cache });
  const whole = await readCapture(1, { raw: true });
  expect(late.summary).toEqual(whole.summary);
  expect(late.recording).toEqual(whole.recording);
  expect([early.summary!.count, again.summary!.count, late.summary!.count]).toEqual([2, 3, 7]);
});

it('reads chunks stored by an earlier version, with their text beside their pack', async () => {
  await appendBatch(1, batch('a', checkout(1000, 'new')), policy(1000));
  const segId = (await getTabRow(1)).buffer.segments[0]!.id;
  const texts = batch('a', [
    { t: 1100, type: 3, text: 'old 1' },
    { t: 1200, type: 3, text: 'old 2' },
  ]).events.map((e) => e.json);
  const db = await captureDb();
  await db.add('chunks', { tabId: 1, segId, events: texts, packed: await packEvents(texts) });
  const raw = await readCapture(1, { raw: true });
  expect(raw.recording!.map((p) => ('packed' in p ? 'packed' : 'text'))).toEqual(['packed', 'packed']);
  expect(JSON.parse(await recordingText(raw.recording!))).toEqual((await readCapture(1)).events);
  expect([raw.summary!.count, raw.summary!.last]).toEqual([4, 1200]);
  // Cut by a repro's end inside it: its events up to the end, as text.
  await setRepro(1, { since: 1000, until: 1150 });
  const cut = await readCapture(1, { raw: true });
  expect(cut.recording!.map((p) => ('packed' in p ? 'packed' : 'text'))).toEqual(['packed', 'text']);
  expect(JSON.parse(await recordingText(cut.recording!))).toEqual((await readCapture(1)).events);
  expect(cut.summary!.count).toBe(3);
});

it('gives back the open segment of a page as the texts its events were stored as, packed or not', async () => {
  const big = 'z'.repeat(PACK_MAX_CHARS);
  await appendBatch(1, batch('a', [...checkout(1000, 'first'), { t: 1100, type: 3 }]), policy(1100));
  await appendBatch(1, batch('a', [...checkout(2000, 'second'), { t: 2100, type: 3, text: big }]), policy(2100));
  await appendBatch(1, batch('a', [{ t: 2200, type: 3, text: 'é' }]), policy(2200));
  const stored = batch('a', [...checkout(2000, 'second'), { t: 2100, type: 3, text: big }, { t: 2200, type: 3, text: 'é' }]).events;
  const open = await readOpenSegment(1, 'a');
  expect(open?.start).toBe(2000);
  expect(open?.events).toEqual(stored.map((e) => e.json));
  expect(await readOpenSegment(1, 'b')).toBeNull();
});

it('splits a batch into runs where segments start (at each Meta event)', () => {
  expect(packRuns([])).toEqual([]);
  expect(packRuns([3, 3])).toEqual([[0, 2]]);
  expect(packRuns([4, 2, 3])).toEqual([[0, 3]]);
  expect(packRuns([3, 4, 2, 3, 4, 2])).toEqual([
    [0, 1],
    [1, 4],
    [4, 6],
  ]);
});

it('splits a run where its text would pass the most packed at once, leaving only a single event over it', () => {
  expect(packRuns([3, 3, 3, 3], [4, 4, 4, 4], 8)).toEqual([
    [0, 2],
    [2, 4],
  ]);
  expect(packRuns([3, 3, 3], [3, 20, 3], 8)).toEqual([
    [0, 1],
    [1, 2],
    [2, 3],
  ]);
  // A Meta still starts a run, however little came before it.
  expect(packRuns([3, 4, 2, 3], [1, 1, 1, 1], 8)).toEqual([
    [0, 1],
    [1, 4],
  ]);
  expect(packRuns([3, 3], [8, 0], 8)).toEqual([[0, 2]]);
});

describe('a stopped repro', () => {
  it('gives way to the rolling window once it has been kept long enough', async () => {
    await appendBatch(1, batch('a', checkout(0, 'repro')), policy(0));
    await setRepro(1, { since: 0, until: 1000 });
    // Within the keep time the repro stays whole, whatever the window.
    await appendBatch(1, batch('a', checkout(200_000, 'later')), policy(200_000));
    await appendBatch(1, batch('a', checkout(400_000, 'later 2')), policy(400_000));
    expect((await readCapture(1)).mode).toBe('repro');
    expect((await getTabRow(1)).buffer.segments[0]!.start).toBe(0);
    // After it, the tab is a rolling buffer again.
    await appendBatch(1, batch('a', checkout(1000 + 31 * 60_000, 'much later')), policy(1000 + 31 * 60_000));
    const session = await readCapture(1);
    expect(session.mode).toBe('rolling');
    expect(session.pages[0]!.startedAt).toBeGreaterThan(0);
  });
});

describe('opening the database', () => {
  it('rebuilds a database someone created without its stores', async () => {
    // Deleting it makes the open connection step aside (its versionchange handler closes it).
    await new Promise((resolve) => {
      const del = indexedDB.deleteDatabase('repro-capture');
      del.onsuccess = del.onerror = del.onblocked = resolve;
    });
    // An unversioned open creates an empty version 1, as an extension page reading too early would.
    await new Promise<void>((resolve) => {
      const req = indexedDB.open('repro-capture');
      req.onsuccess = () => {
        req.result.close();
        resolve();
      };
    });
    await appendBatch(1, batch('a', checkout(0)), policy(0));
    expect((await readCapture(1)).events).toHaveLength(2);
  });
});

describe('a page that never lets a snapshot be taken', () => {
  it('stays under its byte cap, marks the gap in the report, and closes it at the next snapshot', async () => {
    const maxBytes = 4000;
    const big = 'x'.repeat(300);
    await appendBatch(1, batch('a', checkout(1000, 'page a')), policy(1000, 60_000, maxBytes));
    let full = false;
    for (let i = 1; i <= 40; i++)
      full = (await appendBatch(1, batch('a', [{ t: 1000 + i * 100, type: 3, text: big }]), policy(1000 + i * 100, 60_000, maxBytes))).full;
    expect(full).toBe(true);
    expect((await tabSummary(1)).bytes).toBeLessThanOrEqual(maxBytes / 2);
    const open = await readCapture(1);
    expect(open.gaps).toEqual([expect.objectContaining({ kind: 'recording', to: null })]);
    // The next snapshot ends the gap, and what follows is stored again.
    const resumed = await appendBatch(1, batch('a', [...checkout(9000, 'again'), { t: 9100, type: 3 }]), policy(9100, 60_000, maxBytes));
    expect(resumed.full).toBe(false);
    const closed = await readCapture(1);
    expect(closed.gaps).toEqual([expect.objectContaining({ kind: 'recording', to: 9000 })]);
    expect(closed.gaps[0]!.from).toBeGreaterThan(1000);
  });
});
