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
const answers = { screenshot: null as unknown, send: null as unknown };
function worker(type: string, data: unknown): unknown {
  sent.push({ type, data });
  if (type === 'trackers:status')
    return [
      { tracker: 'jira', name: 'Jira', configured: true, label: 'acme · WEB' },
      { tracker: 'github', name: 'GitHub', configured: false },
    ];
  if (type === 'screenshot:take') return answers.screenshot;
  if (type === 'trackers:send') return answers.send;
  throw new Error(`unexpected ${type}`);
}
const saved = vi.hoisted(() => [] as string[]);
vi.mock('./save-zip', () => ({ saveZip: vi.fn(async (bundle: { fileName: string }) => void saved.push(bundle.fileName)) }));
const PNG = 'data:image/png;base64,iVBORw0KGgo=';
/** The screenshot the worker answers after `ms`, as a slow capture would. */
const slowScreenshot = (ms: number) => new Promise((resolve) => setTimeout(() => resolve({ ok: true, dataUrl: PNG }), ms));
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

const { Reporter } = await import('./reporter.svelte');

let tabId: number;
beforeEach(async () => {
  fakeBrowser.reset();
  fakeBrowser.runtime.getManifest = () => ({ manifest_version: 3, name: 'Repro', version: '0.1.0' });
  sent.length = 0;
  saved.length = 0;
  answers.screenshot = { ok: false, message: 'The browser does not allow screenshots of this page.' };
  answers.send = { ok: false, kind: 'too-large', message: 'Attachment over 10 MB.' };
  answerSends(worker);
  await closeDraftsDb();
  globalThis.indexedDB = new IDBFactory();
  tabId = (await fakeBrowser.tabs.create({ url: 'https://shop.test/checkout', active: true })).id!;
});

it('fills in steps and counts from the capture, and says why there is no screenshot', async () => {
  const r = new Reporter(tabId);
  await r.open();
  await vi.waitFor(() => expect(r.capture.counts.events).toBe(5));
  expect(r.draft.form.steps).toEqual(['Click "Checkout"', 'Type in "Coupon"']);
  expect(r.capture.counts).toEqual({ consoleErrors: 1, failedRequests: 2, events: 5 });
  await vi.waitFor(() => expect(r.shot.error).toMatch(/does not allow/));
  await vi.waitFor(() => expect(r.delivery.trackers?.find((t) => t.tracker === 'jira')?.configured).toBe(true));
  await vi.waitFor(() => expect(r.capture.page.url).toBe('https://shop.test/checkout'));
});

it('keeps secrets of the tab address out of the form and the draft', async () => {
  const secretTab = (await fakeBrowser.tabs.create({ url: 'https://shop.test/account?session=S3ssionV4lue#access_token=Fr4gmentT0ken' }))
    .id!;
  const r = new Reporter(secretTab);
  await r.open();
  await vi.waitFor(() => expect(r.capture.page.url).toMatch(/^https:\/\/shop\.test\/account\?session=/));
  r.draft.form.title = 'Account page blank';
  await r.draft.saveNow();
  const draft = await draftForTab(secretTab);
  expect(draft?.pageUrl).toMatch(/^https:\/\/shop\.test\/account/);
  const stored = JSON.stringify({ page: r.capture.page, draft });
  expect(stored).not.toContain('S3ssionV4lue');
  expect(stored).not.toContain('Fr4gmentT0ken');
});

it("applies the tester's rules to the tab address it keeps", async () => {
  await redactionSettings.setValue({ ...defaultRedactionSettings, fields: ['employeeId'] });
  const r = new Reporter((await fakeBrowser.tabs.create({ url: 'https://shop.test/u?employeeId=E-7731&tab=2' })).id!);
  await r.open();
  await vi.waitFor(() => expect(r.capture.page.url).toMatch(/tab=2/));
  expect(r.capture.page.url).not.toContain('E-7731');
});

it('keeps the report as the last pass of redaction left it, and tells what it removed', async () => {
  packs.removed = 2;
  answers.send = { ok: true, key: 'WEB-9', url: 'https://acme.test/browse/WEB-9', attachmentErrors: [] };
  try {
    const r = new Reporter(tabId);
    await r.open();
    await vi.waitFor(() => expect(r.capture.counts.events).toBe(5));
    r.draft.form.title = 'Checkout broken';
    await r.delivery.sendTo('jira');
    expect(r.delivery.outcome).toMatchObject({ kind: 'sent', removed: 2 });
    expect((await getDraft(r.draft.id))!.bundle?.report).toEqual((packs.packed.at(-1) as { report: unknown }).report);
  } finally {
    packs.removed = 0;
  }
});

it('saves the form as a draft and restores it for the same tab, without overwriting edited steps', async () => {
  const first = new Reporter(tabId);
  await first.open();
  first.draft.form.title = 'Coupon eats letters';
  first.draft.form.steps = ['My own step'];
  first.draft.stepsEdited = true;
  await first.draft.saveNow();
  expect((await draftForTab(tabId))?.form.title).toBe('Coupon eats letters');

  const second = new Reporter(tabId);
  await second.open();
  expect(second.draft.restored).toBe(true);
  expect(second.draft.id).toBe(first.draft.id);
  expect(second.draft.form.title).toBe('Coupon eats letters');
  await vi.waitFor(() => expect(second.capture.counts.events).toBe(5));
  expect(second.draft.form.steps).toEqual(['My own step']);
});

it('starts fresh when the tab’s last draft was already delivered', async () => {
  const r = new Reporter(tabId);
  await r.open();
  r.draft.form.title = 'Done';
  await r.draft.saveNow();
  const stored = (await getDraft(r.draft.id))!;
  await saveDraft({ ...stored, downloaded: true });
  const again = new Reporter(tabId);
  await again.open();
  expect(again.draft.restored).toBe(false);
  expect(again.draft.form.title).toBe('');
});

it('builds and keeps the bundle before sending, and keeps the draft pending after a failure', async () => {
  const r = new Reporter(tabId);
  await r.open();
  await vi.waitFor(() => expect(r.capture.counts.events).toBe(5));
  await r.delivery.sendTo('jira');
  expect(r.delivery.outcome).toMatchObject({ kind: 'error', message: expect.stringMatching(/title/) });
  r.draft.form.title = 'Checkout broken';
  await r.delivery.sendTo('jira');
  expect(sent.at(-1)).toEqual({ type: 'trackers:send', data: { draftId: r.draft.id, tracker: 'jira' } });
  expect(r.delivery.outcome).toMatchObject({ kind: 'failed', view: { actions: ['without-replay', 'retry', 'download'] } });
  const draft = (await getDraft(r.draft.id))!;
  expect(draft.bundle?.report.title).toBe('Checkout broken');
  expect(draft.bundle?.fileName).toMatch(/^repro-shop\.test-\d{8}-\d{6}\.zip$/);
  expect(draft.bundle?.report.files.screenshot).toBeNull();
  // The network store's gaps reach report.json beside the recording's own.
  expect(draft.bundle?.report.recording.gaps).toContainEqual(networkGap);
  expect(draft.bundle?.report.recording.gaps).toContainEqual(syntheticSession().gaps[0]);

  // Another reporter (another tab) lists it as pending.
  const other = new Reporter((await fakeBrowser.tabs.create({ url: 'https://x.test/' })).id!);
  await other.pending.refresh();
  expect(other.pending.drafts.map((d) => d.id)).toEqual([r.draft.id]);
});

it('starts packing the capture as soon as it is read, and a report asked for before then waits for that read', async () => {
  const { readCapture } = await import('../recording/store');
  const reads = vi.mocked(readCapture).mock.calls.length;
  const started = packs.started.length;
  const r = new Reporter(tabId);
  r.draft.form.title = 'Checkout broken';
  // Sent at once, while the capture is still being read: the same reads serve both (what was stored,
  // read while the page hands over what it holds, then only what it handed over).
  await Promise.all([r.open(), r.delivery.sendTo('jira')]);
  expect(vi.mocked(readCapture).mock.calls.length - reads).toBe(2);
  const [early, late] = vi
    .mocked(readCapture)
    .mock.calls.slice(-2)
    .map((call) => call[1]?.cache);
  expect(early).toBeDefined();
  expect(late).toBe(early);
  expect(packs.started.length - started).toBe(1);
  const capture = packs.started.at(-1) as { recording: { events: string[] }[]; console: unknown[] };
  expect(capture.recording.flatMap((p) => p.events).map((json) => JSON.parse(json))).toEqual(syntheticSession().events);
  expect(capture.console).toEqual(syntheticSession().console);
  expect((await getDraft(r.draft.id))!.bundle!.report.counts.events).toBe(syntheticSession().events.length);
  expect(packs.packed.length).toBeGreaterThan(0);
});

it('keeps no draft when the tester only looked', async () => {
  const r = new Reporter(tabId);
  await r.open();
  await vi.waitFor(() => expect(r.capture.counts.events).toBe(5));
  await r.draft.flush();
  expect(await draftForTab(tabId)).toBeUndefined();
  r.draft.form.title = 'Now it matters';
  r.draft.scheduleSave();
  await r.draft.flush();
  expect((await draftForTab(tabId))?.form.title).toBe('Now it matters');
});

it('starts a new report after a download and keeps the delivered one as history', async () => {
  const r = new Reporter(tabId);
  await r.open();
  r.draft.form.title = 'Delivered';
  await r.draft.saveNow();
  const delivered = r.draft.id;
  await saveDraft({ ...(await getDraft(delivered))!, downloaded: true });
  await r.startNew();
  expect(r.draft.id).not.toBe(delivered);
  expect(r.draft.form.title).toBe('');
  expect((await getDraft(delivered))?.form.title).toBe('Delivered');
});

it('follows a repro stopped from the popup: steps and counts become the repro’s, unless the tester edited the steps', async () => {
  const { readCapture } = await import('../recording/store');
  const r = new Reporter(tabId);
  await r.open();
  await vi.waitFor(() => expect(r.capture.counts.events).toBe(5));
  r.draft.form.title = 'Coupon lost';

  // The repro the tester just stopped: other steps, more events, no console error.
  const repro = {
    ...syntheticSession(12),
    mode: 'repro' as const,
    console: [],
    steps: [{ time: 1, kind: 'click' as const, text: 'Click "Apply coupon"' }],
  };
  // Read twice: what is stored while the page hands over its last events, then what it handed over.
  vi.mocked(readCapture).mockResolvedValueOnce(repro).mockResolvedValueOnce(repro);
  await r.refreshCapture();
  expect(r.capture.session?.mode).toBe('repro');
  expect(r.draft.form.steps).toEqual(['Click "Apply coupon"']);
  expect(r.capture.counts).toMatchObject({ consoleErrors: 0, events: repro.events.length });
  expect(r.draft.form.title).toBe('Coupon lost');

  // Once the tester wrote their own steps, a later refresh leaves them alone.
  r.draft.form.steps = ['My words'];
  r.draft.stepsEdited = true;
  vi.mocked(readCapture).mockResolvedValueOnce(syntheticSession()).mockResolvedValueOnce(syntheticSession());
  await r.refreshCapture();
  expect(r.draft.form.steps).toEqual(['My words']);
  expect(r.capture.counts.events).toBe(5);
});

it('a Download pressed at once, while the screenshot is still being taken, waits for it: the zip holds it', async () => {
  answers.screenshot = slowScreenshot(300);
  const r = new Reporter(tabId);
  void r.open();
  r.draft.form.title = 'Pressed at once';
  const stages: string[] = [];
  const download = r.delivery.download();
  // The stages the tester sees while waiting.
  const watch = setInterval(() => r.delivery.progress && !stages.includes(r.delivery.progress) && stages.push(r.delivery.progress), 5);
  await download;
  clearInterval(watch);
  expect(stages[0]).toBe('Waiting for the screenshot…');
  expect(saved).toHaveLength(1);
  expect((packs.packed.at(-1) as { screenshot: Blob | null }).screenshot).toBeInstanceOf(Blob);
  const bundle = (await getDraft(r.draft.id))!.bundle!;
  expect(bundle.report.files.screenshot).toBe('screenshot.png');
  expect(r.delivery.outcome).toEqual({ kind: 'downloaded', fileName: bundle.fileName });
});

it('says plainly when the report goes without a screenshot', async () => {
  answers.send = { ok: true, url: 'https://acme/WEB-9', key: 'WEB-9', attachmentErrors: [] };
  const r = new Reporter(tabId);
  await r.open();
  r.draft.form.title = 'No picture here';
  await r.delivery.sendTo('jira');
  expect((await getDraft(r.draft.id))!.bundle!.report.files.screenshot).toBeNull();
  expect(r.delivery.outcome).toMatchObject({
    kind: 'sent',
    name: 'Jira',
    missing: ['No screenshot: The browser does not allow screenshots of this page.'],
  });
});

it('downloads in one step from the popup: titled from the page, with the screenshot taken then', async () => {
  answers.screenshot = slowScreenshot(100);
  const titled = (await fakeBrowser.tabs.create({ url: 'https://shop.test/cart' })).id!;
  const r = new Reporter(titled);
  await r.openPending();
  expect(sent.map((m) => m.type)).not.toContain('screenshot:take');
  await r.downloadNow();
  expect(saved).toHaveLength(1);
  const bundle = (await getDraft(r.draft.id))!.bundle!;
  expect(bundle.report.title).toBe('Bug on shop.test');
  expect(bundle.report.files.screenshot).toBe('screenshot.png');
  expect((await getDraft(r.draft.id))!.downloaded).toBe(true);
});
