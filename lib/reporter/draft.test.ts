import { IDBFactory } from 'fake-indexeddb';
import { beforeEach, expect, it, vi } from 'vitest';
import { closeDraftsDb, draftForTab, getDraft, saveDraft } from '../report/drafts';
import { DraftAutosave } from './draft.svelte';

const extras = () => ({ annotations: { shapes: [], keepOriginal: false }, pageUrl: 'https://shop.test/checkout' });

beforeEach(async () => {
  await closeDraftsDb();
  globalThis.indexedDB = new IDBFactory();
});

it('keeps no draft when the tester only looked, and saves one after the first edit', async () => {
  const draft = new DraftAutosave(7, extras);
  draft.changed();
  await draft.flush();
  expect(await draftForTab(7)).toBeUndefined();
  draft.form.title = 'Now it matters';
  draft.scheduleSave();
  await draft.flush();
  expect(await draftForTab(7)).toMatchObject({ id: draft.id, form: { title: 'Now it matters' }, pageUrl: 'https://shop.test/checkout' });
  expect(draft.savedAt).not.toBeNull();
});

it('saves shortly after the tester pauses', async () => {
  const draft = new DraftAutosave(7, extras);
  draft.form.title = 'Typed';
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
  draft.scheduleSave();
  vi.advanceTimersByTime(200);
  draft.scheduleSave();
  vi.advanceTimersByTime(200);
  expect(await draftForTab(7)).toBeUndefined();
  vi.advanceTimersByTime(100);
  vi.useRealTimers();
  await vi.waitFor(async () => expect((await draftForTab(7))?.form.title).toBe('Typed'));
});

it('offers the tab’s draft back, unless it was delivered', async () => {
  const first = new DraftAutosave(7, extras);
  first.form.title = 'Coupon eats letters';
  first.form.steps = ['My own step'];
  await first.saveNow();

  const second = new DraftAutosave(7, extras);
  const found = await second.open();
  expect(found?.id).toBe(first.id);
  second.restore(found!);
  expect(second.restored).toBe(true);
  expect(second.id).toBe(first.id);
  expect(second.form.title).toBe('Coupon eats letters');
  // Steps the draft holds are the tester's: recorded steps no longer overwrite them.
  second.applyRecordedSteps(['Click "Checkout"']);
  expect(second.form.steps).toEqual(['My own step']);

  await saveDraft({ ...(await getDraft(first.id))!, downloaded: true });
  expect(await new DraftAutosave(7, extras).open()).toBeUndefined();
});

it('recorded steps fill the field until the tester edits it', () => {
  const draft = new DraftAutosave(7, extras);
  draft.applyRecordedSteps(['Click "Checkout"']);
  expect(draft.form.steps).toEqual(['Click "Checkout"']);
  draft.stepsEdited = true;
  draft.applyRecordedSteps(['Click "Pay"']);
  expect(draft.form.steps).toEqual(['Click "Checkout"']);
});

it('freezes the built report in the draft, and a new report leaves the old one stored', async () => {
  const draft = new DraftAutosave(7, extras);
  draft.form.title = 'Delivered';
  const screenshot = new Blob(['png']);
  await draft.freeze({ fileName: 'repro.zip', report: {} as never, zip: new Blob(['zip']), screenshot, markdown: '' });
  const stored = (await getDraft(draft.id))!;
  expect(stored.bundle?.fileName).toBe('repro.zip');
  expect(stored.annotatedScreenshot).toBeDefined();
  const delivered = draft.id;
  draft.startNew(['Click "Checkout"']);
  expect(draft.id).not.toBe(delivered);
  expect(draft.form).toMatchObject({ title: '', steps: ['Click "Checkout"'] });
  expect(draft.savedAt).toBeNull();
  expect((await getDraft(delivered))?.form.title).toBe('Delivered');
});

it('discards a draft for good', async () => {
  const draft = new DraftAutosave(7, extras);
  draft.form.title = 'Never mind';
  await draft.saveNow();
  await draft.discard();
  expect(await getDraft(draft.id)).toBeUndefined();
});
