/**
 * Network capture in real Chromium: the fixture page's traffic ends up in extension storage as redacted
 * HAR entries with bodies, and survives the worker being stopped mid-session.
 */
import type { Entry, Page as HarPage } from 'har-format';
import type { Page } from '@playwright/test';
import { buildHar } from '../../lib/network/har-document';
import { harErrors } from '../../lib/network/har-validate';
import { installNetworkRoutes } from '../fixtures/sites/network/routes';
import { expect, test } from '../harness/fixtures';
import { NETWORK_TABS_KEY } from '../harness/storage-keys';
import { networkAttached } from './network-support';
import { stopWorker } from './worker-support';

/** Reads a tab's stored network log from IndexedDB through an extension page. */
async function readStored(reader: Page, tabId: number): Promise<{ entries: Entry[]; pages: HarPage[] }> {
  return reader.evaluate(async (id) => {
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const open = indexedDB.open('repro-network');
      open.onsuccess = () => resolve(open.result);
      open.onerror = () => reject(open.error);
    });
    const all = <T>(store: string) =>
      new Promise<T[]>((resolve, reject) => {
        const request = db.transaction(store).objectStore(store).index('tabId').getAll(id);
        request.onsuccess = () => resolve(request.result as T[]);
        request.onerror = () => reject(request.error);
      });
    const entries = (await all<{ entry: unknown }>('entries')).map((r) => r.entry);
    const pages = (await all<{ page: unknown }>('pages')).map((r) => r.page);
    db.close();
    return { entries, pages } as never;
  }, tabId);
}

/** The worker's record of whether a debugger session is attached, read from an extension page. */
async function attachedFrom(reader: Page, tabId: number): Promise<boolean> {
  return reader.evaluate(
    async ({ id, key }) => {
      const tabs = (await chrome.storage.session.get(key))[key] as Record<string, { attached: boolean }> | undefined;
      return tabs?.[id]?.attached ?? false;
    },
    { id: tabId, key: NETWORK_TABS_KEY },
  );
}

const path = (e: Entry) => {
  const u = new URL(e.request.url);
  return u.pathname + u.search;
};

test('captures fetch/XHR JSON, a 500, a POST, a redirect and a failure, redacted, as valid HAR', async ({ ext, server }) => {
  installNetworkRoutes(server);
  await ext.allowOrigin(server.origin);
  const page = await ext.context.newPage();
  await page.goto(server.url('/network/index.html'));
  const tabId = await ext.tabIdOf(page);
  await expect.poll(() => networkAttached(ext, tabId)).toBe(true);

  await page.evaluate(() => (window as unknown as { runScenario(): Promise<boolean> }).runScenario());
  const reader = await ext.openExtensionPage('options.html');
  await expect
    .poll(async () => (await readStored(reader, tabId)).entries.map(path))
    .toEqual(expect.arrayContaining(['/api/login', '/api/fail', '/api/redirect', '/api/items?page=2', '/refused', '/cacheable.json']));
  const { entries, pages } = await readStored(reader, tabId);
  const har = buildHar(pages, entries, '0.1.0');
  expect(harErrors(har)).toEqual([]);

  const one = (p: string) => entries.find((e) => path(e) === p)!;
  const items = entries.find((e) => path(e).startsWith('/api/items?token='))!;
  expect(items.request.queryString).toContainEqual({ name: 'token', value: '[redacted]' });
  expect(items.request.headers.find((h) => h.name.toLowerCase() === 'authorization')?.value).toBe('[redacted]');
  expect(items.request.headers.find((h) => h.name.toLowerCase() === 'cookie')?.value).toBe('[redacted]');
  expect(JSON.parse(items.response.content.text!)).toMatchObject({ page: '1', access_token: '[redacted]' });

  const login = one('/api/login');
  expect(login.request.method).toBe('POST');
  expect(JSON.parse(login.request.postData!.text!)).toEqual({ user: 'ann', password: '[redacted]', remember: true });

  const fail = one('/api/fail');
  expect(fail.response.status).toBe(500);
  expect(JSON.parse(fail.response.content.text!)).toEqual({ error: 'database unavailable', code: 'E_DB' });

  expect(one('/api/redirect').response.status).toBe(302);
  expect(one('/api/items?page=2').response.status).toBe(200);
  expect(one('/refused').comment).toMatch(/ERR_CONNECTION_REFUSED/);
  expect(fail.time).toBeGreaterThan(0);

  // Nothing the page sent or received leaks (its own script source aside, which holds them as text).
  const traffic = entries.filter((e) => !e.request.url.endsWith('.js'));
  expect(JSON.stringify(traffic)).not.toMatch(/secret-\d/);
  expect(har.log.pages).toHaveLength(1);
});

test('keeps finished entries and goes on capturing after the worker is stopped', async ({ ext, server }) => {
  installNetworkRoutes(server);
  await ext.allowOrigin(server.origin);
  const page = await ext.context.newPage();
  await page.goto(server.url('/network/index.html'));
  const tabId = await ext.tabIdOf(page);
  await expect.poll(() => networkAttached(ext, tabId)).toBe(true);
  await page.evaluate(() => (window as unknown as { runMore(tag: string): Promise<boolean> }).runMore('before-restart'));
  const reader = await ext.openExtensionPage('options.html');
  await expect.poll(async () => (await readStored(reader, tabId)).entries.map(path)).toContain('/api/items?page=before-restart');
  await reader.close();

  // Stop the worker for real, as Chrome does when it is idle.
  const stopped = await stopWorker(ext);

  // A page event wakes it: the reload's content script says hello.
  await page.reload();
  await stopped.runningAgain();
  const reader2 = await ext.openExtensionPage('options.html');
  await expect.poll(() => attachedFrom(reader2, tabId), { timeout: 15_000 }).toBe(true);
  await page.evaluate(() => (window as unknown as { runMore(tag: string): Promise<boolean> }).runMore('after-restart'));

  await expect
    .poll(async () => (await readStored(reader2, tabId)).entries.map(path), { timeout: 15_000 })
    .toEqual(expect.arrayContaining(['/api/items?page=before-restart', '/api/items?page=after-restart']));
  // The extension holds a debugger session on the tab (a command works only in our own session).
  const session = await reader2.evaluate(
    (id) =>
      chrome.debugger.sendCommand({ tabId: id }, 'Runtime.evaluate', { expression: '1' }).then(
        () => true,
        () => false,
      ),
    tabId,
  );
  expect(session).toBe(true);
});
