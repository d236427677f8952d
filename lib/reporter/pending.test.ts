import { IDBFactory } from 'fake-indexeddb';
import { beforeEach, expect, it } from 'vitest';
import { closeDraftsDb, saveDraft, type Draft } from '../report/drafts';
import { PendingDrafts } from './pending.svelte';

const bundle = { fileName: 'r.zip', report: {} as never, zip: new Blob(['zip']), screenshot: null, markdown: '' };
function draft(id: string, more: Partial<Draft> = {}): Draft {
  return {
    id,
    tabId: 1,
    pageUrl: '',
    createdAt: 0,
    updatedAt: 0,
    deliveries: [],
    include: { replay: true, console: true, network: true, screenshot: true },
    form: { title: id, description: '', steps: [], expected: '', actual: '', severity: 'major', labels: [] },
    ...more,
  };
}

beforeEach(async () => {
  await closeDraftsDb();
  globalThis.indexedDB = new IDBFactory();
});

it('lists the drafts built but not delivered, not the one being written', async () => {
  await saveDraft(draft('writing', { bundle }));
  await saveDraft(draft('failed-send', { bundle, deliveries: [{ tracker: 'jira', connectionId: 'c', status: 'failed', at: 1 }] }));
  await saveDraft(draft('never-built'));
  await saveDraft(draft('downloaded', { bundle, downloaded: true }));
  const pending = new PendingDrafts(() => 'writing');
  await pending.refresh();
  expect(pending.drafts.map((d) => d.id)).toEqual(['failed-send']);
});
