import { IDBFactory } from 'fake-indexeddb';
import { beforeEach, expect, it, vi } from 'vitest';
import { answerSends } from '../messaging/testing';
import { closeDraftsDb, getDraft, saveDraft, type Draft, type ReportBundle } from '../report/drafts';
import type { Deliverable } from './delivery.svelte';

const saved = vi.hoisted(() => [] as string[]);
vi.mock('./save-zip', () => ({ saveZip: vi.fn(async (bundle: { fileName: string }) => void saved.push(bundle.fileName)) }));
const { Delivery } = await import('./delivery.svelte');

const sent: { type: string; data: unknown }[] = [];
let sendAnswer: unknown;
const bundle: ReportBundle = {
  fileName: 'repro-shop.test.zip',
  report: {} as never,
  zip: new Blob(['zip']),
  screenshot: null,
  markdown: '',
};

function draft(more: Partial<Draft> = {}): Draft {
  return {
    id: 'd1',
    tabId: 5,
    pageUrl: '',
    createdAt: 0,
    updatedAt: 0,
    deliveries: [],
    include: { replay: true, console: true, network: true, screenshot: true },
    form: { title: 'Checkout broken', description: '', steps: [], expected: '', actual: '', severity: 'major', labels: [] },
    ...more,
  };
}

/**
 * A report whose build starts freezing `bundle` in draft d1, as the reporter does, and lacks `missing`;
 * `freeze` stands in for the draft's store.
 */
function report(title = 'Checkout broken', missing: string[] = [], removed = 0, freeze = () => saveDraft(draft({ bundle }))) {
  const source = {
    tabId: 5,
    draftId: () => 'd1',
    title: () => title,
    build: vi.fn(async (progress: (stage: string) => void) => {
      progress('Packing the zip…');
      const frozen = freeze();
      frozen.catch(() => undefined);
      return { bundle, missing: [...missing], removed, frozen };
    }),
    dropReplay: vi.fn(),
  } satisfies Deliverable;
  const settled = vi.fn(async () => undefined);
  return { source, settled, delivery: new Delivery(source, settled) };
}

beforeEach(async () => {
  await closeDraftsDb();
  globalThis.indexedDB = new IDBFactory();
  sent.length = 0;
  saved.length = 0;
  sendAnswer = { ok: false, kind: 'too-large', message: 'Attachment over 10 MB.' };
  answerSends((type, data) => {
    sent.push({ type, data });
    if (type === 'trackers:status')
      return [
        { tracker: 'jira', name: 'Jira', configured: true, label: 'acme · WEB' },
        { tracker: 'github', name: 'GitHub', configured: false },
      ];
    if (type === 'trackers:send') return sendAnswer;
    throw new Error(`unexpected ${type}`);
  });
});

it('asks for a title before building anything', async () => {
  const { delivery, source } = report('  ');
  await delivery.download();
  await delivery.sendTo('jira');
  expect(delivery.outcome).toEqual({ kind: 'error', message: 'Give the report a title first.' });
  expect(source.build).not.toHaveBeenCalled();
});

it('downloads the built zip and marks the draft delivered', async () => {
  const { delivery, settled } = report();
  await delivery.download();
  expect(saved).toEqual(['repro-shop.test.zip']);
  expect(delivery.outcome).toEqual({ kind: 'downloaded', fileName: 'repro-shop.test.zip' });
  expect((await getDraft('d1'))?.downloaded).toBe(true);
  expect(delivery.busy).toBeNull();
  expect(delivery.progress).toBeNull();
  expect(settled).toHaveBeenCalled();
});

it('saves the zip while the draft stores it, and says so when the draft could not keep it', async () => {
  let store!: () => void;
  const { delivery } = report(undefined, [], 0, () =>
    new Promise<void>((resolve) => (store = resolve)).then(() => saveDraft(draft({ bundle }))),
  );
  const done = delivery.download();
  await vi.waitFor(() => expect(saved).toEqual(['repro-shop.test.zip']));
  expect(delivery.outcome).toBeNull();
  store();
  await done;
  expect(delivery.outcome).toEqual({ kind: 'downloaded', fileName: 'repro-shop.test.zip' });

  const failing = report(undefined, [], 0, () => Promise.reject(new Error('quota exceeded')));
  await failing.delivery.download();
  expect(saved).toEqual(['repro-shop.test.zip', 'repro-shop.test.zip']);
  expect(failing.delivery.outcome).toEqual({
    kind: 'downloaded',
    fileName: 'repro-shop.test.zip',
    missing: ['The draft could not keep a copy of this report (quota exceeded).'],
  });
});

it('sends only once the draft keeps the bundle', async () => {
  let store!: () => void;
  const { delivery } = report(undefined, [], 0, () =>
    new Promise<void>((resolve) => (store = resolve)).then(() => saveDraft(draft({ bundle }))),
  );
  const done = delivery.sendTo('jira');
  await new Promise((r) => setTimeout(r, 20));
  expect(sent.some((m) => m.type === 'trackers:send')).toBe(false);
  store();
  await done;
  expect(sent.at(-1)).toEqual({ type: 'trackers:send', data: { draftId: 'd1', tracker: 'jira' } });
});

it('builds and keeps the bundle before sending; a failed send keeps the draft and offers the way on', async () => {
  const { delivery, source } = report();
  await delivery.sendTo('jira');
  expect(source.build).toHaveBeenCalledTimes(1);
  expect(sent.at(-1)).toEqual({ type: 'trackers:send', data: { draftId: 'd1', tracker: 'jira' } });
  expect(delivery.outcome).toMatchObject({
    kind: 'failed',
    tracker: 'jira',
    name: 'jira',
    view: { actions: ['without-replay', 'retry', 'download'] },
  });
  expect((await getDraft('d1'))?.bundle?.fileName).toBe('repro-shop.test.zip');

  // "Send without the replay" leaves it out and builds again; "Download instead" takes the frozen zip.
  await delivery.sendWithoutReplay('jira');
  expect(source.dropReplay).toHaveBeenCalled();
  expect(source.build).toHaveBeenCalledTimes(2);
  await delivery.downloadCurrent();
  expect(source.build).toHaveBeenCalledTimes(2);
  expect(saved).toEqual(['repro-shop.test.zip']);
});

it('retries only the attachments of an issue already created, never rebuilding', async () => {
  const { delivery, source } = report();
  sendAnswer = { ok: true, url: 'https://acme/WEB-1', key: 'WEB-1', attachmentErrors: ['repro-shop.test.zip'] };
  await delivery.sendTo('jira');
  expect(delivery.outcome).toMatchObject({ kind: 'sent', key: 'WEB-1', attachmentErrors: ['repro-shop.test.zip'] });
  sent.length = 0;
  await delivery.retryAttachments('jira');
  expect(source.build).toHaveBeenCalledTimes(1);
  expect(sent).toEqual([{ type: 'trackers:send', data: { draftId: 'd1', tracker: 'jira' } }]);
});

it('says the draft is kept when the report cannot be built', async () => {
  const { delivery, source } = report();
  source.build.mockRejectedValueOnce(new Error('worker died.'));
  await delivery.download();
  expect(delivery.outcome).toEqual({ kind: 'error', message: 'The report could not be built: worker died. Your draft is kept.' });
});

it('retries a pending draft’s last send, or downloads one never sent', async () => {
  const { delivery, settled } = report();
  const failed = draft({ id: 'd2', bundle, deliveries: [{ tracker: 'github', connectionId: 'c', status: 'failed', at: 1 }] });
  await saveDraft(failed);
  await delivery.retryDraft(failed);
  expect(sent.at(-1)).toEqual({ type: 'trackers:send', data: { draftId: 'd2', tracker: 'github' } });
  const never = draft({ id: 'd3', bundle });
  await saveDraft(never);
  await delivery.retryDraft(never);
  expect(saved).toEqual(['repro-shop.test.zip']);
  expect((await getDraft('d3'))?.downloaded).toBe(true);
  expect(settled).toHaveBeenCalledTimes(2);
});

it('knows which trackers are connected, and none when the worker cannot say', async () => {
  const { delivery } = report();
  await delivery.loadTrackers();
  expect(delivery.trackers?.[0]).toEqual({ tracker: 'jira', name: 'Jira', configured: true, label: 'acme · WEB' });
  expect(delivery.trackerList.map((t) => [t.id, t.name, t.configured])).toEqual([
    ['jira', 'Jira', true],
    ['github', 'GitHub', false],
  ]);
  answerSends(() => Promise.reject(new Error('no worker')));
  await delivery.loadTrackers();
  expect(delivery.trackers).toEqual([]);
});

it('says what a delivered report goes without', async () => {
  const { delivery } = report('Checkout broken', ['No screenshot: The browser does not allow screenshots of this page.']);
  await delivery.download();
  expect(delivery.outcome).toEqual({
    kind: 'downloaded',
    fileName: 'repro-shop.test.zip',
    missing: ['No screenshot: The browser does not allow screenshots of this page.'],
  });
  sendAnswer = { ok: true, url: 'https://acme/WEB-1', key: 'WEB-1', attachmentErrors: [] };
  await delivery.loadTrackers();
  await delivery.sendTo('jira');
  expect(delivery.outcome).toMatchObject({ kind: 'sent', name: 'Jira', missing: [expect.stringMatching(/^No screenshot/)] });
});

it('says how many secrets the last pass of redaction removed, and nothing when it removed none', async () => {
  const { delivery } = report('Checkout broken', [], 2);
  await delivery.download();
  expect(delivery.outcome).toEqual({ kind: 'downloaded', fileName: 'repro-shop.test.zip', removed: 2 });
  sendAnswer = { ok: true, url: 'https://acme/WEB-1', key: 'WEB-1', attachmentErrors: [] };
  await delivery.loadTrackers();
  await delivery.sendTo('jira');
  expect(delivery.outcome).toMatchObject({ kind: 'sent', removed: 2 });
  const clean = report();
  await clean.delivery.download();
  expect(clean.delivery.outcome).not.toHaveProperty('removed');
});

it('offers every tracker the worker lists, by the name it gives', async () => {
  answerSends(() => [
    { tracker: 'jira', name: 'Jira', configured: false },
    { tracker: 'github', name: 'GitHub', configured: true },
    { tracker: 'gitlab', name: 'GitLab', configured: true, label: 'acme/web' },
  ]);
  const { delivery } = report();
  await delivery.loadTrackers();
  expect(delivery.trackerList.map((t) => `${t.name}:${t.configured}`)).toEqual(['Jira:false', 'GitHub:true', 'GitLab:true']);
  expect(delivery.trackerName('gitlab')).toBe('GitLab');
});

it('the notice’s Retry and Download act on what it speaks of: a pending draft, or the report being written', async () => {
  const { delivery, source } = report();
  const pending = draft({ id: 'd2', bundle, deliveries: [{ tracker: 'github', connectionId: 'c', status: 'failed', at: 1 }] });
  await saveDraft(pending);
  await delivery.retryDraft(pending);
  expect(delivery.aboutPending).toBe(true);
  await delivery.retry('github');
  expect(sent.filter((m) => m.type === 'trackers:send').map((m) => (m.data as { draftId: string }).draftId)).toEqual(['d2', 'd2']);
  await delivery.downloadInstead();
  expect((await getDraft('d2'))?.downloaded).toBe(true);

  // The report being written: a failed send is sent again, an issue already made gets its attachments.
  await delivery.sendTo('jira');
  expect(delivery.aboutPending).toBe(false);
  await delivery.retry('jira');
  expect(source.build).toHaveBeenCalledTimes(2);
  sendAnswer = { ok: true, url: 'https://acme/WEB-1', key: 'WEB-1', attachmentErrors: ['x.zip'] };
  await delivery.retry('jira');
  expect(source.build).toHaveBeenCalledTimes(3);
  await delivery.retry('jira');
  expect(source.build).toHaveBeenCalledTimes(3);
  expect(sent.at(-1)).toEqual({ type: 'trackers:send', data: { draftId: 'd1', tracker: 'jira' } });
});
