import { IDBFactory } from 'fake-indexeddb';
import { beforeEach, expect, it } from 'vitest';
import { closeIntegrationsDb, defaultConnection, forgetSecret, getSecret, hasSecret, listConnections, removeConnection, saveConnection } from './store';
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
  expect((await listConnections()).filter((c) => c.isDefault).map((c) => c.id).sort()).toEqual(['b', 'j']);
  await removeConnection('b');
  expect((await defaultConnection('github'))?.id).toBe('a');
  expect(await getSecret('b')).toBeUndefined();
});

it('keeps the token on an edit without one, and forgets it on request', async () => {
  const c = githubConnection('https://api.github.com');
  await saveConnection(c, { token: 'secret' });
  await saveConnection({ ...c, name: 'Renamed' });
  expect(await getSecret(c.id)).toEqual({ token: 'secret' });
  await forgetSecret(c.id);
  expect(await hasSecret(c.id)).toBe(false);
  expect((await listConnections())[0]?.name).toBe('Renamed');
});
