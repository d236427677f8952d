// @vitest-environment node
import JSZip from 'jszip';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startFakeJira, type FakeJira } from '../../e2e/fakes/fake-jira';
import { TrackerError } from './errors';
import { JiraClient } from './jira';
import { jiraConnection, memoryProgress, sampleBundle } from './testing';

const FILES = ['repro-checkout-button.zip', 'screenshot.png'];
// Generous timeouts for the ordinary client: only the hang test wants a timeout, with its own client.
const fast = new JiraClient({ requestMs: 15_000, uploadMs: 15_000 });
let jira: FakeJira;

/** An attempt whose answer is lost after Jira created the issue, then the retry: one issue in all. */
async function lostAnswerThenRetry(target: Parameters<JiraClient['send']>[1]): Promise<void> {
  jira.fail(jira.isCreate, 'drop-after');
  const first = memoryProgress(FILES, undefined, { reportId: 'draft-42' });
  expect(await fast.send(await sampleBundle(), target, first.progress).catch((e: unknown) => e)).toMatchObject({ kind: 'offline' });
  expect(jira.issues).toHaveLength(1);
  expect(JSON.stringify(jira.issues[0]!.fields.description)).toContain('repro-report:draft-42');
  const retry = memoryProgress(FILES, undefined, { reportId: 'draft-42', mayExist: true });
  const ref = await fast.send(await sampleBundle(), target, retry.progress);
  expect(ref.key).toBe('WEB-1');
  expect(jira.issues).toHaveLength(1);
  expect(retry.log.created).toEqual([ref]);
  expect(jira.issues[0]!.attachments.map((a) => a.filename)).toEqual(FILES);
  const other = memoryProgress(FILES, undefined, { reportId: 'draft-43', mayExist: true });
  expect((await fast.send(await sampleBundle(), target, other.progress)).key).toBe('WEB-2');
}

async function sendFails(client: JiraClient, target: Parameters<JiraClient['send']>[1]): Promise<TrackerError> {
  const { progress } = memoryProgress(FILES);
  const error = await client.send(await sampleBundle(), target, progress).then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(TrackerError);
  return error as TrackerError;
}

describe('Jira Cloud (REST v3)', () => {
  beforeEach(async () => {
    jira = await startFakeJira({ flavor: 'cloud', email: 'quinn@example.test', token: 'cloud-token' });
  });
  afterEach(async () => {
    expect(jira.violations).toEqual([]);
    await jira.close();
  });
  const target = () => ({ connection: jiraConnection(jira.origin), secret: { token: 'cloud-token' } });

  it('creates an issue with an ADF description, then uploads the zip and the screenshot', async () => {
    const { progress, log } = memoryProgress(FILES);
    // Node's fetch sends no browser User-Agent or Origin, as the extension's header rule ensures in Chromium.
    const ref = await new JiraClient().send(await sampleBundle(), target(), progress);
    expect(ref).toEqual({ key: 'WEB-1', url: `${jira.origin}/browse/WEB-1` });
    expect(log.created).toEqual([ref]);
    expect(log.attached).toEqual(FILES);
    const [issue] = jira.issues;
    expect(issue!.fields).toMatchObject({
      project: { key: 'WEB' },
      issuetype: { id: '10001' },
      summary: 'Checkout button does nothing',
      labels: ['qa', 'from-repro'],
      priority: { name: 'High' },
    });
    const description = JSON.stringify(issue!.fields.description);
    for (const text of [
      'Steps to reproduce',
      'Open the cart',
      'Expected result',
      'Environment',
      'Europe/Paris',
      'TypeError: cart.total is undefined',
      'POST https://shop.test/api/orders → 500 Internal Server Error',
      'repro-checkout-button.zip',
    ]) {
      expect(description).toContain(text);
    }
    expect(issue!.attachments.map((a) => a.filename)).toEqual(FILES);
    const zip = await JSZip.loadAsync(issue!.attachments[0]!.data);
    expect(Object.keys(zip.files).sort()).toEqual([
      'README.md',
      'console.json',
      'network.har',
      'recording.json',
      'report.json',
      'screenshot.png',
    ]);
    const create = jira.requests.find(jira.isCreate)!;
    expect(create.headers.authorization).toBe(`Basic ${Buffer.from('quinn@example.test:cloud-token').toString('base64')}`);
    expect(jira.requests.filter(jira.isAttach).every((r) => r.headers['x-atlassian-token'] === 'no-check')).toBe(true);
  });

  it('reports who the token belongs to and what it may do, and loads projects, issue types and priorities', async () => {
    expect(await fast.test(target())).toEqual({
      user: 'Quinn Tester · quinn@example.test',
      project: 'WEB',
      canCreate: true,
      canAttach: true,
    });
    expect(await fast.projects(target())).toEqual([{ key: 'WEB', name: 'Web shop' }]);
    expect(await fast.projectMeta(target(), 'WEB')).toEqual({
      issueTypes: [
        { id: '10001', name: 'Bug' },
        { id: '10002', name: 'Task' },
      ],
      priorities: ['Highest', 'High', 'Medium', 'Low', 'Lowest'],
    });
  });

  it('resumes a partial delivery: uploads only what is pending and never creates a second issue', async () => {
    jira.fail(jira.isAttach, { status: 413, body: { errorMessages: ['The file is too large'] } });
    const first = memoryProgress(FILES);
    const ref = await fast.send(await sampleBundle(), target(), first.progress);
    expect(first.log.attached).toEqual(['screenshot.png']);
    expect(first.log.failed.get(FILES[0]!)).toMatch(/too large \(413\)/);

    const retry = memoryProgress([FILES[0]!], ref);
    expect(await fast.send(await sampleBundle(), target(), retry.progress)).toEqual(ref);
    expect(retry.log.created).toEqual([]);
    expect(jira.requests.filter(jira.isCreate)).toHaveLength(1);
    expect(jira.issues[0]!.attachments.map((a) => a.filename).sort()).toEqual([...FILES].sort());
  });

  it('answers the XSRF trap: a write with a browser User-Agent or Origin is refused with a clear message', async () => {
    const { progress } = memoryProgress(FILES);
    const original = globalThis.fetch;
    const browserLike = async (input: RequestInfo | URL, init?: RequestInit) =>
      original(input, {
        ...init,
        headers: { ...(init?.headers as Record<string, string>), 'User-Agent': 'Mozilla/5.0 Chrome/156', Origin: 'chrome-extension://abc' },
      });
    globalThis.fetch = browserLike as typeof fetch;
    try {
      const error = await fast.send(await sampleBundle(), target(), progress).catch((e: unknown) => e);
      expect(error).toMatchObject({ kind: 'forbidden', message: expect.stringMatching(/XSRF check failed/) });
    } finally {
      globalThis.fetch = original;
    }
  });

  it.each([
    [
      {
        status: 400,
        body: { errorMessages: [], errors: { summary: 'Summary is required', components: 'Component name "x" is not valid' } },
      },
      'bad-request',
      /summary: Summary is required; components: Component name/,
    ],
    [{ status: 401, body: { errorMessages: ['Unauthorized'] } }, 'unauthorized', /did not accept the token \(401\)/],
    [
      { status: 403, body: { errorMessages: ['You do not have permission to create issues in this project.'] } },
      'forbidden',
      /may not create issues in project WEB.*do not have permission/,
    ],
    [{ status: 404, body: { errorMessages: ['Project not found'] } }, 'not-found', /could not find project WEB/],
    [{ status: 429, body: {}, headers: { 'Retry-After': '42' } }, 'rate-limited', /Try again in 42 s/],
    [{ status: 503, body: 'Service Unavailable' }, 'server', /server error \(503\)/],
  ] as const)('classifies a %j answer to issue creation', async (failure, kind, message) => {
    jira.fail(jira.isCreate, failure);
    const error = await sendFails(fast, target());
    expect(error.kind).toBe(kind);
    expect(error.message).toMatch(message);
    if (kind === 'rate-limited') expect(error.extra.retryAfterSeconds).toBe(42);
    if (kind === 'bad-request')
      expect(error.extra.fieldErrors).toEqual({ summary: 'Summary is required', components: 'Component name "x" is not valid' });
    expect(jira.issues).toEqual([]);
  });

  it('finds the issue an attempt filed without hearing back, instead of filing a second one', () => lostAnswerThenRetry(target()));

  it('classifies a real 401 (wrong token), a dropped connection and a timeout', async () => {
    expect((await sendFails(fast, { ...target(), secret: { token: 'wrong' } })).kind).toBe('unauthorized');
    jira.fail(jira.isCreate, 'drop');
    expect((await sendFails(fast, target())).kind).toBe('offline');
    jira.fail(jira.isCreate, 'hang');
    const timeout = await sendFails(new JiraClient({ requestMs: 200, uploadMs: 200 }), target());
    expect(timeout.kind).toBe('timeout');
    expect(timeout.message).toMatch(/did not answer in time/);
  });
});

describe('Jira Server / Data Center (REST v2)', () => {
  beforeEach(async () => {
    jira = await startFakeJira({ flavor: 'server', token: 'pat-123' });
  });
  afterEach(async () => {
    expect(jira.violations).toEqual([]);
    await jira.close();
  });

  it('finds the issue an attempt filed without hearing back (REST v2 search)', () =>
    lostAnswerThenRetry({ connection: jiraConnection(jira.origin, { flavor: 'server', email: undefined }), secret: { token: 'pat-123' } }));

  it('creates the issue with a wiki-markup description and a Bearer token, then attaches', async () => {
    const connection = jiraConnection(jira.origin, { flavor: 'server', email: undefined, components: ['Checkout'] });
    const { progress, log } = memoryProgress(FILES);
    const ref = await fast.send(await sampleBundle(), { connection, secret: { token: 'pat-123' } }, progress);
    expect(ref.key).toBe('WEB-1');
    expect(log.attached).toEqual(FILES);
    const fields = jira.issues[0]!.fields;
    expect(fields.components).toEqual([{ name: 'Checkout' }]);
    expect(fields.description).toEqual(expect.stringContaining('h3. Steps to reproduce\n# Open the cart'));
    expect(fields.description).toEqual(expect.stringContaining('||Browser|Chromium 156|'));
    expect(jira.requests.every((r) => r.headers.authorization === 'Bearer pat-123')).toBe(true);
    expect(jira.requests.every((r) => r.path.startsWith('/rest/api/2/'))).toBe(true);
    expect(await fast.projects({ connection, secret: { token: 'pat-123' } })).toEqual([{ key: 'WEB', name: 'Web shop' }]);
  });
});
