/**
 * "Delete all data": every recording buffer, network log, draft, sent-report history and cache goes.
 * Settings and credentials stay unless the tester chooses them too.
 *
 * Credentials belong to the integrations area, which keeps them away from content scripts, in the
 * databases listed as `CREDENTIAL_DATABASES`; any other `repro-` database that is not a registered data
 * database, and storage keys starting with `credentials` or `integrations`, are treated as credentials too.
 */
import { browser } from 'wxt/browser';
import { CREDENTIAL_DATABASES, DATABASES } from '../storage/databases';
import { runAfterDeleteAll, runBeforeDeleteAll, type DeleteAllOptions } from '../storage/delete-hooks';
import { closeEveryLazyDb } from '../storage/lazy-db';

export type { DeleteAllOptions };

export interface DeleteAllSummary {
  /** Databases that existed and were deleted. */
  databases: string[];
  /** Databases whose deletion waits for a Repro page that still has them open (done once it closes). */
  blocked: string[];
  /** Storage keys removed, per area. */
  local: string[];
  session: string[];
  caches: string[];
}

const DATA_DATABASES = new Set<string>(Object.values(DATABASES));
const CREDENTIAL_KEY = /^(credentials|integrations)/;

/** True when a database holds credentials rather than captured data (see the module comment). */
export function isCredentialDatabase(name: string): boolean {
  return (Object.values(CREDENTIAL_DATABASES) as string[]).includes(name) || (name.startsWith('repro-') && !DATA_DATABASES.has(name));
}

/** True when a storage key holds credentials or tracker connections. */
export function isCredentialKey(key: string): boolean {
  return CREDENTIAL_KEY.test(key);
}

function deleteDatabase(name: string): Promise<'deleted' | 'blocked'> {
  return new Promise((resolve, reject) => {
    const request = indexedDB.deleteDatabase(name);
    request.onsuccess = () => resolve('deleted');
    request.onerror = () => reject(request.error ?? new Error(`could not delete ${name}`));
    // Another Repro page (popup, viewer) still holds a connection: the deletion completes when it closes.
    request.onblocked = () => resolve('blocked');
  });
}

/** Every database of the extension's origin, and the registered ones in case the browser cannot list them. */
async function databaseNames(): Promise<{ names: string[]; existing: Set<string> }> {
  const existing = new Set<string>();
  try {
    for (const db of await indexedDB.databases()) if (db.name) existing.add(db.name);
  } catch {
    // No databases() (older browsers): the registered names are deleted all the same.
    for (const name of DATA_DATABASES) existing.add(name);
  }
  return { names: [...new Set([...DATA_DATABASES, ...existing])], existing };
}

async function removeKeys(area: 'local' | 'session', keep: (key: string) => boolean): Promise<string[]> {
  const storageArea = browser.storage[area];
  const keys = Object.keys(await storageArea.get(null)).filter((key) => !keep(key));
  if (keys.length > 0) await storageArea.remove(keys);
  return keys.sort();
}

/** Deletes everything Repro stored, except settings and credentials unless chosen. */
export async function deleteAllData(options: DeleteAllOptions): Promise<DeleteAllSummary> {
  // Our own open connections first, so the deletion is not blocked by ourselves.
  await Promise.all([closeEveryLazyDb(), runBeforeDeleteAll()]);
  const summary: DeleteAllSummary = { databases: [], blocked: [], local: [], session: [], caches: [] };

  const { names, existing } = await databaseNames();
  for (const name of names) {
    if (!options.credentials && isCredentialDatabase(name)) continue;
    const outcome = await deleteDatabase(name);
    if (outcome === 'blocked') summary.blocked.push(name);
    else if (existing.has(name)) summary.databases.push(name);
  }

  const keep = (key: string): boolean =>
    (!options.credentials && isCredentialKey(key)) || (!options.settings && key.startsWith('settings.'));
  summary.local = await removeKeys('local', keep);
  summary.session = await removeKeys('session', keep);

  if (typeof caches !== 'undefined') {
    for (const name of await caches.keys()) {
      await caches.delete(name);
      summary.caches.push(name);
    }
  }
  summary.databases.sort();
  await runAfterDeleteAll(options);
  return summary;
}
