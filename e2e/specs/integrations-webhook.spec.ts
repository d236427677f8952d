import { createHmac } from 'node:crypto';
import JSZip from 'jszip';
import { expect, test } from '../harness/fixtures';
import { reporterWithTitle } from './integrations-support';
import { startFakeWebhook, type FakeWebhook } from '../fakes/fake-webhook';

const SECRET = 'whsec-e2e-0123456789';
let hook: FakeWebhook;
test.beforeEach(async () => {
  hook = await startFakeWebhook({ secret: SECRET });
});
test.afterEach(async () => {
  expect(hook.violations).toEqual([]);
  await hook.close();
});

test('a webhook from the options page and the reporter: a server error keeps the report, a retry posts it signed with its zip', async ({
  ext,
  server,
}) => {
  const options = await ext.openExtensionPage('options.html');
  await options.getByRole('button', { name: 'Add Webhook connection' }).click();
  const form = options.getByTestId('webhook-form');
  await form.getByLabel('Name').fill('QA intake');
  await form.getByLabel('Webhook URL').fill(hook.url);
  await form.getByLabel('The report with its zip and screenshot').check();
  await form.getByLabel('Signing secret (optional)').fill(SECRET);
  await form.getByRole('button', { name: 'Test connection' }).click();
  await expect(form.getByTestId('test-result')).toContainText(`The webhook at ${new URL(hook.url).host} answered 200.`);
  await expect(form.getByTestId('test-result')).toContainText('Requests are signed');
  await form.getByRole('button', { name: 'Save' }).click();
  await expect(options.getByTestId('token-state')).toHaveText('Secret stored: requests are signed');

  const { reporter, outcome } = await reporterWithTitle(ext, server, 'Total shows undefined');

  hook.fail(hook.isDelivery, { status: 503, body: 'maintenance' });
  await reporter.getByRole('button', { name: 'Send to Webhook' }).click();
  await expect(outcome).toContainText('server error (503)', { timeout: 30_000 });
  await expect(outcome).toContainText('Your report is kept as a draft.');
  expect(hook.deliveries).toHaveLength(0);

  await outcome.getByRole('button', { name: 'Retry' }).click();
  await expect(outcome).toContainText('Filed in Webhook: delivered (HTTP 200)', { timeout: 30_000 });
  expect(hook.deliveries).toHaveLength(1);
  const [delivery] = hook.deliveries;
  // Signed over the exact body received (the fake refuses anything else), and named for the report.
  const request = hook.requests.filter(hook.isDelivery).at(-1)!;
  expect(request.headers['x-repro-signature-256']).toBe(`sha256=${createHmac('sha256', SECRET).update(request.body).digest('hex')}`);
  expect(delivery!.id).toBe(delivery!.json.reportId);
  expect(delivery!.json).toMatchObject({ format: 'repro-webhook', report: { title: 'Total shows undefined' } });
  const zip = await JSZip.loadAsync(delivery!.files.find((f) => f.name === 'zip')!.data);
  expect(JSON.parse(await zip.file('report.json')!.async('string')).title).toBe('Total shows undefined');
});
