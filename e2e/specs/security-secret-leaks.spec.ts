/**
 * The secret-leak suite: a tester records the secrets fixture (every canary in its place), builds one
 * report, downloads it and sends it to Jira and GitHub. Every byte of every file in the zip (the viewer's
 * embedded data decoded too), everything the fake trackers received and everything the extension keeps
 * (IndexedDB, `storage.local`, `storage.session`) is scanned for every canary in raw, URL-encoded and base64 forms. Any finding fails the
 * test, listed with the file and the form it was found in. See e2e/fixtures/sites/secrets/CANARIES.md.
 */
import { readFileSync } from 'node:fs';
import type { Page } from '@playwright/test';
import type { Har } from 'har-format';
import JSZip from 'jszip';
import { REDACTED } from '../../lib/redact';
import type { ConsoleEntry, ReportJson } from '../../lib/model/report';
import { CANARIES } from '../fixtures/sites/secrets/canaries';
import {
  describeLeaks,
  expand,
  expandAll,
  expandRequest,
  scanItems,
  type Expanded,
  type ScanItem,
} from '../fixtures/sites/secrets/leak-scan';
import { canaryInitScript, registerSecretRoutes, secretsPageUrl, TESTER_PRIVACY_SETTINGS } from '../fixtures/sites/secrets/routes';
import { startFakeGitHub } from '../fakes/fake-github';
import { startFakeJira } from '../fakes/fake-jira';
import { sendFrom } from '../fakes/seed-draft';
import { expect, test } from '../harness/fixtures';

const JIRA_TOKEN = 'jira-leak-suite-token';
const GITHUB_TOKEN = 'github_pat_leak_suite_0123456789';

/**
 * The scan proves something only if the canaries' places made it into the report (redacted): every
 * fixture request in the HAR with its headers and bodies, every console line, the typed inputs and the
 * marked text in the replay, the page address in report.json.
 */
async function expectEveryPlaceReported(zipBytes: Buffer): Promise<void> {
  const zip = await JSZip.loadAsync(zipBytes);
  const read = async (name: string) => JSON.parse(await zip.file(name)!.async('string'));
  const har = (await read('network.har')) as Har;
  const entries = (path: string) => har.log.entries.filter((e) => new URL(e.request.url).pathname === path);
  expect(entries('/secrets/api/echo').length).toBeGreaterThanOrEqual(15);
  for (const path of [
    '/secrets/api/b64',
    '/secrets/api/b64-response',
    '/secrets/api/challenge',
    '/secrets/shop.html',
    '/secrets/shop.js',
    '/secrets/shop.css',
    '/secrets/api/links',
  ]) {
    expect([path, entries(path).length]).toEqual([path, 1]);
  }
  // Once by the page, once by the shop frame's own script (with its api_key).
  expect(entries('/secrets/api/profile')).toHaveLength(2);
  expect(entries('/secrets/shop.html')[0]!.response.content.text).toContain('window.__DATA__');
  // The WebSocket, with the frames it sent and received.
  const socket = entries('/secrets/ws')[0] as { _webSocketMessages?: { type: string; data: string }[] } | undefined;
  expect(socket?._webSocketMessages?.map((m) => m.type).sort()).toEqual(['receive', 'receive', 'send', 'send']);
  expect(socket?._webSocketMessages?.find((m) => m.data.startsWith('CONNECT'))?.data).toContain(`passcode:${REDACTED}`);
  expect(entries('/secrets/graphql')).toHaveLength(2);
  // The browser answers the Basic challenge itself: one entry, sent with the XHR's user and password.
  expect(entries('/secrets/api/protected').map((e) => e.response.status)).toContain(200);
  const [login] = entries('/secrets/api/login');
  expect(login!.request.headers.find((h) => h.name.toLowerCase() === 'authorization')?.value).toBe(REDACTED);
  expect(login!.request.postData?.text).toContain(REDACTED);
  expect(login!.response.content.text).toContain(REDACTED);
  expect(login!.response.headers.find((h) => h.name.toLowerCase() === 'set-cookie')?.value).toBe(REDACTED);
  expect(entries('/secrets/api/b64-response')[0]!.response.content.text).toBeTruthy();

  const consoleLines = ((await read('console.json')) as ConsoleEntry[]).map((e) => e.message).join('\n');
  for (const text of [
    'refreshing with token=',
    'session',
    'login failed for',
    'id token',
    'request rejected',
    'expired',
    'cookies',
    'aws key in use',
    'checkout failed',
    'signed in',
  ]) {
    expect(consoleLines).toContain(text);
  }

  const events = (await read('recording.json')) as { type: number; data: { source?: number } }[];
  // Input events (incremental snapshot, source Input) for the typed fields that are not blocked outright
  // (password, card, security and one-time code fields never emit any), and the marked elements.
  expect(events.filter((e) => e.type === 3 && e.data.source === 5).length).toBeGreaterThanOrEqual(8);
  const replay = JSON.stringify(events);
  for (const id of [
    'masked',
    'userinfo-link',
    'f-editable',
    'f-frame',
    'patient-name',
    'mention',
    'sso-response',
    'api-widget',
    'banner',
    'live-key',
    'session-token',
    'employee',
    'shop',
  ]) {
    expect(replay).toContain(`"id":"${id}"`);
  }
  // Kept in the replay, their values gone: the hidden field (masked), the CSRF meta tag, the data-api-key attribute.
  expect(replay).toMatch(/"type":"hidden","name":"SAMLResponse","value":"\*+"/);
  expect(replay).toContain(`"name":"_csrf","content":"${REDACTED}"`);
  expect(replay).toContain(`"data-api-key":"${REDACTED}"`);
  // The shop frame's document is in the replay, its stylesheet inlined.
  expect(replay).toContain('Deals');
  expect(replay).toMatch(/\.hero \{[^}]*\/secrets\/img\.png\?token=/);
  // Blocked elements (password and card fields, data-repro-block) are there as empty placeholders.
  expect(replay).toContain('"rr_width"');

  const report = (await read('report.json')) as ReportJson;
  expect(report.page.url).toContain('/secrets/index.html?employeeId=');
  expect(report.steps).toContain('Type into "Name"');
  // The clicks on masked names are there, by role only.
  expect(report.steps).toEqual(expect.arrayContaining(['Click a button', 'Click a link']));
}

/** Every record of the extension's capture, network and report databases, blobs read out as bytes. */
async function readDatabases(page: Page): Promise<ScanItem[]> {
  const dumped = await page.evaluate(
    async (names) => {
      const out: { name: string; b64: string }[] = [];
      const toB64 = (bytes: Uint8Array) => {
        let s = '';
        for (let i = 0; i < bytes.length; i += 0x8000) s += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
        return btoa(s);
      };
      const text = (s: string) => toB64(new TextEncoder().encode(s));
      // Opening a database that does not exist would create it: read only those the extension made.
      const existing = new Set((await indexedDB.databases()).map((d) => d.name));
      for (const dbName of names.filter((n) => existing.has(n))) {
        const db = await new Promise<IDBDatabase>((resolve, reject) => {
          const open = indexedDB.open(dbName);
          open.onsuccess = () => resolve(open.result);
          open.onerror = () => reject(open.error);
        });
        for (const storeName of Array.from(db.objectStoreNames)) {
          const records = await new Promise<unknown[]>((resolve, reject) => {
            const req = db.transaction(storeName).objectStore(storeName).getAll();
            req.onsuccess = () => resolve(req.result);
            req.onerror = () => reject(req.error);
          });
          for (const [i, record] of records.entries()) {
            const at = `${dbName}/${storeName}[${i}]`;
            const blobs: { path: string; value: Blob | ArrayBuffer | ArrayBufferView }[] = [];
            const json = JSON.stringify(record, function (key, value) {
              if (value instanceof Blob || value instanceof ArrayBuffer || ArrayBuffer.isView(value)) {
                blobs.push({ path: `${at}.${key}`, value });
                return `[binary ${blobs.length - 1}]`;
              }
              return value;
            });
            out.push({ name: at, b64: text(json) });
            for (const b of blobs) {
              const v = b.value;
              const bytes =
                v instanceof Blob
                  ? new Uint8Array(await v.arrayBuffer())
                  : v instanceof ArrayBuffer
                    ? new Uint8Array(v)
                    : new Uint8Array(v.buffer, v.byteOffset, v.byteLength);
              out.push({ name: b.path, b64: toB64(bytes) });
            }
          }
        }
        db.close();
      }
      return out;
    },
    ['repro-capture', 'repro-network', 'repro-reports'],
  );
  return dumped.map((d) => ({ name: `IndexedDB ${d.name}`, bytes: Buffer.from(d.b64, 'base64') }));
}

test('no canary leaks into the zip, the trackers or the extension storage', async ({ ext, server }) => {
  test.setTimeout(180_000);
  const routes = registerSecretRoutes(server);
  const jira = await startFakeJira({ flavor: 'cloud', email: 'quinn@example.test', token: JIRA_TOKEN });
  const github = await startFakeGitHub({ token: GITHUB_TOKEN });
  try {
    // Trackers configured as the options page saves them, before the reporter asks which are set up.
    const options = await ext.openExtensionPage('options.html');
    await sendFrom(options, 'trackers:save', {
      connection: {
        tracker: 'jira',
        id: 'jira-1',
        name: 'Acme Jira',
        flavor: 'cloud',
        baseUrl: jira.origin,
        email: 'quinn@example.test',
        projectKey: 'WEB',
        issueTypeId: '10001',
        labels: [],
        components: [],
        priorities: {},
        isDefault: true,
      },
      token: JIRA_TOKEN,
    });
    await sendFrom(options, 'trackers:save', {
      connection: {
        tracker: 'github',
        id: 'gh-1',
        name: 'Shop',
        repository: 'acme/shop',
        apiBaseUrl: github.apiBaseUrl,
        labels: [],
        isDefault: true,
      },
      token: GITHUB_TOKEN,
    });
    expect(await sendFrom(options, 'trackers:status', {})).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ tracker: 'jira', configured: true }),
        expect.objectContaining({ tracker: 'github', configured: true }),
      ]),
    );

    // What a careful tester sets: the patient panel masked, and their own field name and pattern.
    await ext.inWorker((settings) => chrome.storage.local.set(settings), TESTER_PRIVACY_SETTINGS);

    // Record the fixture as a tester would: type into every field, press every button.
    await ext.allowOrigin(server.origin);
    const page = await ext.context.newPage();
    await page.addInitScript({ content: canaryInitScript() });
    await page.goto(secretsPageUrl(server));
    await expect(page.locator('#masked')).toContainText('Account key');
    for (const c of CANARIES.filter((x) => x.place === 'input')) {
      const field = c.id === 'input-iframe' ? page.frameLocator('#f-frame-host').locator(c.selector!) : page.locator(c.selector!);
      await field.click();
      await field.pressSequentially(c.value);
    }
    // Names that are masked in the replay, clicked: their steps must name them by role only.
    await page.locator('#patient-name').click();
    await page.locator('#mention').click();
    await page.getByRole('button', { name: 'Send requests' }).click();
    await expect(page.locator('#done')).toContainText('network');
    await page.getByRole('button', { name: 'Log' }).click();
    await page.getByRole('button', { name: 'Store' }).click();
    await expect(page.locator('#done')).toContainText('storage');
    // The canaries really were on the page and on the wire (the fixture spec proves each one in detail).
    expect(routes.received.length).toBeGreaterThan(15);

    // One report: title, Download .zip, then the same draft to Jira and to GitHub.
    const reporter = await ext.openReporterFor(page);
    await expect(reporter.getByTestId('captured-counts')).toContainText('replay event', { timeout: 30_000 });
    await expect(reporter.getByTestId('captured-counts')).not.toContainText(/\b0 replay events/);
    await reporter.getByLabel('Title').fill('Login loops back to the form');
    await reporter.getByRole('button', { name: 'Download .zip' }).click();
    await expect(reporter.getByTestId('outcome')).toContainText('Saved', { timeout: 60_000 });
    let zipPath = '';
    await expect
      .poll(async () => {
        const [item] = await ext.inWorker(async () => chrome.downloads.search({ orderBy: ['-startTime'], limit: 1 }), null);
        zipPath = item?.state === 'complete' ? item.filename : '';
        return item?.state;
      })
      .toBe('complete');
    await reporter.getByRole('button', { name: 'Send to Jira' }).click();
    await expect(reporter.getByTestId('outcome')).toContainText('Filed in Jira', { timeout: 60_000 });
    await reporter.getByRole('button', { name: 'Send to GitHub' }).click();
    await expect(reporter.getByTestId('outcome')).toContainText('Filed in GitHub', { timeout: 60_000 });

    // Everything a reader of the report, the trackers or the profile could see.
    const scanned: Expanded = { items: [], skipped: [] };
    const add = (e: Expanded) => {
      scanned.items.push(...e.items);
      scanned.skipped.push(...e.skipped);
    };
    const zipBytes = readFileSync(zipPath);
    add(await expand('report.zip', zipBytes));
    for (const req of jira.requests) add(await expandRequest('jira', req));
    for (const req of github.requests) add(await expandRequest('github', req));
    add(await expandAll(await readDatabases(options)));
    const storage = await options.evaluate(async () => ({
      local: JSON.stringify(await chrome.storage.local.get(null)),
      session: JSON.stringify(await chrome.storage.session.get(null)),
    }));
    add(await expandAll(Object.entries(storage).map(([area, json]) => ({ name: `storage.${area}`, bytes: Buffer.from(json) }))));

    // The scan covered what it should: every file of the zip, the viewer's data, both trackers' uploads, the storage.
    const names = scanned.items.map((i) => i.name);
    for (const file of [
      'report.json',
      'recording.json',
      'network.har',
      'console.json',
      'README.md',
      'viewer.html',
      'viewer.html (embedded data)',
    ]) {
      expect(names).toContain(`report.zip/${file}`);
    }
    expect(names.some((n) => /^jira: .* part repro-.*\.zip\/recording\.json$/.test(n))).toBe(true);
    expect(names.some((n) => /^github: PUT .*\.zip.*\/recording\.json$/.test(n))).toBe(true);
    expect(names.some((n) => n.startsWith('IndexedDB repro-capture/'))).toBe(true);
    expect(names.some((n) => n.startsWith('IndexedDB repro-network/'))).toBe(true);
    expect(names.some((n) => /^IndexedDB repro-reports\/.*\/recording\.json$/.test(n))).toBe(true);
    // Only pixels are left out: screenshots, whose text no byte scan can read.
    for (const s of scanned.skipped) expect(s).toMatch(/screenshot|\.png$/i);
    expect(jira.violations).toEqual([]);
    expect(github.violations).toEqual([]);

    const leaks = scanItems(scanned.items);
    // The message lists each leak: canary, where it was planted, the form and the file it was found in.
    expect(describeLeaks(leaks)).toBe('no canary leaked');
    // And no leak because nothing was captured: every place is in the report, redacted.
    await expectEveryPlaceReported(zipBytes);
  } finally {
    await jira.close();
    await github.close();
  }
});
