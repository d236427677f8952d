import { IDBFactory } from 'fake-indexeddb';
import { beforeEach, expect, it } from 'vitest';
import { openDB } from 'idb';
import {
  closeIntegrationsDb,
  defaultConnection,
  forgetSecret,
  getSecret,
  hasSecret,
  listConnections,
  removeConnection,
  saveConnection,
  TokenOriginError,
} from './store';
import { githubConnection, jiraConnection } from './testing';

beforeEach(async () => {
  await closeIntegrationsDb();
  globalThis.indexedDB = new IDBFactory();
});

it('keeps one default per tracker: the first saved, or the last one marked default', async () => {
  await saveConnection(githubConnection('https://api.github.com', { id: 'a', isDefault: false }), { token: 't1' });
  expect((await defaultConnection('github'))?.id).toBe('a');
  await saveConnection(githubConnection('https://api.github.com', { id: 'b', isDefault: true }), { token: 't2' });
  await saveConnection(jiraConnection('https://acme.atlassian.net', { id: 'j', isDefault: false }), { token: 't3' });
  expect((await defaultConnection('github'))?.id).toBe('b');
  expect(
    (await listConnections())
      .filter((c) => c.isDefault)
      .map((c) => c.id)
      .sort(),
  ).toEqual(['b', 'j']);
  await removeConnection('b');
  expect((await defaultConnection('github'))?.id).toBe('a');
  expect(await hasSecret('b')).toBe(false);
});

it('keeps the token on an edit without one, and forgets it on request', async () => {
  const c = githubConnection('https://api.github.com');
  await saveConnection(c, { token: 'secret' });
  await saveConnection({ ...c, name: 'Renamed' });
  expect(await getSecret(c)).toEqual({ token: 'secret' });
  await forgetSecret(c.id);
  expect(await hasSecret(c.id)).toBe(false);
  expect((await listConnections())[0]?.name).toBe('Renamed');
});

it('ties a token stored before origins were kept to the address of its saved connection', async () => {
  const c = githubConnection('https://api.github.com');
  await saveConnection(c, { token: 'old' });
  const raw = await openDB('repro-integrations');
  await raw.put('credentials', { id: c.id, token: 'old' });
  raw.close();
  const moved = { ...c, apiBaseUrl: 'https://git.elsewhere.test/api/v3' };
  expect(await getSecret(c)).toEqual({ token: 'old' });
  expect(await getSecret(moved)).toBeUndefined();
  await expect(saveConnection(moved)).rejects.toThrow(TokenOriginError);
  expect(await listConnections()).toEqual([expect.objectContaining({ apiBaseUrl: 'https://api.github.com' })]);
  await saveConnection(moved, { token: 'new' });
  expect(await getSecret(moved)).toEqual({ token: 'new' });
});
