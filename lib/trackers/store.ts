/**
 * Saved connections and their tokens, in the extension origin's own IndexedDB (`repro-integrations`).
 *
 * Why here and not `storage.local`: content scripts can read `storage.local` by default, and a web page
 * that compromises a content script would then read the tokens. IndexedDB is per origin: only pages of
 * the extension's own origin (the worker, popup, options) can open this database; content scripts run
 * with the page's origin and see the page's IndexedDB instead. Only the worker imports this module.
 * Tokens are kept in their own store so "Forget credentials" drops them without touching the settings.
 * Each token is tied to the origin it was given for: a connection whose address changed gets it only
 * once the tester types it again.
 */
import type { DBSchema } from 'idb';
import { CREDENTIAL_DATABASES } from '../storage/databases';
import { lazyDb } from '../storage/lazy-db';
import type { Secret } from './connection';
import { connectionOrigin, type Connection } from './registry';
import type { Tracker } from '../report/drafts';

interface IntegrationsDb extends DBSchema {
  connections: { key: string; value: Connection };
  /** `origin`: where the token may go (absent in records saved before it was kept: the connection's origin then). */
  credentials: { key: string; value: Secret & { id: string; origin?: string } };
}

const store = lazyDb<IntegrationsDb>(CREDENTIAL_DATABASES.integrations, 1, (database) => {
  database.createObjectStore('connections', { keyPath: 'id' });
  database.createObjectStore('credentials', { keyPath: 'id' });
});
const db = store.get;

/** Closes the connection (tests, and before deleting the database). */
export const closeIntegrationsDb = store.close;

export async function listConnections(): Promise<Connection[]> {
  return (await db()).getAll('connections');
}

export async function getConnection(id: string): Promise<Connection | undefined> {
  return (await db()).get('connections', id);
}

/** The default connection of a tracker (the only one, when just one is saved). */
export async function defaultConnection(tracker: Tracker): Promise<Connection | undefined> {
  const all = (await listConnections()).filter((c) => c.tracker === tracker);
  return all.find((c) => c.isDefault) ?? all[0];
}

/** Saving a connection at another address without its token. */
export class TokenOriginError extends Error {
  constructor(origin: string) {
    super(`The address changed to ${origin}: enter the token again. Repro sends a stored token only to the address it was saved for.`);
    this.name = 'TokenOriginError';
  }
}

/**
 * Saves a connection, and its token when given. An edit without a new token keeps the old one, unless
 * the connection's origin changed: that throws `TokenOriginError` and saves nothing.
 * The first connection of a tracker becomes its default; a new default clears the others'.
 */
export async function saveConnection(connection: Connection, secret?: Secret): Promise<Connection> {
  const origin = connectionOrigin(connection);
  const tx = (await db()).transaction(['connections', 'credentials'], 'readwrite');
  const connections = tx.objectStore('connections');
  const credentials = tx.objectStore('credentials');
  if (!secret) {
    const stored = await credentials.get(connection.id);
    const previous = await connections.get(connection.id);
    const bound = stored && (stored.origin ?? (previous ? connectionOrigin(previous) : undefined));
    if (stored && bound !== origin) {
      tx.abort();
      await tx.done.catch(() => undefined);
      throw new TokenOriginError(origin);
    }
    if (stored && !stored.origin) await credentials.put({ ...stored, origin });
  }
  const siblings = (await connections.getAll()).filter((c) => c.tracker === connection.tracker && c.id !== connection.id);
  const saved = { ...connection, isDefault: connection.isDefault || !siblings.some((c) => c.isDefault) };
  if (saved.isDefault) {
    for (const other of siblings.filter((c) => c.isDefault)) await connections.put({ ...other, isDefault: false });
  }
  await connections.put(saved);
  if (secret) await credentials.put({ id: connection.id, token: secret.token, origin });
  await tx.done;
  return saved;
}

/** The stored token of a connection, only if it was given for the connection's origin as it is now. */
export async function getSecret(connection: Connection): Promise<Secret | undefined> {
  const database = await db();
  const stored = await database.get('credentials', connection.id);
  if (!stored) return undefined;
  const saved = stored.origin ? undefined : await database.get('connections', connection.id);
  const bound = stored.origin ?? (saved ? connectionOrigin(saved) : undefined);
  return bound === connectionOrigin(connection) ? { token: stored.token } : undefined;
}

export async function hasSecret(id: string): Promise<boolean> {
  return (await (await db()).getKey('credentials', id)) !== undefined;
}

/** "Forget credentials": drops the token, keeps the rest of the connection. */
export async function forgetSecret(id: string): Promise<void> {
  await (await db()).delete('credentials', id);
}

/** Removes a connection and its token; another of the same tracker becomes the default. */
export async function removeConnection(id: string): Promise<void> {
  const tx = (await db()).transaction(['connections', 'credentials'], 'readwrite');
  const connections = tx.objectStore('connections');
  const removed = await connections.get(id);
  await connections.delete(id);
  await tx.objectStore('credentials').delete(id);
  if (removed?.isDefault) {
    const next = (await connections.getAll()).find((c) => c.tracker === removed.tracker);
    if (next) await connections.put({ ...next, isDefault: true });
  }
  await tx.done;
}
