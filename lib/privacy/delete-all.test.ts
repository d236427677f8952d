import { IDBFactory } from 'fake-indexeddb';
import { openDB } from 'idb';
import { beforeEach, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { deliver, senders } from '../messaging/testing';
import { closeDraftsDb, getDraft, listDrafts, saveDraft, type Draft } from '../report/drafts';
import { DATABASES } from '../storage/databases';
import { deleteAllData, isCredentialDatabase } from './delete-all';
import { registerDataService } from './service';

function draft(id: string): Draft {
  return {
    id,
    tabId: 3,
    pageUrl: 'https://shop.test/',
    createdAt: 0,
    updatedAt: 0,
    form: { title: id, description: '', steps: [], expected: '', actual: '', severity: 'minor', labels: [] },
    include: { replay: true, console: true, network: true, screenshot: true },
    deliveries: [],
  };
}

async function databaseNames(): Promise<string[]> {
  return (await indexedDB.databases()).map((d) => d.name!).sort();
}

/** Fills every kind of storage the way the product does. */
async function fill(): Promise<void> {
  await saveDraft(draft('d1'));
  for (const name of [DATABASES.capture, DATABASES.network, 'repro-credentials', 'some-library-cache']) {
    const db = await openDB(name, 1, { upgrade: (d) => void d.createObjectStore('s') });
    await db.put('s', { secret: 'page data' }, 'k');
    db.close();
  }
  await fakeBrowser.storage.local.set({
    'settings.capture': { paused: true },
    'settings.retention': { days: 3 },
    'credentials.jira': { token: 'x' },
    'integrations.github': { default: 'c1' },
    'capture.lastError': 'boom',
  });
  await fakeBrowser.storage.session.set({ 'capture.recordingTabs': { 3: {} }, 'network.attached': [3], 'credentials.cache': 'y' });
}

beforeEach(async () => {
  fakeBrowser.reset();
  await closeDraftsDb();
  globalThis.indexedDB = new IDBFactory();
  await fill();
});

it('leaves nothing behind when settings and credentials are chosen too', async () => {
  const summary = await deleteAllData({ settings: true, credentials: true });
  expect(await databaseNames()).toEqual([]);
  expect(await fakeBrowser.storage.local.get(null)).toEqual({});
  expect(await fakeBrowser.storage.session.get(null)).toEqual({});
  expect(summary.blocked).toEqual([]);
  expect(summary.databases).toEqual(expect.arrayContaining([...Object.values(DATABASES), 'repro-credentials', 'some-library-cache']));
});

it('keeps settings and credentials unless chosen', async () => {
  await deleteAllData({ settings: false, credentials: false });
  expect(await databaseNames()).toEqual(['repro-credentials']);
  expect(Object.keys(await fakeBrowser.storage.local.get(null)).sort()).toEqual([
    'credentials.jira',
    'integrations.github',
    'settings.capture',
    'settings.retention',
  ]);
  expect(await fakeBrowser.storage.session.get(null)).toEqual({ 'credentials.cache': 'y' });
});

it('deletes settings without credentials, and credentials without settings', async () => {
  await deleteAllData({ settings: true, credentials: false });
  expect(Object.keys(await fakeBrowser.storage.local.get(null)).sort()).toEqual(['credentials.jira', 'integrations.github']);
  await fill();
  await deleteAllData({ settings: false, credentials: true });
  expect(Object.keys(await fakeBrowser.storage.local.get(null)).sort()).toEqual(['settings.capture', 'settings.retention']);
  expect(await databaseNames()).toEqual([]);
});

it('closes its own connection first, so drafts go even while the store is open', async () => {
  expect(await listDrafts()).toHaveLength(1);
  const summary = await deleteAllData({ settings: false, credentials: false });
  expect(summary.databases).toContain(DATABASES.reports);
  expect(await getDraft('d1')).toBeUndefined();
});

it('tells data databases from credential databases', () => {
  for (const name of Object.values(DATABASES)) expect(isCredentialDatabase(name)).toBe(false);
  expect(isCredentialDatabase('repro-credentials')).toBe(true);
  expect(isCredentialDatabase('repro-integrations')).toBe(true);
  expect(isCredentialDatabase('other')).toBe(false);
});

it('answers an extension page, and ignores the same request from a content script', async () => {
  registerDataService();
  expect(await deliver('privacy:delete-all', { settings: true, credentials: true }, senders.contentScript())).toBeUndefined();
  expect(await databaseNames()).toContain(DATABASES.reports);
  const summary = await deliver('privacy:delete-all', { settings: true, credentials: true }, senders.popup());
  expect(summary).toMatchObject({ blocked: [] });
  expect(await databaseNames()).toEqual([]);
});

it('reports only databases that existed', async () => {
  await deleteAllData({ settings: true, credentials: true });
  const again = await deleteAllData({ settings: true, credentials: true });
  expect(again).toEqual({ databases: [], blocked: [], local: [], session: [], caches: [] });
});
