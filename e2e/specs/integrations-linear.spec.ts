import JSZip from 'jszip';
import { expect, test } from '../harness/fixtures';
import { reporterWithTitle } from './integrations-support';
import { startFakeLinear, type FakeLinear } from '../fakes/fake-linear';

const KEY = 'lin_api_e2e_secret_0123456789';
let linear: FakeLinear;
test.beforeEach(async () => {
  linear = await startFakeLinear({ apiKey: KEY });
});
test.afterEach(async () => {
  expect(linear.violations).toEqual([]);
  await linear.close();
});

test('Linear from the options page and the reporter: the team comes from the API, a dropped connection keeps the report', async ({
  ext,
  server,
}) => {
  const options = await ext.openExtensionPage('options.html');
  await options.getByRole('button', { name: 'Add Linear connection' }).click();
  const form = options.getByTestId('linear-form');
  await form.getByLabel('Name').fill('Product');
  await form.getByLabel('API key').fill(KEY);
  await form.getByLabel('API URL').fill(linear.apiUrl);
  await expect(form.getByTestId('linear-privacy')).toContainText(
    'Members of your Linear workspace who can see the issue can read those files',
  );
  await form.getByRole('button', { name: 'Load teams' }).click();
  await expect(form.getByRole('combobox', { name: /^Team/ })).toHaveValue('team-eng');
  await form.getByRole('button', { name: 'Test connection' }).click();
  await expect(form.getByTestId('test-result')).toContainText('Connected to Linear as Quinn Tester');
  await expect(form.getByTestId('test-result')).toContainText('Issues go to team Engineering (ENG).');
  await form.getByLabel(/^Labels/).fill('Bug');
  await form.getByRole('button', { name: 'Save' }).click();
  await expect(options.getByTestId('connection')).toContainText('Linear · Engineering (ENG)');

  const { reporter, outcome } = await reporterWithTitle(ext, server, 'Total shows undefined');
  await reporter.getByLabel('Severity').selectOption('blocker');

  // The connection drops (Chromium retries once on a reused connection: drop that too): nothing filed, report kept.
  linear.fail(linear.isOperation('issueCreate'), 'drop', 2);
  await reporter.getByRole('button', { name: 'Send to Linear' }).click();
  await expect(outcome).toContainText(/Could not reach 127\.0\.0\.1/, { timeout: 30_000 });
  await expect(outcome).toContainText('Your report is kept as a draft.');
  expect(linear.issues).toHaveLength(0);

  await outcome.getByRole('button', { name: 'Retry' }).click();
  await expect(outcome).toContainText('Filed in Linear', { timeout: 30_000 });
  await expect(outcome.getByRole('link', { name: 'ENG-1' })).toHaveAttribute('href', `${linear.origin}/acme/issue/ENG-1`);
  expect(linear.issues).toHaveLength(1);
  const issue = linear.issues[0]!;
  expect(issue).toMatchObject({ title: 'Total shows undefined', priority: 1, labelIds: ['label-bug'] });
  // The zip is attached to the issue, from Linear's storage.
  const zipAttachment = issue.attachments.find((a) => a.title.endsWith('.zip'))!;
  const zip = await JSZip.loadAsync(linear.assets.get(zipAttachment.url)!.data);
  expect(JSON.parse(await zip.file('report.json')!.async('string')).title).toBe('Total shows undefined');
  expect(issue.attachments.map((a) => a.title)).toContain('screenshot.png');
});
