import { deleteDB, type DBSchema } from 'idb';
import { IDBFactory } from 'fake-indexeddb';
import { beforeEach, expect, it } from 'vitest';
import { lazyDb } from './lazy-db';

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
