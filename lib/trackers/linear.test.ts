// @vitest-environment node
import JSZip from 'jszip';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { startFakeLinear, type FakeLinear } from '../../e2e/fakes/fake-linear';
import { TrackerError } from './errors';
import { LinearClient } from './linear';
import { linearConnection, memoryProgress, sampleBundle, sampleReport, refusedZipThenRetry } from './testing';

const FILES = ['repro-checkout-button.zip', 'screenshot.png'];
const client = new LinearClient({ requestMs: 15_000, uploadMs: 15_000 });
let linear: FakeLinear;

beforeEach(async () => {
  linear = await startFakeLinear({ apiKey: 'lin_api_abc' });
});
afterEach(async () => {
  expect(linear.violations).toEqual([]);
  await linear.close();
});

const target = () => ({
  connection: linearConnection(linear.apiUrl, { labels: ['Bug', 'UI', 'Missing'] }),
  secret: { token: 'lin_api_abc' },
});

it('files the issue with the Markdown summary, priority from severity and labels, then attaches the uploaded files', async () => {
  const { progress, log } = memoryProgress(FILES);
  const ref = await client.send(await sampleBundle(sampleReport({ severity: 'blocker' })), target(), progress);
  expect(ref).toEqual({ key: 'ENG-1', url: `${linear.origin}/acme/issue/ENG-1` });
  expect(log.attached).toEqual(FILES);
  const issue = linear.issues[0]!;
  expect(issue).toMatchObject({ title: 'Checkout button does nothing', teamId: 'team-eng', priority: 1 });
  // Existing labels of the team or the workspace; another team's label and an unknown name are left out.
  expect(issue.labelIds.sort()).toEqual(['label-bug', 'label-ui']);
  expect(issue.description).toContain('## Steps to reproduce');
  expect(issue.description).toContain('TypeError: cart.total is undefined');
  expect(issue.description.trimEnd().endsWith('Filed by Repro · repro-report:report-1')).toBe(true);
  expect(issue.attachments.map((a) => a.title)).toEqual(FILES);
  const zip = await JSZip.loadAsync(linear.assets.get(issue.attachments[0]!.url)!.data);
  expect(await zip.file('report.json')!.async('string')).toContain('Checkout button does nothing');
  expect(linear.assets.get(issue.attachments[1]!.url)!.contentType).toBe('image/png');
});

it('maps each severity to a Linear priority', async () => {
  for (const [severity, priority] of [
    ['critical', 2],
    ['major', 3],
    ['minor', 4],
    ['trivial', 4],
  ] as const) {
    await client.send(await sampleBundle(sampleReport({ severity })), target(), memoryProgress([]).progress);
    expect([severity, linear.issues.at(-1)!.priority]).toEqual([severity, priority]);
  }
});

it('loads the teams, and says who the key belongs to', async () => {
  expect(await client.choices(target())).toEqual({ teams: [{ value: 'team-eng', label: 'Engineering (ENG)' }] });
  expect(await client.check(target())).toEqual({
    ok: true,
    summary: 'Connected to Linear as Quinn Tester · quinn@example.test.',
    details: [
      'Workspace Acme: attached report files are readable by its members who can see the issue.',
      'Issues go to team Engineering (ENG).',
    ],
  });
});

it('keeps the issue when an upload fails, and a retry attaches only that file', async () => {
  linear.fail((r) => linear.isUpload(r) && r.headers['content-type'] === 'application/zip', { status: 413, body: 'EntityTooLarge' });
  await refusedZipThenRetry(client, target());
  expect(linear.issues).toHaveLength(1);
  expect(linear.issues[0]!.attachments.map((a) => a.title).sort()).toEqual([...FILES].sort());
});

it('finds the issue an attempt filed without hearing back, instead of filing a second one', async () => {
  linear.fail(linear.isOperation('issueCreate'), 'drop-after');
  const first = memoryProgress(FILES, undefined, { reportId: 'draft-42' });
  expect(await client.send(await sampleBundle(), target(), first.progress).catch((e: unknown) => e)).toMatchObject({ kind: 'offline' });
  const retry = memoryProgress(FILES, undefined, { reportId: 'draft-42', mayExist: true });
  expect((await client.send(await sampleBundle(), target(), retry.progress)).key).toBe('ENG-1');
  expect(linear.issues).toHaveLength(1);
  const other = memoryProgress([], undefined, { reportId: 'draft-43', mayExist: true });
  expect((await client.send(await sampleBundle(), target(), other.progress)).key).toBe('ENG-2');
});

const gqlError = (code: string, message = code) => ({ errors: [{ message, extensions: { code, userPresentableMessage: message } }] });

it.each([
  [
    { status: 400, body: gqlError('AUTHENTICATION_ERROR', 'You need to authenticate.') },
    'unauthorized',
    /did not accept the token \(401\)/,
  ],
  [
    { status: 200, body: gqlError('FORBIDDEN', 'You cannot create issues in this team.') },
    'forbidden',
    /may not create issues in team Engineering \(ENG\)/,
  ],
  [{ status: 200, body: gqlError('ENTITY_NOT_FOUND') }, 'not-found', /could not find team Engineering \(ENG\)/],
  [{ status: 400, body: gqlError('INVALID_INPUT', 'title is too long') }, 'bad-request', /title is too long/],
  [
    { status: 400, body: gqlError('RATELIMITED'), headers: { 'x-ratelimit-requests-reset': String(Date.now() + 30_000) } },
    'rate-limited',
    /Try again in \d+ s/,
  ],
  [{ status: 503, body: 'Service Unavailable' }, 'server', /server error \(503\)/],
] as const)('classifies a %j answer to issue creation', async (failure, kind, message) => {
  linear.fail(linear.isOperation('issueCreate'), failure);
  const error = await client.send(await sampleBundle(), target(), memoryProgress(FILES).progress).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(TrackerError);
  expect(error).toMatchObject({ kind, message: expect.stringMatching(message) });
  expect(linear.issues).toEqual([]);
});

it('uploads nowhere but a secure address, whatever the answer says', async () => {
  linear.fail(
    linear.isOperation('fileUpload'),
    {
      status: 200,
      body: {
        data: {
          fileUpload: { success: true, uploadFile: { uploadUrl: 'http://files.evil.test/put', assetUrl: 'https://x.test/a', headers: [] } },
        },
      },
    },
    2,
  );
  const { progress, log } = memoryProgress(FILES);
  await client.send(await sampleBundle(), target(), progress);
  expect(log.attached).toEqual([]);
  expect([...log.failed.values()]).toEqual([expect.stringMatching(/no upload address/), expect.stringMatching(/no upload address/)]);
});

it("the fake holds operations to Linear's schema: an unknown field is a violation", async () => {
  await fetch(linear.apiUrl, {
    method: 'POST',
    headers: { Authorization: 'lin_api_abc', 'Content-Type': 'application/json' },
    body: JSON.stringify({ query: '{ viewer { name favouriteColour } }' }),
  });
  expect(linear.violations).toEqual([expect.stringMatching(/Cannot query field "favouriteColour" on type "User"/)]);
  linear.violations.length = 0;
});
