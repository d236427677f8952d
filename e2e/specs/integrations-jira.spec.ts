import JSZip from 'jszip';
import { expect, test } from '../harness/fixtures';
import { startFakeJira, type FakeJira } from '../fakes/fake-jira';
import { readDraft, seedDraft, sendFrom } from '../fakes/seed-draft';
import { FULL_REPORT_FILES } from './report-support';

let jira: FakeJira;
test.beforeEach(async () => {
  jira = await startFakeJira({ flavor: 'cloud', email: 'quinn@example.test', token: 'jira-secret-token' });
});
test.afterEach(async () => {
  expect(jira.violations).toEqual([]);
  await jira.close();
});

test('a Jira Cloud connection set up on the options page files the issue with the report attached', async ({ ext }) => {
  const options = await ext.openExtensionPage('options.html');
  await options.getByRole('button', { name: 'Add Jira connection' }).click();
  const form = options.getByTestId('jira-form');
  await form.getByLabel('Name').fill('Acme Jira');
  await form.getByLabel('Site URL').fill(jira.origin);
  await form.getByLabel('Account email').fill('quinn@example.test');
  await form.getByLabel('API token').fill('jira-secret-token');
  // Project and issue type come from the instance, not typed by hand.
  await form.getByRole('button', { name: 'Load projects' }).click();
  await expect(form.getByRole('combobox', { name: /^Project/ })).toHaveValue('WEB');
  await expect(form.getByRole('combobox', { name: /^Issue type/ })).toHaveValue('10001');
  await form.getByLabel('critical').selectOption('High');
  await form.getByRole('button', { name: 'Test connection' }).click();
  await expect(form.getByTestId('test-result')).toContainText('Connected to Jira as Quinn Tester');
  await expect(form.getByTestId('test-result')).toContainText('May create issues in WEB.');
  await form.getByRole('button', { name: 'Save' }).click();
  await expect(options.getByTestId('connection')).toContainText('Acme Jira');
  await expect(options.getByTestId('token-state')).toHaveText('Token stored');

  await seedDraft(options, 'draft-jira');
  expect(await sendFrom(options, 'trackers:status', {})).toContainEqual({
    tracker: 'jira',
    name: 'Jira',
    configured: true,
    label: expect.stringMatching(/127\.0\.0\.1.* · WEB/),
  });
  const result = await sendFrom(options, 'trackers:send', { draftId: 'draft-jira', tracker: 'jira' });
  expect(result).toEqual({ ok: true, key: 'WEB-1', url: `${jira.origin}/browse/WEB-1`, attachmentErrors: [] });

  const issue = jira.issues[0]!;
  expect(issue.fields).toMatchObject({ summary: 'Checkout button does nothing', priority: { name: 'High' } });
  expect(issue.attachments.map((a) => a.filename)).toEqual(['repro-checkout-button.zip', 'screenshot.png']);
  const zip = await JSZip.loadAsync(issue.attachments[0]!.data);
  expect(Object.keys(zip.files).sort()).toEqual([
    'README.md',
    'console.json',
    'network.har',
    'recording.json',
    'report.json',
    'screenshot.png',
  ]);
  expect(JSON.parse(await zip.file('report.json')!.async('string')).title).toBe('Checkout button does nothing');

  // Jira's XSRF check passed because the header rule replaced Chromium's User-Agent and dropped Origin.
  const writes = jira.requests.filter((r) => r.method === 'POST');
  expect(writes.length).toBe(3);
  for (const w of writes) {
    expect(w.headers.origin).toBeUndefined();
    expect(w.headers['user-agent']).not.toMatch(/Mozilla|Chrome/);
  }
  expect((await readDraft(options, 'draft-jira'))?.deliveries).toEqual([expect.objectContaining({ status: 'complete', key: 'WEB-1' })]);

  // The rule is what gets writes past Jira's XSRF check: a hand-made write from the worker reaches the
  // field checks (400) with it, and meets the XSRF refusal once the rule is gone.
  const authorized = jira.requests.find(jira.isCreate)!.headers.authorization!;
  const postAuthorized = (url: string) =>
    ext.inWorker(
      async ([u, auth]) => {
        const r = await fetch(u, {
          method: 'POST',
          headers: { Authorization: auth, Accept: 'application/json', 'Content-Type': 'application/json' },
          body: '{"fields":{}}',
        });
        return `${r.status} ${await r.text()}`;
      },
      [url, authorized] as const,
    );
  expect(await postAuthorized(`${jira.origin}/rest/api/3/issue`)).toMatch(/^400 /);
  await ext.inWorker(async () => {
    const ids = (await chrome.declarativeNetRequest.getSessionRules()).map((r) => r.id);
    await chrome.declarativeNetRequest.updateSessionRules({ removeRuleIds: ids });
  }, null);
  expect(await postAuthorized(`${jira.origin}/rest/api/3/issue`)).toBe('403 XSRF check failed');
});

test('401, an attachment too large and a dropped connection each answer their own result and keep the draft', async ({ ext }) => {
  const options = await ext.openExtensionPage('options.html');
  const connection = {
    tracker: 'jira',
    id: 'j1',
    name: 'Acme',
    flavor: 'cloud',
    baseUrl: jira.origin,
    email: 'quinn@example.test',
    projectKey: 'WEB',
    issueTypeId: '10001',
    labels: [],
    components: [],
    priorities: {},
    isDefault: true,
  };
  await sendFrom(options, 'trackers:save', { connection, token: 'jira-secret-token' });
  await seedDraft(options, 'd');
  const send = () =>
    sendFrom<{ ok: boolean; kind?: string; message?: string; attachmentErrors?: string[] }>(options, 'trackers:send', {
      draftId: 'd',
      tracker: 'jira',
    });

  jira.fail(jira.isCreate, { status: 401, body: { errorMessages: ['Client must be authenticated'] } });
  expect(await send()).toMatchObject({ ok: false, kind: 'unauthorized', message: expect.stringMatching(/did not accept the token/) });
  expect(await readDraft(options, 'd')).toMatchObject({ hasBundle: true, deliveries: [{ status: 'failed' }] });

  // Chromium retries a request once when a reused connection closes: drop the retry too.
  jira.fail(jira.isCreate, 'drop', 2);
  expect(await send()).toMatchObject({ ok: false, kind: 'offline', message: expect.stringMatching(/Could not reach 127\.0\.0\.1/) });
  expect(jira.issues).toHaveLength(0);

  jira.fail((r) => jira.isAttach(r) && r.body.includes('filename="repro-checkout-button.zip"'), {
    status: 413,
    body: { errorMessages: ['Request Entity Too Large'] },
  });
  const partial = await send();
  expect(partial).toMatchObject({
    ok: true,
    key: 'WEB-1',
    attachmentErrors: [expect.stringMatching(/repro-checkout-button\.zip: .*too large \(413\).*without the replay/)],
  });
  expect(await readDraft(options, 'd')).toMatchObject({
    hasBundle: true,
    deliveries: [{ status: 'created', pendingAttachments: ['repro-checkout-button.zip'] }],
  });

  // Retrying uploads the missing zip only; no second issue.
  expect(await send()).toMatchObject({ ok: true, key: 'WEB-1', attachmentErrors: [] });
  expect(jira.issues).toHaveLength(1);
  expect(jira.issues[0]!.attachments.map((a) => a.filename).sort()).toEqual(['repro-checkout-button.zip', 'screenshot.png']);
});

test('from the reporter: a refused token, a dropped connection and an oversized attachment each say so and keep the report; retries finish one issue', async ({
  ext,
  server,
}) => {
  const options = await ext.openExtensionPage('options.html');
  const connection = {
    tracker: 'jira',
    id: 'j1',
    name: 'Acme',
    flavor: 'cloud',
    baseUrl: jira.origin,
    email: 'quinn@example.test',
    projectKey: 'WEB',
    issueTypeId: '10001',
    labels: [],
    components: [],
    priorities: {},
    isDefault: true,
  };
  await sendFrom(options, 'trackers:save', { connection, token: 'jira-secret-token' });
  await ext.allowOrigin(server.origin);
  const page = await ext.context.newPage();
  await page.goto(server.url('/report.html'));
  const reporter = await ext.openReporterFor(page);
  await reporter.getByLabel('Title').fill('Total shows undefined');
  const outcome = reporter.getByTestId('outcome');
  const sendButton = reporter.getByRole('button', { name: 'Send to Jira' });
  await expect(sendButton).toBeEnabled();

  // 401: the tracker's refusal, in words, with the way to the settings; the report stays a draft.
  jira.fail(jira.isCreate, { status: 401, body: { errorMessages: ['Client must be authenticated'] } });
  await sendButton.click();
  await expect(outcome).toContainText('did not accept the token', { timeout: 30_000 });
  await expect(outcome).toContainText('Your report is kept as a draft.');
  await expect(outcome.getByRole('link', { name: 'Open settings' })).toBeVisible();

  // The connection drops (Chromium retries once on a reused connection: drop that too).
  jira.fail(jira.isCreate, 'drop', 2);
  await outcome.getByRole('button', { name: 'Retry' }).click();
  await expect(outcome).toContainText(/Could not reach 127\.0\.0\.1/, { timeout: 30_000 });
  expect(jira.issues).toHaveLength(0);

  // The issue is created, but Jira refuses the zip as too large: the notice links the issue and names the file.
  jira.fail((r) => jira.isAttach(r) && /filename="repro-[^"]+\.zip"/.test(r.body.toString('latin1')), {
    status: 413,
    body: { errorMessages: ['Request Entity Too Large'] },
  });
  await outcome.getByRole('button', { name: 'Retry' }).click();
  await expect(outcome).toContainText('Filed in Jira', { timeout: 30_000 });
  await expect(outcome).toContainText('these attachments failed');
  await expect(outcome.getByRole('link', { name: 'WEB-1' })).toHaveAttribute('href', `${jira.origin}/browse/WEB-1`);
  await expect(outcome.getByRole('button', { name: 'Download instead' })).toBeVisible();

  // Retrying uploads the same zip to the same issue, and the report is complete there.
  await outcome.getByRole('button', { name: 'Retry the attachments' }).click();
  await expect(outcome).not.toContainText('failed', { timeout: 30_000 });
  await expect(outcome).toContainText('Filed in Jira');
  expect(jira.issues).toHaveLength(1);
  const attachments = jira.issues[0]!.attachments;
  const names = attachments.map((a) => a.filename ?? '');
  expect(names).toHaveLength(2);
  expect(names).toContain('screenshot.png');
  expect(names.filter((n) => /^repro-127\.0\.0\.1-\d{8}-\d{6}\.zip$/.test(n))).toHaveLength(1);
  const zip = await JSZip.loadAsync(attachments.find((a) => a.filename?.endsWith('.zip'))!.data);
  expect(Object.keys(zip.files).sort()).toEqual(FULL_REPORT_FILES);
  expect(JSON.parse(await zip.file('report.json')!.async('string')).title).toBe('Total shows undefined');
});
