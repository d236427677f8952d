import { beforeEach, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { answerSends } from '../messaging/testing';
import { syntheticHar, syntheticSession } from '../model/testing';

vi.mock('../recording/store', () => ({ readCapture: vi.fn(async () => syntheticSession()), ChunkCache: class {} }));
vi.mock('../network/store', async () => ({
  readHar: vi.fn(async () => (await import('../model/testing')).syntheticHar()),
  readGaps: vi.fn(async () => []),
}));
const packs = vi.hoisted(() => ({ started: [] as unknown[], closed: 0, fail: false }));
vi.mock('../report/pack', () => ({
  ReportPacker: class {
    prepare(capture: unknown) {
      packs.started.push(capture);
    }
    async pack() {
      if (packs.fail) throw new Error('worker died');
      return { zip: new Blob(['zip']), markdown: '' };
    }
    close() {
      packs.closed++;
    }
  },
}));

const { readCapture } = await import('../recording/store');
const { readHar } = await import('../network/store');
const { CaptureLoad } = await import('./capture.svelte');

let tabId: number;
const flushes: unknown[] = [];
beforeEach(async () => {
  fakeBrowser.reset();
  flushes.length = 0;
  packs.started.length = 0;
  answerSends((type, data) => {
    if (type === 'recording:flush') return flushes.push(data) && { flushed: true };
    throw new Error(`unexpected ${type}`);
  });
  tabId = (await fakeBrowser.tabs.create({ url: 'https://shop.test/checkout?session=S3ssionV4lue' })).id!;
});

it('asks the page to hand over what it holds, then counts what was recorded and hands over the steps', async () => {
  const read = vi.fn();
  const capture = new CaptureLoad(tabId, read);
  capture.open();
  await vi.waitFor(() => expect(capture.counts).toEqual({ consoleErrors: 1, failedRequests: 2, events: 5 }));
  expect(flushes).toEqual([{ tabId }]);
  expect(read).toHaveBeenCalledWith(capture.session);
  expect(capture.steps).toEqual(['Click "Checkout"', 'Type in "Coupon"']);
  expect(capture.sizes.replay).toBeGreaterThan(0);
  expect(capture.sizes.network).toBeGreaterThan(0);
});

it('keeps secrets of the tab address out of the page it shows', async () => {
  const capture = new CaptureLoad(tabId);
  capture.open();
  await vi.waitFor(() => expect(capture.page.url).not.toBe(''));
  expect(capture.page.url).toMatch(/^https:\/\/shop\.test\/checkout\?session=/);
  expect(capture.page.url).not.toContain('S3ssionV4lue');
});

it('shows what was recorded even when the network log cannot be read', async () => {
  vi.mocked(readHar).mockRejectedValueOnce(new Error('store closed'));
  const capture = new CaptureLoad(tabId);
  capture.open();
  await vi.waitFor(() => expect(capture.counts.events).toBe(5));
  expect(capture.counts.failedRequests).toBeNull();
  await vi.waitFor(() => expect(capture.error).toMatch(/network log.*store closed.*The rest of the report still works/));
});

it('says so when the tab is gone', async () => {
  const capture = new CaptureLoad(9999);
  capture.open();
  await vi.waitFor(() => expect(capture.error).toMatch(/tab was closed/));
});

it('packs the capture once as soon as it is read; a report asked for meanwhile waits for that read', async () => {
  const reads = vi.mocked(readCapture).mock.calls.length;
  const capture = new CaptureLoad(tabId);
  capture.open();
  const ready = await capture.ready();
  expect(ready.session.events).toHaveLength(5);
  expect(ready.har).toEqual(syntheticHar());
  // What was stored, read while the page hands over what it holds, then only what it handed over.
  expect(vi.mocked(readCapture).mock.calls.length - reads).toBe(2);
  expect(packs.started).toHaveLength(1);
  await capture.ready();
  expect(packs.started).toHaveLength(1);
});

it('a broken packer is dropped: the next report packs the capture afresh in a new one', async () => {
  const capture = new CaptureLoad(tabId);
  capture.open();
  const { packer } = await capture.ready();
  capture.dropPacker(packer);
  expect(packs.closed).toBe(1);
  const again = await capture.ready();
  expect(again.packer).not.toBe(packer);
  expect(packs.started).toHaveLength(2);
});

it('reads again on request: a repro stopped meanwhile replaces the rolling window', async () => {
  const capture = new CaptureLoad(tabId);
  capture.open();
  await vi.waitFor(() => expect(capture.counts.events).toBe(5));
  const repro = {
    ...syntheticSession(12),
    mode: 'repro' as const,
    steps: [{ time: 1, kind: 'click' as const, text: 'Click "Apply coupon"' }],
  };
  vi.mocked(readCapture).mockResolvedValueOnce(repro).mockResolvedValueOnce(repro);
  await capture.load();
  expect(capture.session?.mode).toBe('repro');
  expect(capture.steps).toEqual(['Click "Apply coupon"']);
  expect(capture.counts.events).toBe(12);
  expect(packs.started).toHaveLength(2);
});
