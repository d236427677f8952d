import JSZip from 'jszip';
import { expect, test } from '../harness/fixtures';
import { reporterWithTitle } from './integrations-support';
import { startFakeGitLab, type FakeGitLab } from '../fakes/fake-gitlab';

const TOKEN = 'glpat-e2e-secret-0123456789';
let gl: FakeGitLab;
test.beforeEach(async () => {
  gl = await startFakeGitLab({ token: TOKEN });
});
test.afterEach(async () => {
  expect(gl.violations).toEqual([]);
  await gl.close();
});

test('GitLab from the options page and the reporter: a refused upload keeps the report, a retry links the zip in the issue', async ({
  ext,
  server,
}) => {
  const options = await ext.openExtensionPage('options.html');
  await options.getByRole('button', { name: 'Add GitLab connection' }).click();
  const form = options.getByTestId('gitlab-form');
  await form.getByLabel('Name').fill('Shop');
  await form.getByLabel('GitLab URL').fill(gl.origin);
  await form.getByLabel('Project').fill('acme/shop');
  await form.getByLabel('Access token').fill(TOKEN);
  await expect(form.getByTestId('gitlab-privacy')).toContainText('Everyone who can see the project can read those files');
  await form.getByRole('button', { name: 'Test connection' }).click();
  await expect(form.getByTestId('test-result')).toContainText('Connected to GitLab as quinn (Quinn Tester)');
  await expect(form.getByTestId('test-result')).toContainText('private: only its members can read the report files');
  await form.getByRole('button', { name: 'Save' }).click();
  await expect(options.getByTestId('token-state')).toHaveText('Token stored');

  const { reporter, outcome } = await reporterWithTitle(ext, server, 'Total shows undefined');

  // The token is refused: the reporter says so, points to the settings, and keeps the report.
  gl.fail(gl.isCreate, { status: 401, body: { message: '401 Unauthorized' } });
  await reporter.getByRole('button', { name: 'Send to GitLab' }).click();
  await expect(outcome).toContainText('did not accept the token', { timeout: 30_000 });
  await expect(outcome).toContainText('Your report is kept as a draft.');
  expect(gl.issues).toHaveLength(0);

  // The issue is filed, but GitLab refuses the zip as too large: the notice links the issue and names the file.
  gl.fail((r) => gl.isUpload(r) && /filename="repro-[^"]+\.zip"/.test(r.body.toString('latin1')), {
    status: 413,
    body: { message: 'File is too big' },
  });
  await outcome.getByRole('button', { name: 'Retry' }).click();
  await expect(outcome).toContainText('Filed in GitLab', { timeout: 30_000 });
  await expect(outcome).toContainText('these attachments failed');
  await expect(outcome.getByRole('link', { name: '#1' })).toHaveAttribute('href', `${gl.projectUrl}/-/issues/1`);

  await outcome.getByRole('button', { name: 'Retry the attachments' }).click();
  await expect(outcome).not.toContainText('failed', { timeout: 30_000 });
  expect(gl.issues).toHaveLength(1);
  const description = gl.issues[0]!.description;
  expect(description).toContain('# Total shows undefined');
  // The zip is reachable from the issue: its link resolves against the project, as GitLab renders it.
  const zipPath = /\[repro-[^\]]+\.zip\]\((\/uploads\/[0-9a-f]+\/[^)]+)\)/.exec(description)![1]!;
  const zip = await JSZip.loadAsync(await (await fetch(`${gl.projectUrl}${zipPath}`)).arrayBuffer());
  expect(JSON.parse(await zip.file('report.json')!.async('string')).title).toBe('Total shows undefined');
  expect(description).toMatch(/!\[screenshot\.png\]\(\/uploads\/[0-9a-f]+\/screenshot\.png\)/);
});
