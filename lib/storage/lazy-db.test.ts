import { deleteDB, type DBSchema } from 'idb';
import { IDBFactory } from 'fake-indexeddb';
import { beforeEach, expect, it } from 'vitest';
import { closeEveryLazyDb, lazyDb } from './lazy-db';

interface Schema extends DBSchema {
  items: { key: string; value: { id: string } };
}

beforeEach(() => {
  globalThis.indexedDB = new IDBFactory();
});

const make = () => lazyDb<Schema>('t', 1, (db) => void db.createObjectStore('items', { keyPath: 'id' }));

it('opens once and reuses the connection', async () => {
  const db = make();
  expect(await db.get()).toBe(await db.get());
  await (await db.get()).put('items', { id: 'a' });
  expect(await (await db.get()).get('items', 'a')).toEqual({ id: 'a' });
});

it('lets another context delete the database, then reopens it empty', async () => {
  const db = make();
  await (await db.get()).put('items', { id: 'a' });
  await deleteDB('t'); // would stay blocked forever if the open connection did not give way
  expect(await (await db.get()).get('items', 'a')).toBeUndefined();
});

it('closes on request and opens again on the next use', async () => {
  const db = make();
  const first = await db.get();
  await db.close();
  expect(await db.get()).not.toBe(first);
});

it('closes every lazy database of the context at once, so deleting them is not blocked', async () => {
  const a = make();
  const b = lazyDb<Schema>('u', 1, (db) => void db.createObjectStore('items', { keyPath: 'id' }));
  const [first] = await Promise.all([a.get(), b.get()]);
  await closeEveryLazyDb();
  expect(await a.get()).not.toBe(first);
});

it('rebuilds a database found without the store it names', async () => {
  await new Promise<void>((resolve) => {
    const request = indexedDB.open('t'); // unversioned: version 1 with no stores
    request.onsuccess = () => (request.result.close(), resolve());
  });
  const db = lazyDb<Schema>('t', 1, (d) => void d.createObjectStore('items', { keyPath: 'id' }), 'items');
  expect((await db.get()).objectStoreNames.contains('items')).toBe(true);
});
