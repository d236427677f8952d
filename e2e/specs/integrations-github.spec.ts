import JSZip from 'jszip';
import { expect, test } from '../harness/fixtures';
import { startFakeGitHub, type FakeGitHub } from '../fakes/fake-github';
import { seedDraft, sendFrom } from '../fakes/seed-draft';

const TOKEN = 'github_pat_e2e_secret_0123456789';
let gh: FakeGitHub;
test.beforeEach(async () => {
  gh = await startFakeGitHub({ token: TOKEN, prefix: '/api/v3' });
});
test.afterEach(async () => {
  expect(gh.violations).toEqual([]);
  await gh.close();
});

async function configure(ext: { openExtensionPage(p: string): Promise<import('@playwright/test').Page> }) {
  const options = await ext.openExtensionPage('options.html');
  await options.getByRole('button', { name: 'Add GitHub connection' }).click();
  const form = options.getByTestId('github-form');
  await form.getByLabel('Name').fill('Shop');
  await form.getByLabel('Repository').fill('acme/shop');
  await form.getByLabel('Token').fill(TOKEN);
  await form.getByLabel('API base URL').fill(gh.apiBaseUrl);
  await expect(form.getByTestId('github-privacy')).toContainText('Everyone who can read this repository can read those files');
  await form.getByRole('button', { name: 'Test connection' }).click();
  await expect(form.getByTestId('test-result')).toContainText('Connected to GitHub as quinn (Quinn Tester)');
  await expect(form.getByTestId('test-result')).toContainText('private: only people with access can read the report files');
  await form.getByRole('button', { name: 'Save' }).click();
  await expect(options.getByTestId('token-state')).toHaveText('Token stored');
  return options;
}

test('a GitHub connection files the issue and commits the report files it links to', async ({ ext }) => {
  const options = await configure(ext);
  await seedDraft(options, 'draft-gh');
  const result = await sendFrom(options, 'trackers:send', { draftId: 'draft-gh', tracker: 'github' });
  expect(result).toEqual({ ok: true, key: '#1', url: `${gh.origin}/acme/shop/issues/1`, attachmentErrors: [] });

  const issue = gh.issues[0]!;
  expect(issue.title).toBe('Checkout button does nothing');
  expect(issue.body).toContain(`![screenshot.png](${gh.origin}/acme/shop/blob/repro-reports/issues/1/screenshot.png?raw=true)`);
  const zip = await JSZip.loadAsync(gh.files.get('repro-reports')!.get('issues/1/repro-checkout-button.zip')!);
  expect(Object.keys(zip.files).sort()).toEqual([
    'README.md',
    'console.json',
    'network.har',
    'recording.json',
    'report.json',
    'screenshot.png',
  ]);
  for (const r of gh.requests) expect(r.headers['x-github-api-version']).toBe('2022-11-28');
});

test('a token stays with its address: moving the connection elsewhere asks for it again', async ({ ext }) => {
  const options = await configure(ext);
  const elsewhere = await startFakeGitHub({ token: TOKEN });
  try {
    await options.getByRole('button', { name: 'Edit' }).click();
    const form = options.getByTestId('github-form');
    await form.getByLabel('API base URL').fill(elsewhere.apiBaseUrl);
    await expect(form.getByLabel('Token')).toHaveAttribute('placeholder', /Enter it again/);
    await form.getByRole('button', { name: 'Test connection' }).click();
    await expect(form.getByTestId('test-result')).toContainText('Enter the token again');
    await form.getByRole('button', { name: 'Save' }).click();
    await expect(form.getByRole('alert')).toContainText('enter the token again');
    expect(elsewhere.requests).toEqual([]);
    // Plain http to another machine is refused before anything is sent.
    await form.getByLabel('API base URL').fill('http://git.acme.test/api/v3');
    await form.getByRole('button', { name: 'Save' }).click();
    await expect(form.getByRole('alert')).toContainText('Use https://');
  } finally {
    await elsewhere.close();
  }
});

test('content scripts cannot read the token, and "Forget credentials" removes it', async ({ ext, server }) => {
  const options = await configure(ext);
  const page = await ext.context.newPage();
  await page.goto(server.url('/index.html'));
  const tabId = await ext.tabIdOf(page);

  // A content script of the extension (isolated world) looks everywhere it can.
  const seen = await ext.inWorker(async (id) => {
    const [frame] = await chrome.scripting.executeScript({
      target: { tabId: id },
      world: 'ISOLATED',
      func: async () => {
        const local = JSON.stringify(await chrome.storage.local.get(null));
        let session = 'unreadable';
        try {
          session = JSON.stringify(await chrome.storage.session.get(null));
        } catch {
          // Not exposed to content scripts: the default access level is TRUSTED_CONTEXTS.
        }
        const databases = (await indexedDB.databases()).map((d) => d.name);
        return { local, session, databases, origin: location.origin };
      },
    });
    return frame!.result as { local: string; session: string; databases: string[]; origin: string };
  }, tabId);
  expect(seen.origin).toBe(server.origin);
  expect(seen.local).not.toContain(TOKEN);
  expect(seen.session).not.toContain(TOKEN);
  expect(seen.databases).not.toContain('repro-integrations');
  // The page itself sees nothing either.
  expect(await page.evaluate(async () => (await indexedDB.databases()).map((d) => d.name))).not.toContain('repro-integrations');

  // The worker has it, in the extension origin's IndexedDB.
  const stored = () =>
    ext.inWorker(
      () =>
        new Promise<number>((resolve, reject) => {
          const open = indexedDB.open('repro-integrations');
          open.onerror = () => reject(open.error);
          open.onsuccess = () => {
            const req = open.result.transaction('credentials').objectStore('credentials').count();
            req.onsuccess = () => {
              resolve(req.result);
              open.result.close();
            };
          };
        }),
      null,
    );
  expect(await stored()).toBe(1);

  await options.getByRole('button', { name: 'Forget credentials' }).click();
  await expect(options.getByTestId('token-state')).toContainText('No token stored');
  expect(await stored()).toBe(0);
  expect(await sendFrom(options, 'trackers:status', {})).toContainEqual({ tracker: 'github', name: 'GitHub', configured: false });
  await seedDraft(options, 'kept');
  expect(await sendFrom(options, 'trackers:send', { draftId: 'kept', tracker: 'github' })).toMatchObject({
    ok: false,
    kind: 'not-configured',
  });
});
