/**
 * One IndexedDB connection per database and context, opened on first use and given up whenever another
 * context deletes or upgrades the database ("Delete all data", tests), so nobody is ever blocked by us.
 */
import { deleteDB, openDB, type DBSchema, type IDBPDatabase, type OpenDBCallbacks, type StoreNames } from 'idb';

export interface LazyDb<T extends DBSchema> {
  /** The open connection (opened now if needed). */
  get(): Promise<IDBPDatabase<T>>;
  /** Closes the connection; the next `get()` opens a new one. */
  close(): Promise<void>;
}

/** Every lazy database of this context, so "Delete all data" can close them first (`closeEveryLazyDb`). */
const every = new Set<LazyDb<never>>();

/** Closes this context's connection to every lazy database, so deleting them is not blocked by ourselves. */
export async function closeEveryLazyDb(): Promise<void> {
  await Promise.all([...every].map((db) => db.close().catch(() => undefined)));
}

/**
 * A lazily opened database `name` at `version`, created by `upgrade`. With `rebuildWithout`, a database
 * found without that store (someone opened it unversioned first, so `upgrade` never ran) is deleted and
 * made again.
 */
export function lazyDb<T extends DBSchema>(
  name: string,
  version: number,
  upgrade: OpenDBCallbacks<T>['upgrade'],
  rebuildWithout?: StoreNames<T>,
): LazyDb<T> {
  let current: Promise<IDBPDatabase<T>> | null = null;
  const forget = (): void => {
    const open = current;
    current = null;
    void open?.then(
      (db) => db.close(),
      () => undefined,
    );
  };
  const db: LazyDb<T> = {
    get() {
      const open = () => openDB<T>(name, version, { upgrade, blocking: forget, terminated: () => (current = null) });
      current ??= open().then(async (db) => {
        if (!rebuildWithout || db.objectStoreNames.contains(rebuildWithout)) return db;
        db.close();
        await deleteDB(name);
        return open();
      });
      current.catch(() => (current = null));
      return current;
    },
    async close() {
      const open = current;
      current = null;
      (await open?.catch(() => null))?.close();
    },
  };
  every.add(db as unknown as LazyDb<never>);
  return db;
}
