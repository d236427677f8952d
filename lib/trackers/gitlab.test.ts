// @vitest-environment node
import JSZip from 'jszip';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { startFakeGitLab, type FakeGitLab } from '../../e2e/fakes/fake-gitlab';
import { TrackerError } from './errors';
import { GitLabClient, withFiles } from './gitlab';
import { gitlabConnection, memoryProgress, sampleBundle, refusedZipThenRetry } from './testing';

const FILES = ['repro-checkout-button.zip', 'screenshot.png'];
// Generous timeouts for the ordinary client: only the hang test wants a timeout, with its own client.
const client = new GitLabClient({ requestMs: 15_000, uploadMs: 15_000 });
let gl: FakeGitLab;

beforeEach(async () => {
  gl = await startFakeGitLab({ token: 'glpat-abc' });
});
afterEach(async () => {
  expect(gl.violations).toEqual([]);
  await gl.close();
});

const target = () => ({ connection: gitlabConnection(gl.origin, { project: 'acme/shop' }), secret: { token: 'glpat-abc' } });

/** The file a description links, read back from the fake as a browser would fetch the link. */
function linked(description: string, name: string): Buffer | undefined {
  const path = new RegExp(`\\[${name.replace(/[.-]/g, '\\$&')}\\]\\((/uploads/[0-9a-f]+/[^)]+)\\)`).exec(description)?.[1];
  return path ? gl.uploads.get(path) : undefined;
}

it('files the issue with the Markdown summary, uploads the zip and the screenshot and links them', async () => {
  const { progress, log } = memoryProgress(FILES);
  const ref = await client.send(await sampleBundle(), target(), progress);
  expect(ref).toEqual({ key: '#1', url: `${gl.projectUrl}/-/issues/1` });
  expect(log.attached).toEqual(FILES);
  const issue = gl.issues[0]!;
  expect(issue.title).toBe('Checkout button does nothing');
  expect(issue.labels).toEqual(['bug', 'from repro']);
  expect(issue.description).toContain('## Steps to reproduce');
  expect(issue.description).toContain('TypeError: cart.total is undefined');
  expect(issue.description).toMatch(
    /## Report files\n\n- \[repro-checkout-button\.zip\]\(\/uploads\/[0-9a-f]+\/repro-checkout-button\.zip\)/,
  );
  expect(issue.description).toMatch(/!\[screenshot\.png\]\(\/uploads\/[0-9a-f]+\/screenshot\.png\)/);
  expect(issue.description.trimEnd().endsWith('<!-- repro-report:report-1 -->')).toBe(true);
  const zip = await JSZip.loadAsync(linked(issue.description, 'repro-checkout-button.zip')!);
  expect(await zip.file('report.json')!.async('string')).toContain('Checkout button does nothing');
  expect(linked(issue.description, 'screenshot.png')!.subarray(1, 4).toString()).toBe('PNG');
  expect(gl.requests.every((r) => r.headers['private-token'] === 'glpat-abc')).toBe(true);
});

it("says who the token belongs to, the project's visibility and the role", async () => {
  expect(await client.check(target())).toEqual({
    ok: true,
    summary: 'Connected to GitLab as quinn (Quinn Tester).',
    details: ['Project acme/shop (private: only its members can read the report files).', 'Issues are enabled.', 'Your role: Developer.'],
  });
  expect(await client.check({ ...target(), secret: { token: 'wrong' } })).toMatchObject({
    ok: false,
    summary: expect.stringMatching(/did not accept the token \(401\)/),
  });
});

it('keeps the issue when an upload is refused, and a retry uploads and links only that file', async () => {
  gl.fail((r) => gl.isUpload(r) && r.body.includes('filename="repro-checkout-button.zip"'), {
    status: 413,
    body: { message: 'File is too big (20MB). Max filesize is 10MB.' },
  });
  await refusedZipThenRetry(client, target());
  expect(gl.issues).toHaveLength(1);
  const description = gl.issues[0]!.description;
  expect(description.match(/## Report files/g)).toHaveLength(1);
  expect(linked(description, 'repro-checkout-button.zip')).toBeDefined();
  expect(linked(description, 'screenshot.png')).toBeDefined();
});

it("links no upload whose answer is not a path of the project's uploads", async () => {
  gl.fail(gl.isUpload, { status: 201, body: { url: 'https://evil.test/uploads/abc/x.zip', markdown: '[x](https://evil.test)' } }, 2);
  const { progress, log } = memoryProgress(FILES);
  await client.send(await sampleBundle(), target(), progress);
  expect(log.attached).toEqual([]);
  expect(log.failed.size).toBe(2);
  expect(gl.issues[0]!.description).not.toContain('evil.test');
});

it('finds the issue an attempt filed without hearing back, instead of filing a second one', async () => {
  gl.fail(gl.isCreate, 'drop-after');
  const first = memoryProgress(FILES, undefined, { reportId: 'draft-42' });
  expect(await client.send(await sampleBundle(), target(), first.progress).catch((e: unknown) => e)).toMatchObject({ kind: 'offline' });
  const retry = memoryProgress(FILES, undefined, { reportId: 'draft-42', mayExist: true });
  const ref = await client.send(await sampleBundle(), target(), retry.progress);
  expect(ref.key).toBe('#1');
  expect(gl.issues).toHaveLength(1);
  expect(retry.log.created).toEqual([ref]);
  const other = memoryProgress(FILES, undefined, { reportId: 'draft-43', mayExist: true });
  expect((await client.send(await sampleBundle(), target(), other.progress)).key).toBe('#2');
});

it.each([
  [{ status: 400, body: { message: { title: ['is too long (maximum is 255 characters)'] } } }, 'bad-request', /title: is too long/],
  [{ status: 401, body: { message: '401 Unauthorized' } }, 'unauthorized', /did not accept the token \(401\)/],
  [{ status: 403, body: { message: '403 Forbidden' } }, 'forbidden', /may not create issues in project acme\/shop/],
  [{ status: 404, body: { message: '404 Project Not Found' } }, 'not-found', /could not find project acme\/shop/],
  [{ status: 413, body: { message: 'Request Entity Too Large' } }, 'too-large', /too large \(413\)/],
  [{ status: 429, body: 'Retry later', headers: { 'retry-after': '30' } }, 'rate-limited', /Try again in 30 s/],
  [{ status: 502, body: 'Bad gateway' }, 'server', /server error \(502\)/],
] as const)('classifies a %j answer to issue creation', async (failure, kind, message) => {
  gl.fail(gl.isCreate, failure);
  const error = await client.send(await sampleBundle(), target(), memoryProgress(FILES).progress).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(TrackerError);
  expect(error).toMatchObject({ kind, message: expect.stringMatching(message) });
  expect(gl.issues).toEqual([]);
});

it('classifies a dropped connection and a timeout', async () => {
  gl.fail(gl.isCreate, 'drop');
  expect(await client.send(await sampleBundle(), target(), memoryProgress(FILES).progress).catch((e: unknown) => e)).toMatchObject({
    kind: 'offline',
  });
  gl.fail(gl.isCreate, 'hang');
  const slow = new GitLabClient({ requestMs: 200, uploadMs: 200 });
  expect(await slow.send(await sampleBundle(), target(), memoryProgress(FILES).progress).catch((e: unknown) => e)).toMatchObject({
    kind: 'timeout',
  });
});

it('adds links to the files section, before the report marker, without repeating the heading', () => {
  const once = withFiles('# Title\n\n<!-- repro-report:r -->', ['- [a.zip](/uploads/0/a.zip)']);
  expect(once).toBe('# Title\n\n## Report files\n\n- [a.zip](/uploads/0/a.zip)\n\n<!-- repro-report:r -->');
  expect(withFiles(once, ['![s.png](/uploads/1/s.png)'])).toBe(
    '# Title\n\n## Report files\n\n- [a.zip](/uploads/0/a.zip)\n![s.png](/uploads/1/s.png)\n\n<!-- repro-report:r -->',
  );
});

it("the fake holds requests to GitLab's documented API: an undocumented parameter or path is a violation", async () => {
  const headers = { 'PRIVATE-TOKEN': 'glpat-abc', Accept: 'application/json', 'Content-Type': 'application/json' };
  await fetch(`${gl.origin}/api/v4/projects/acme%2Fshop/issues`, {
    method: 'POST',
    headers,
    body: JSON.stringify({ title: 't', body: 'not a GitLab field' }),
  });
  await fetch(`${gl.origin}/api/v4/projects/acme%2Fshop/attachments`, { method: 'POST', headers, body: '{}' });
  expect(gl.violations).toEqual([
    expect.stringMatching(/body does not match the API: \/ must NOT have additional properties .*"body"/),
    expect.stringMatching(/attachments: not an operation/),
  ]);
  gl.violations.length = 0;
});
