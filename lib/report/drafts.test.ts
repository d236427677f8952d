import { beforeEach, expect, it } from 'vitest';
import { IDBFactory } from 'fake-indexeddb';
import { closeDraftsDb, deleteDraft, draftForTab, getDraft, listDrafts, saveDraft, updateDraft, type Draft } from './drafts';

function draft(id: string, tabId: number): Draft {
  return {
    id,
    tabId,
    pageUrl: 'https://shop.test/cart',
    createdAt: Date.now(),
    updatedAt: Date.now(),
    form: { title: 'Cart is empty', description: '', steps: [], expected: '', actual: '', severity: 'major', labels: [] },
    include: { replay: true, console: true, network: true, screenshot: true },
    deliveries: [],
  };
}

beforeEach(async () => {
  await closeDraftsDb();
  globalThis.indexedDB = new IDBFactory();
});

it('keeps a draft until it is deleted', async () => {
  await saveDraft(draft('a', 1));
  expect((await getDraft('a'))?.form.title).toBe('Cart is empty');
  await deleteDraft('a');
  expect(await getDraft('a')).toBeUndefined();
});

it('finds the newest draft of a tab and lists all, newest first', async () => {
  await saveDraft(draft('old', 1));
  await new Promise((r) => setTimeout(r, 5));
  await saveDraft(draft('other', 2));
  await new Promise((r) => setTimeout(r, 5));
  await saveDraft(draft('new', 1));
  expect((await draftForTab(1))?.id).toBe('new');
  expect((await listDrafts()).map((d) => d.id)).toEqual(['new', 'other', 'old']);
});

it('updates a draft in place and ignores unknown ids', async () => {
  await saveDraft(draft('a', 1));
  const next = await updateDraft('a', (d) => ({
    ...d,
    deliveries: [{ tracker: 'github', connectionId: 'c', status: 'created', url: 'u', at: 1 }],
  }));
  expect(next?.deliveries).toHaveLength(1);
  expect((await getDraft('a'))?.deliveries[0]?.status).toBe('created');
  expect(await updateDraft('missing', (d) => d)).toBeUndefined();
});

it('tells pending drafts from delivered ones', async () => {
  const { isDelivered, isPending, lastTracker } = await import('./drafts');
  const d = draft('p', 3);
  expect(isPending(d)).toBe(false); // never built: just a form in progress
  const built = { ...d, bundle: { fileName: 'f.zip', report: {} as never, zip: new Blob([]), screenshot: null, markdown: '' } };
  expect(isPending(built)).toBe(true);
  const failed = { ...built, deliveries: [{ tracker: 'jira' as const, connectionId: 'c', status: 'failed' as const, at: 1 }] };
  expect(isPending(failed)).toBe(true);
  expect(lastTracker(failed)).toBe('jira');
  expect(
    isDelivered({ ...failed, deliveries: [...failed.deliveries, { tracker: 'jira', connectionId: 'c', status: 'complete', at: 2 }] }),
  ).toBe(true);
  expect(isPending({ ...built, downloaded: true })).toBe(false);
});
