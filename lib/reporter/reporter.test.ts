import { IDBFactory } from 'fake-indexeddb';
import { beforeEach, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { closeDraftsDb, draftForTab, getDraft, saveDraft } from '../report/drafts';
import { answerSends } from '../messaging/testing';
import { syntheticSession } from '../model/testing';
import { defaultRedactionSettings, redactionSettings } from '../settings/redaction';

// The reporter reads the capture stores and talks to the worker; stand in for both.
vi.mock('../recording/store', () => ({ readCapture: vi.fn(async () => syntheticSession()), ChunkCache: class {} }));
const sent: { type: string; data: unknown }[] = [];
function worker(type: string, data: unknown): unknown {
  sent.push({ type, data });
  if (type === 'trackers:status') return { jira: { configured: true, label: 'acme · WEB' }, github: { configured: false } };
  if (type === 'screenshot:take') return { ok: false, message: 'The browser does not allow screenshots of this page.' };
  if (type === 'trackers:send') return { ok: false, kind: 'too-large', message: 'Attachment over 10 MB.' };
  throw new Error(`unexpected ${type}`);
}
const networkGap = { kind: 'network' as const, from: Date.UTC(2026, 0, 2, 3, 4, 7), to: null, reason: 'debugger detached by the user' };
vi.mock('../network/store', async () => ({
  readHar: vi.fn(async () => (await import('../model/testing')).syntheticHar()),
  readGaps: vi.fn(async () => [networkGap]),
}));
const packs = vi.hoisted(() => ({ started: [] as unknown[], packed: [] as unknown[], removed: 0 }));
vi.mock('../report/pack', () => ({
  ReportPacker: class {
    prepare(capture: unknown) {
      packs.started.push(capture);
    }
    async pack(form: unknown) {
      packs.packed.push(form);
      return { zip: new Blob(['zip']), markdown: '# md', report: (form as { report: unknown }).report, removed: packs.removed };
    }
    close() {}
  },
}));

const { ReporterState } = await import('./reporter.svelte');

let tabId: number;
beforeEach(async () => {
  fakeBrowser.reset();
  fakeBrowser.runtime.getManifest = () => ({ manifest_version: 3, name: 'Repro', version: '0.1.0' });
  sent.length = 0;
  answerSends(worker);
  await closeDraftsDb();
  globalThis.indexedDB = new IDBFactory();
  tabId = (await fakeBrowser.tabs.create({ url: 'https://shop.test/checkout', active: true })).id!;
});

it('fills in steps and counts from the capture, and says why there is no screenshot', async () => {
  const r = new ReporterState(tabId);
  await r.open();
  await vi.waitFor(() => expect(r.counts.events).toBe(5));
  expect(r.form.steps).toEqual(['Click "Checkout"', 'Type in "Coupon"']);
  expect(r.counts).toEqual({ consoleErrors: 1, failedRequests: 2, events: 5 });
  await vi.waitFor(() => expect(r.screenshotError).toMatch(/does not allow/));
  await vi.waitFor(() => expect(r.integrations?.jira.configured).toBe(true));
  await vi.waitFor(() => expect(r.page.url).toBe('https://shop.test/checkout'));
});

it('keeps secrets of the tab address out of the form and the draft', async () => {
  const secretTab = (await fakeBrowser.tabs.create({ url: 'https://shop.test/account?session=S3ssionV4lue#access_token=Fr4gmentT0ken' })).id!;
  const r = new ReporterState(secretTab);
  await r.open();
  await vi.waitFor(() => expect(r.page.url).toMatch(/^https:\/\/shop\.test\/account\?session=/));
  r.form.title = 'Account page blank';
  await r.saveNow();
  const draft = await draftForTab(secretTab);
  expect(draft?.pageUrl).toMatch(/^https:\/\/shop\.test\/account/);
  const stored = JSON.stringify({ page: r.page, draft });
  expect(stored).not.toContain('S3ssionV4lue');
  expect(stored).not.toContain('Fr4gmentT0ken');
});

it('applies the tester\'s rules to the tab address it keeps', async () => {
  await redactionSettings.setValue({ ...defaultRedactionSettings, fields: ['employeeId'] });
  const r = new ReporterState((await fakeBrowser.tabs.create({ url: 'https://shop.test/u?employeeId=E-7731&tab=2' })).id!);
  await r.open();
  await vi.waitFor(() => expect(r.page.url).toMatch(/tab=2/));
  expect(r.page.url).not.toContain('E-7731');
});

it('saves the form as a draft and restores it for the same tab, without overwriting edited steps', async () => {
  const first = new ReporterState(tabId);
  await first.open();
  first.form.title = 'Coupon eats letters';
  first.form.steps = ['My own step'];
  first.stepsEdited = true;
  await first.saveNow();
  expect((await draftForTab(tabId))?.form.title).toBe('Coupon eats letters');

  const second = new ReporterState(tabId);
  await second.open();
  expect(second.restored).toBe(true);
  expect(second.draftId).toBe(first.draftId);
  expect(second.form.title).toBe('Coupon eats letters');
  await vi.waitFor(() => expect(second.counts.events).toBe(5));
  expect(second.form.steps).toEqual(['My own step']);
});

it('starts fresh when the tab’s last draft was already delivered', async () => {
  const r = new ReporterState(tabId);
  await r.open();
  r.form.title = 'Done';
  await r.saveNow();
  const stored = (await getDraft(r.draftId))!;
  await saveDraft({ ...stored, downloaded: true });
  const again = new ReporterState(tabId);
  await again.open();
  expect(again.restored).toBe(false);
  expect(again.form.title).toBe('');
});

it('builds and keeps the bundle before sending, and keeps the draft pending after a failure', async () => {
  const r = new ReporterState(tabId);
  await r.open();
  await vi.waitFor(() => expect(r.counts.events).toBe(5));
  await r.sendTo('jira');
  expect(r.outcome).toMatchObject({ kind: 'error', message: expect.stringMatching(/title/) });
  r.form.title = 'Checkout broken';
  await r.sendTo('jira');
  expect(sent.at(-1)).toEqual({ type: 'trackers:send', data: { draftId: r.draftId, tracker: 'jira' } });
  expect(r.outcome).toMatchObject({ kind: 'failed', view: { actions: ['without-replay', 'retry', 'download'] } });
  const draft = (await getDraft(r.draftId))!;
  expect(draft.bundle?.report.title).toBe('Checkout broken');
  expect(draft.bundle?.fileName).toMatch(/^repro-shop\.test-\d{8}-\d{6}\.zip$/);
  expect(draft.bundle?.report.files.screenshot).toBeNull();
  // The network store's gaps reach report.json beside the recording's own.
  expect(draft.bundle?.report.recording.gaps).toContainEqual(networkGap);
  expect(draft.bundle?.report.recording.gaps).toContainEqual(syntheticSession().gaps[0]);

  // Another reporter (another tab) lists it as pending.
  const other = new ReporterState((await fakeBrowser.tabs.create({ url: 'https://x.test/' })).id!);
  await other.refreshPending();
  expect(other.pending.map((d) => d.id)).toEqual([r.draftId]);
});

it('keeps the report as the last pass of redaction left it, and what it removed', async () => {
  packs.removed = 2;
  try {
    const r = new ReporterState(tabId);
    await r.open();
    await vi.waitFor(() => expect(r.counts.events).toBe(5));
    r.form.title = 'Checkout broken';
    await r.sendTo('jira');
    expect(r.lastPassRemoved).toBe(2);
    expect((await getDraft(r.draftId))!.bundle?.report).toEqual((packs.packed.at(-1) as { report: unknown }).report);
  } finally {
    packs.removed = 0;
  }
});

it('retries only the attachments of an issue already created, with the zip it froze, never a rebuilt one', async () => {
  const r = new ReporterState(tabId);
  await r.open();
  await vi.waitFor(() => expect(r.counts.events).toBe(5));
  r.form.title = 'Checkout broken';
  await r.sendTo('jira');
  const frozen = (await getDraft(r.draftId))!.bundle!;
  const packed = packs.packed.length;
  sent.length = 0;
  await r.retryAttachments('jira');
  expect(packs.packed.length).toBe(packed);
  expect(sent).toEqual([{ type: 'trackers:send', data: { draftId: r.draftId, tracker: 'jira' } }]);
  expect((await getDraft(r.draftId))!.bundle!.fileName).toBe(frozen.fileName);
});

it('starts packing the capture as soon as it is read, and a report asked for before then waits for that read', async () => {
  const { readCapture } = await import('../recording/store');
  const reads = vi.mocked(readCapture).mock.calls.length;
  const started = packs.started.length;
  const r = new ReporterState(tabId);
  r.form.title = 'Checkout broken';
  // Sent at once, while the capture is still being read: the same reads serve both (what was stored,
  // read while the page hands over what it holds, then only what it handed over).
  await Promise.all([r.open(), r.sendTo('jira')]);
  expect(vi.mocked(readCapture).mock.calls.length - reads).toBe(2);
  const [early, late] = vi.mocked(readCapture).mock.calls.slice(-2).map((call) => call[1]?.cache);
  expect(early).toBeDefined();
  expect(late).toBe(early);
  expect(packs.started.length - started).toBe(1);
  const capture = packs.started.at(-1) as { recording: { events: string[] }[]; console: unknown[] };
  expect(capture.recording.flatMap((p) => p.events).map((json) => JSON.parse(json))).toEqual(syntheticSession().events);
  expect(capture.console).toEqual(syntheticSession().console);
  expect((await getDraft(r.draftId))!.bundle!.report.counts.events).toBe(syntheticSession().events.length);
  expect(packs.packed.length).toBeGreaterThan(0);
});

it('shows what was recorded even when the network log cannot be read', async () => {
  const { readHar } = await import('../network/store');
  vi.mocked(readHar).mockRejectedValueOnce(new Error('store closed'));
  const r = new ReporterState(tabId);
  await r.open();
  await vi.waitFor(() => expect(r.counts.events).toBe(5));
  expect(r.counts.failedRequests).toBeNull();
  await vi.waitFor(() => expect(r.captureError).toMatch(/network log.*store closed/));
});

it('keeps no draft when the tester only looked', async () => {
  const r = new ReporterState(tabId);
  await r.open();
  await vi.waitFor(() => expect(r.counts.events).toBe(5));
  await r.flush();
  expect(await draftForTab(tabId)).toBeUndefined();
  r.form.title = 'Now it matters';
  r.scheduleSave();
  await r.flush();
  expect((await draftForTab(tabId))?.form.title).toBe('Now it matters');
});

it('starts a new report after a download and keeps the delivered one as history', async () => {
  const r = new ReporterState(tabId);
  await r.open();
  r.form.title = 'Delivered';
  await r.saveNow();
  const delivered = r.draftId;
  await saveDraft({ ...(await getDraft(delivered))!, downloaded: true });
  await r.startNew();
  expect(r.draftId).not.toBe(delivered);
  expect(r.form.title).toBe('');
  expect((await getDraft(delivered))?.form.title).toBe('Delivered');
});

it('follows a repro stopped from the popup: steps and counts become the repro’s, unless the tester edited the steps', async () => {
  const { readCapture } = await import('../recording/store');
  const r = new ReporterState(tabId);
  await r.open();
  await vi.waitFor(() => expect(r.counts.events).toBe(5));
  r.form.title = 'Coupon lost';

  // The repro the tester just stopped: other steps, more events, no console error.
  const repro = { ...syntheticSession(12), mode: 'repro' as const, console: [], steps: [{ time: 1, kind: 'click' as const, text: 'Click "Apply coupon"' }] };
  // Read twice: what is stored while the page hands over its last events, then what it handed over.
  vi.mocked(readCapture).mockResolvedValueOnce(repro).mockResolvedValueOnce(repro);
  await r.refreshCapture();
  expect(r.session?.mode).toBe('repro');
  expect(r.form.steps).toEqual(['Click "Apply coupon"']);
  expect(r.counts).toMatchObject({ consoleErrors: 0, events: repro.events.length });
  expect(r.form.title).toBe('Coupon lost');

  // Once the tester wrote their own steps, a later refresh leaves them alone.
  r.form.steps = ['My words'];
  r.stepsEdited = true;
  vi.mocked(readCapture).mockResolvedValueOnce(syntheticSession()).mockResolvedValueOnce(syntheticSession());
  await r.refreshCapture();
  expect(r.form.steps).toEqual(['My words']);
  expect(r.counts.events).toBe(5);
});
