/**
 * One IndexedDB connection per database and context, opened on first use and given up whenever another
 * context deletes or upgrades the database ("Delete all data", tests), so nobody is ever blocked by us.
 */
import { openDB, type DBSchema, type IDBPDatabase, type OpenDBCallbacks } from 'idb';

export interface LazyDb<T extends DBSchema> {
  /** The open connection (opened now if needed). */
  get(): Promise<IDBPDatabase<T>>;
  /** Closes the connection; the next `get()` opens a new one. */
  close(): Promise<void>;
}

/** A lazily opened database `name` at `version`, created by `upgrade`. */
export function lazyDb<T extends DBSchema>(name: string, version: number, upgrade: OpenDBCallbacks<T>['upgrade']): LazyDb<T> {
  let current: Promise<IDBPDatabase<T>> | null = null;
  const forget = (): void => {
    const open = current;
    current = null;
    void open?.then((db) => db.close(), () => undefined);
  };
  return {
    get() {
      current ??= openDB<T>(name, version, { upgrade, blocking: forget, terminated: () => (current = null) });
      current.catch(() => (current = null));
      return current;
    },
    async close() {
      const open = current;
      current = null;
      (await open?.catch(() => null))?.close();
    },
  };
}
