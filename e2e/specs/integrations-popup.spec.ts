import JSZip from 'jszip';
import { expect, test } from '../harness/fixtures';
import { startFakeJira, type FakeJira } from '../fakes/fake-jira';
import { sendFrom } from '../fakes/seed-draft';

let jira: FakeJira;
test.beforeEach(async () => {
  jira = await startFakeJira({ flavor: 'cloud', email: 'quinn@example.test', token: 'jira-secret-token' });
});
test.afterEach(async () => {
  expect(jira.violations).toEqual([]);
  await jira.close();
});

test('from the popup: a refused token, a dropped connection and an oversized attachment each say so and keep the report; retries finish one issue', async ({ ext, server }) => {
  const options = await ext.openExtensionPage('options.html');
  const connection = {
    tracker: 'jira', id: 'j1', name: 'Acme', flavor: 'cloud', baseUrl: jira.origin, email: 'quinn@example.test', projectKey: 'WEB',
    issueTypeId: '10001', labels: [], components: [], priorities: {}, isDefault: true,
  };
  await sendFrom(options, 'integrations:save', { connection, token: 'jira-secret-token' });
  await ext.allowOrigin(server.origin);
  const page = await ext.context.newPage();
  await page.goto(server.url('/report.html'));
  const popup = await ext.openPopupFor(page);
  await popup.getByLabel('Title').fill('Total shows undefined');
  const outcome = popup.getByTestId('outcome');
  const sendButton = popup.getByRole('button', { name: 'Send to Jira' });
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
  jira.fail((r) => jira.isAttach(r) && /filename="repro-[^"]+\.zip"/.test(r.body.toString('latin1')), { status: 413, body: { errorMessages: ['Request Entity Too Large'] } });
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
  expect(Object.keys(zip.files).sort()).toEqual(['README.md', 'console.json', 'network.har', 'recording.json', 'report.json', 'screenshot.png', 'viewer.html']);
  expect(JSON.parse(await zip.file('report.json')!.async('string')).title).toBe('Total shows undefined');
});
