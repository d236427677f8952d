// @vitest-environment node
import JSZip from 'jszip';
import { afterEach, beforeEach, expect, it, vi } from 'vitest';
import { startFakeGitHub, type FakeGitHub } from '../../e2e/fakes/fake-github';
import { TrackerError } from './errors';
import { GitHubClient, issueBody, REPORTS_BRANCH } from './github';
import { githubConnection, memoryProgress, sampleBundle, refusedZipThenRetry } from './testing';

const FILES = ['repro-checkout-button.zip', 'screenshot.png'];
// Generous timeouts for the ordinary client: only the hang test below wants a timeout, with its own client.
const client = new GitHubClient({ requestMs: 15_000, uploadMs: 15_000 });
let gh: FakeGitHub;

beforeEach(async () => {
  gh = await startFakeGitHub({ token: 'github_pat_abc', prefix: '/api/v3' });
});
afterEach(async () => {
  expect(gh.violations).toEqual([]);
  await gh.close();
});

const target = () => ({ connection: githubConnection(gh.apiBaseUrl), secret: { token: 'github_pat_abc' } });

it('files an issue, commits the zip and screenshot to the reports branch and links them from the body', async () => {
  const { progress, log } = memoryProgress(FILES);
  const ref = await client.send(await sampleBundle(), target(), progress);
  expect(ref).toEqual({ key: '#1', url: `${gh.origin}/acme/shop/issues/1` });
  expect(log.attached).toEqual(FILES);
  expect(log.failed.size).toBe(0);

  const issue = gh.issues[0]!;
  expect(issue.title).toBe('Checkout button does nothing');
  expect(issue.labels).toEqual(['bug', 'from repro']);
  expect(issue.body).toContain('## Steps to reproduce');
  expect(issue.body).toContain('TypeError: cart.total is undefined');
  expect(issue.body).toContain('- POST https://shop\\.test/api/orders → 500 Internal Server Error');
  expect(issue.body).toContain(`![screenshot.png](${gh.origin}/acme/shop/blob/${REPORTS_BRANCH}/issues/1/screenshot.png?raw=true)`);
  expect(issue.body).toContain(
    `[repro-checkout-button.zip](${gh.origin}/acme/shop/blob/${REPORTS_BRANCH}/issues/1/repro-checkout-button.zip)`,
  );

  const committed = gh.files.get(REPORTS_BRANCH)!;
  const zip = await JSZip.loadAsync(committed.get('issues/1/repro-checkout-button.zip')!);
  expect(await zip.file('report.json')!.async('string')).toContain('Checkout button does nothing');
  expect(committed.get('issues/1/screenshot.png')!.subarray(1, 4).toString()).toBe('PNG');
  // Every request went to the Enterprise Server prefix with the token.
  expect(gh.requests.every((r) => r.path.startsWith('/api/v3/') && r.headers.authorization?.endsWith('github_pat_abc'))).toBe(true);
});

it('sends the token as the only credential: no browser cookies', async () => {
  const spy = vi.spyOn(globalThis, 'fetch');
  await client.send(await sampleBundle(), target(), memoryProgress(FILES).progress);
  expect(spy.mock.calls.length).toBeGreaterThan(3);
  for (const [, init] of spy.mock.calls) expect(init?.credentials).toBe('omit');
});

it('tells who the token belongs to and what it can do in the repository', async () => {
  expect(await client.test(target())).toEqual({
    user: 'quinn (Quinn Tester)',
    repository: 'acme/shop',
    private: true,
    canWrite: true,
    issuesEnabled: true,
    expires: '2030-01-01 00:00:00 UTC',
  });
});

it('keeps the issue when the files cannot be committed, and a retry uploads them without a second issue', async () => {
  gh.fail(gh.isUpload, { status: 413, body: { message: 'File too large' } });
  await refusedZipThenRetry(client, target());
  expect(gh.requests.filter(gh.isCreate)).toHaveLength(1);
  expect(gh.issues[0]!.body).toContain('repro-checkout-button.zip](');
  expect(gh.issues[0]!.body).toContain('screenshot.png?raw=true');
});

it('counts a file that is already committed (its answer was lost) as uploaded', async () => {
  gh.fail((r) => gh.isUpload(r) && r.path.endsWith('.zip'), 'drop');
  const first = memoryProgress(FILES);
  const ref = await client.send(await sampleBundle(), target(), first.progress);
  expect(first.log.failed.get(FILES[0]!)).toMatch(/Could not reach/);
  // The retry commits the zip; suppose its answer is lost, so the draft still lists the zip as pending.
  const retry = memoryProgress([FILES[0]!], ref);
  await client.send(await sampleBundle(), target(), retry.progress);
  expect(retry.log.attached).toEqual([FILES[0]]);
  const again = memoryProgress([FILES[0]!], ref);
  await client.send(await sampleBundle(), target(), again.progress);
  expect(again.log.attached).toEqual([FILES[0]]);
  expect(again.log.failed.size).toBe(0);
});

it.each([
  [
    { status: 422, body: { message: 'Validation Failed', errors: [{ resource: 'Issue', field: 'title', code: 'missing_field' }] } },
    'bad-request',
    /title: missing_field/,
  ],
  [{ status: 401, body: { message: 'Bad credentials' } }, 'unauthorized', /did not accept the token/],
  [
    { status: 403, body: { message: 'Resource not accessible by personal access token' } },
    'forbidden',
    /may not create issues in repository acme\/shop/,
  ],
  [{ status: 404, body: { message: 'Not Found' } }, 'not-found', /could not find repository acme\/shop/],
  [
    {
      status: 403,
      body: { message: 'API rate limit exceeded' },
      headers: { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': String(Math.floor(Date.now() / 1000) + 60) },
    },
    'rate-limited',
    /rate limit/,
  ],
  [{ status: 429, body: { message: 'secondary rate limit' }, headers: { 'retry-after': '30' } }, 'rate-limited', /Try again in 30 s/],
  [{ status: 502, body: 'Bad gateway' }, 'server', /server error \(502\)/],
] as const)('classifies a %j answer to issue creation', async (failure, kind, message) => {
  gh.fail(gh.isCreate, failure);
  const { progress } = memoryProgress(FILES);
  const error = await client.send(await sampleBundle(), target(), progress).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(TrackerError);
  expect((error as TrackerError).kind).toBe(kind);
  expect((error as TrackerError).message).toMatch(message);
  expect(gh.issues).toEqual([]);
});

it('finds the issue an attempt filed without hearing back, instead of filing a second one', async () => {
  gh.fail(gh.isCreate, 'drop-after');
  const first = memoryProgress(FILES, undefined, { reportId: 'draft-42' });
  expect(await client.send(await sampleBundle(), target(), first.progress).catch((e: unknown) => e)).toMatchObject({ kind: 'offline' });
  expect(gh.issues).toHaveLength(1);
  expect(gh.issues[0]!.body).toContain('<!-- repro-report:draft-42 -->');

  const retry = memoryProgress(FILES, undefined, { reportId: 'draft-42', mayExist: true });
  const ref = await client.send(await sampleBundle(), target(), retry.progress);
  expect(gh.issues).toHaveLength(1);
  expect(ref.key).toBe('#1');
  expect(retry.log.created).toEqual([ref]);
  expect(retry.log.attached.sort()).toEqual([...FILES].sort());

  // Another report's retry does not take this issue for its own.
  const other = memoryProgress(FILES, undefined, { reportId: 'draft-43', mayExist: true });
  expect((await client.send(await sampleBundle(), target(), other.progress)).key).toBe('#2');
  expect(gh.violations).toEqual([]);
});

it('classifies a wrong token, a dropped connection and a timeout', async () => {
  const wrong = await client.test({ ...target(), secret: { token: 'nope' } }).catch((e: unknown) => e);
  expect(wrong).toMatchObject({ kind: 'unauthorized' });
  gh.fail(gh.isCreate, 'drop');
  const { progress } = memoryProgress(FILES);
  expect(await client.send(await sampleBundle(), target(), progress).catch((e: unknown) => e)).toMatchObject({ kind: 'offline' });
  gh.fail(gh.isCreate, 'hang');
  const slow = new GitHubClient({ requestMs: 200, uploadMs: 200 });
  expect(await slow.send(await sampleBundle(), target(), progress).catch((e: unknown) => e)).toMatchObject({ kind: 'timeout' });
});

it('writes what the page controls as text: no link, image, mention or issue reference in the body', async () => {
  const bundle = await sampleBundle();
  const body = issueBody(
    {
      ...bundle,
      highlights: {
        consoleErrors: [{ message: 'boom ``` [x](https://evil.test) ```` @acme/security' }],
        failedRequests: [
          {
            method: 'G`ET',
            url: 'https://shop.test/a)[Pay](https://evil.test/pay) <b>',
            status: 502,
            statusText: '![p](https://evil.test/p.png) @acme/security #12',
          },
        ],
      },
    },
    [],
  );
  const line = body.split('\n').find((l) => l.includes('Pay'))!;
  expect(line).not.toMatch(/[^\\]\]\(/); // no unescaped "](": no link or image
  expect(line).not.toMatch(/(^|[^\w\u200b])@acme/); // no mention
  expect(line).not.toMatch(/#12\b/); // no issue reference
  expect(line).toContain('\\[Pay\\]\\(https://evil\\.test/pay\\)');
  // The console block's fence is longer than any backtick run inside it.
  const fence = /^(`{3,})text$/m.exec(body)![1]!;
  expect(fence.length).toBeGreaterThan(4);
  expect(body).toContain(`${fence}text\nboom \`\`\` [x](https://evil.test) \`\`\`\` @acme/security\n${fence}`);
});
