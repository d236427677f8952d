import { readFileSync } from 'node:fs';
import type { Page } from '@playwright/test';
import { expect, test } from '../harness/fixtures';

/** Everything the extension keeps, read from one of its own pages. */
async function storageSnapshot(page: Page): Promise<{ databases: string[]; local: string[]; session: string[]; caches: string[] }> {
  return page.evaluate(async () => ({
    databases: (await indexedDB.databases()).map((d) => d.name ?? '').sort(),
    local: Object.keys(await chrome.storage.local.get(null)).sort(),
    session: Object.keys(await chrome.storage.session.get(null)).sort(),
    caches: (await caches.keys()).sort(),
  }));
}

/** Fills every kind of storage the product uses, as its areas would. */
async function fillStorage(page: Page): Promise<void> {
  await page.evaluate(async () => {
    const open = (name: string) =>
      new Promise<void>((resolve, reject) => {
        const request = indexedDB.open(name, 1);
        request.onupgradeneeded = () => request.result.createObjectStore('s');
        request.onsuccess = () => {
          const db = request.result;
          const tx = db.transaction('s', 'readwrite');
          tx.objectStore('s').put({ body: 'recorded page data' }, 'k');
          tx.oncomplete = () => {
            db.close();
            resolve();
          };
        };
        request.onerror = () => reject(request.error);
      });
    for (const name of ['repro-capture', 'repro-network', 'repro-reports', 'repro-credentials']) await open(name);
    await chrome.storage.local.set({ 'settings.retention': { days: 3 }, 'credentials.github': { token: 't' }, 'report.last': 'x' });
    await chrome.storage.session.set({ 'capture.recordingTabs': { 5: { url: 'https://a.test/' } }, 'network.attached': [5] });
    await (await caches.open('repro-thumbnails')).put('https://repro.invalid/thumb', new Response('png'));
  });
}

test('Delete all data leaves nothing behind, or keeps settings and credentials when not chosen', async ({ ext }) => {
  const options = await ext.openExtensionPage('options.html');
  await fillStorage(options);
  // The settings page itself lists tracker connections, which opens their database.
  await expect
    .poll(async () => (await storageSnapshot(options)).databases)
    .toEqual(['repro-capture', 'repro-credentials', 'repro-integrations', 'repro-network', 'repro-reports']);

  // Without the boxes ticked: data goes, settings and credentials stay.
  await options.getByRole('button', { name: 'Delete all data…' }).click();
  await options.getByRole('button', { name: 'Yes, delete everything' }).click();
  await expect(options.getByTestId('data-notice')).toHaveText('All Repro data deleted (settings and tracker connections kept).');
  expect(await storageSnapshot(options)).toEqual({
    databases: ['repro-credentials', 'repro-integrations'],
    local: ['credentials.github', 'settings.retention'],
    session: [],
    caches: [],
  });

  // With both ticked: nothing at all is left.
  await fillStorage(options);
  await options.getByLabel('Also delete settings').check();
  await options.getByLabel('Also delete tracker connections and credentials').check();
  await options.getByRole('button', { name: 'Delete all data…' }).click();
  await options.getByRole('button', { name: 'Yes, delete everything' }).click();
  await expect(options.getByTestId('data-notice')).toHaveText('All Repro data deleted.');
  expect(await storageSnapshot(options)).toEqual({ databases: [], local: [], session: [], caches: [] });

  // Seen from another extension page too.
  const privacy = await ext.openExtensionPage('privacy.html');
  expect(await storageSnapshot(privacy)).toEqual({ databases: [], local: [], session: [], caches: [] });
});

test('settings travel as a JSON file, and a bad file is refused with the field named', async ({ ext }, testInfo) => {
  const options = await ext.openExtensionPage('options.html');
  await options.getByTestId('retention-days').fill('21');
  await options.getByTestId('retention-days').press('Enter');
  await expect(options.getByTestId('data-notice')).toContainText('kept for 21 days');

  const downloading = options.waitForEvent('download');
  await options.getByRole('button', { name: 'Export settings' }).click();
  const download = await downloading;
  expect(download.suggestedFilename()).toBe('repro-settings.json');
  const exported = JSON.parse(readFileSync((await download.path())!, 'utf8'));
  expect(exported).toMatchObject({ format: 'repro-settings', version: 1, settings: { retention: { days: 21 } } });

  const bad = testInfo.outputPath('bad.json');
  const good = testInfo.outputPath('good.json');
  const { writeFileSync } = await import('node:fs');
  writeFileSync(
    bad,
    JSON.stringify({ ...exported, settings: { ...exported.settings, capture: { ...exported.settings.capture, windowMs: 1000 } } }),
  );
  writeFileSync(good, JSON.stringify({ ...exported, settings: { ...exported.settings, retention: { days: 2 } } }));

  await options.getByLabel('Import settings').setInputFiles(bad);
  await expect(options.getByTestId('data-errors')).toHaveText('capture.windowMs must be between 30 s and 15 min (30000–900000 ms).');
  await expect(options.getByTestId('retention-days')).toHaveValue('21');

  await options.getByLabel('Import settings').setInputFiles(good);
  await expect(options.getByTestId('data-notice')).toHaveText('Imported settings: capture, network, privacyCapture, redaction, retention.');
  await expect(options.getByTestId('retention-days')).toHaveValue('2');
});

test('the Privacy page lists what is kept where, and the extension stays out of incognito', async ({ ext }) => {
  const privacy = await ext.openExtensionPage('privacy.html');
  for (const heading of ['What is captured', 'Where it is stored', 'How long it is kept', 'What leaves your machine', 'How to delete it']) {
    await expect(privacy.getByRole('heading', { name: heading })).toBeVisible();
  }
  await expect(privacy.getByTestId('privacy')).toContainText('repro-capture');
  await expect(privacy.getByTestId('privacy')).toContainText('7 days after their last change');
  const manifest = await ext.inWorker(() => chrome.runtime.getManifest(), null);
  expect(manifest.incognito).toBe('not_allowed');
  expect(manifest.permissions).toContain('alarms');
  expect(await ext.inWorker(async () => (await chrome.alarms.getAll()).map((a) => a.name), null)).toContain('repro-retention-sweep');
});
