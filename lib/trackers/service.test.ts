// @vitest-environment node
import { deleteAllData } from '../privacy/delete-all';
import { IDBFactory } from 'fake-indexeddb';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { startFakeGitHub, type FakeGitHub } from '../../e2e/fakes/fake-github';
import { startFakeJira, type FakeJira } from '../../e2e/fakes/fake-jira';
import { deliver, senders } from '../messaging/testing';
import { closeDraftsDb, getDraft, saveDraft, type Draft } from '../report/drafts';
import { GitHubClient } from './github';
import { JiraClient } from './jira';
import { registerIntegrationService } from './service';
import { closeIntegrationsDb } from './store';
import { githubConnection, jiraConnection, sampleBundle } from './testing';
import type { SendResult } from './types';
import type { ConnectionView } from './registry';

type Rule = { id: number; condition: { urlFilter?: string } };
let sessionRules: Rule[] = [];
let granted: string[] = [];
let jira: FakeJira;
let gh: FakeGitHub;

beforeEach(async () => {
  fakeBrowser.reset();
  await closeDraftsDb();
  await closeIntegrationsDb();
  globalThis.indexedDB = new IDBFactory();
  sessionRules = [];
  granted = [];
  // The fake browser implements neither of these: keep them in memory, as Chromium would.
  Object.assign(fakeBrowser.declarativeNetRequest, {
    getSessionRules: async () => sessionRules,
    updateSessionRules: async ({ removeRuleIds = [], addRules = [] }: { removeRuleIds?: number[]; addRules?: Rule[] }) => {
      sessionRules = [...sessionRules.filter((r) => !removeRuleIds.includes(r.id)), ...addRules];
    },
  });
  Object.assign(fakeBrowser.permissions, {
    contains: async ({ origins = [] }: { origins?: string[] }) => origins.every((o) => granted.includes(o)),
    remove: async ({ origins = [] }: { origins?: string[] }) => {
      granted = granted.filter((o) => !origins.includes(o));
      return true;
    },
  });
  jira = await startFakeJira({ flavor: 'cloud', email: 'quinn@example.test', token: 'jira-token' });
  gh = await startFakeGitHub({ token: 'gh-token' });
  granted = [`${jira.origin}/*`, `${gh.origin}/*`];
  // Generous: nothing here hangs on purpose, and a loaded machine must not turn a slow answer into a timeout.
  const timeouts = { requestMs: 15_000, uploadMs: 15_000 };
  registerIntegrationService({ jira: new JiraClient(timeouts), github: new GitHubClient(timeouts) });
});

afterEach(async () => {
  expect([...jira.violations, ...gh.violations]).toEqual([]);
  await jira.close();
  await gh.close();
});

async function draftWithBundle(id = 'd1'): Promise<Draft> {
  const bundle = await sampleBundle();
  const draft: Draft = {
    id,
    tabId: 3,
    pageUrl: 'https://shop.test/cart',
    createdAt: Date.now(),
    updatedAt: Date.now(),
    form: bundle.report,
    include: { replay: true, console: true, network: true, screenshot: true },
    bundle,
    deliveries: [],
  };
  await saveDraft(draft);
  return draft;
}

const send = (tracker: 'jira' | 'github', draftId = 'd1') =>
  deliver('trackers:send', { draftId, tracker }, senders.popup()) as Promise<SendResult>;

it('answers not-configured until a connection is saved, and never returns the token to pages', async () => {
  await draftWithBundle();
  expect(await send('github')).toMatchObject({ ok: false, kind: 'not-configured' });
  const saved = (await deliver(
    'trackers:save',
    { connection: githubConnection(gh.apiBaseUrl), token: 'gh-token' },
    senders.popup(),
  )) as ConnectionView[];
  expect(saved).toEqual([{ connection: expect.objectContaining({ repository: 'acme/shop', isDefault: true }), hasToken: true }]);
  expect(JSON.stringify(saved)).not.toContain('gh-token');
  expect(await deliver('trackers:status', {}, senders.popup())).toEqual([
    { tracker: 'jira', name: 'Jira', configured: false },
    { tracker: 'github', name: 'GitHub', configured: true, label: 'acme/shop' },
    { tracker: 'gitlab', name: 'GitLab', configured: false },
    { tracker: 'linear', name: 'Linear', configured: false },
    { tracker: 'webhook', name: 'Webhook', configured: false },
  ]);
  // Content scripts may not list or save connections.
  expect(await deliver('trackers:list', {}, senders.contentScript())).toBeUndefined();
});

it('sends a draft to GitHub once: a second send answers the same issue without filing another', async () => {
  await draftWithBundle();
  await deliver('trackers:save', { connection: githubConnection(gh.apiBaseUrl), token: 'gh-token' }, senders.popup());
  const first = await send('github');
  expect(first).toEqual({ ok: true, url: `${gh.origin}/acme/shop/issues/1`, key: '#1', attachmentErrors: [] });
  expect((await getDraft('d1'))!.deliveries).toEqual([
    expect.objectContaining({ tracker: 'github', status: 'complete', key: '#1', pendingAttachments: [] }),
  ]);
  expect(await send('github')).toEqual(first);
  expect(gh.issues).toHaveLength(1);
});

it('files one issue when the answer to the first attempt was lost: the retry finds it by the report id', async () => {
  await draftWithBundle();
  await deliver('trackers:save', { connection: githubConnection(gh.apiBaseUrl), token: 'gh-token' }, senders.popup());
  gh.fail(gh.isCreate, 'drop-after');
  expect(await send('github')).toMatchObject({ ok: false, kind: 'offline' });
  expect((await getDraft('d1'))!.deliveries[0]).toMatchObject({ status: 'failed', attempted: true });
  expect(await send('github')).toEqual({ ok: true, url: `${gh.origin}/acme/shop/issues/1`, key: '#1', attachmentErrors: [] });
  expect(gh.issues).toHaveLength(1);
  expect(gh.issues[0]!.body).toContain('<!-- repro-report:d1 -->');
});

it('does not search for an issue after a plain refusal (nothing was created)', async () => {
  await draftWithBundle();
  await deliver('trackers:save', { connection: githubConnection(gh.apiBaseUrl), token: 'gh-token' }, senders.popup());
  gh.fail(gh.isCreate, {
    status: 422,
    body: { message: 'Validation Failed', errors: [{ resource: 'Issue', field: 'title', code: 'missing_field' }] },
  });
  expect(await send('github')).toMatchObject({ ok: false, kind: 'bad-request' });
  expect((await getDraft('d1'))!.deliveries[0]).toMatchObject({ status: 'failed', attempted: false });
  expect(await send('github')).toMatchObject({ ok: true, key: '#1' });
  expect(gh.requests.filter((r) => r.method === 'GET' && r.path.endsWith('/issues'))).toHaveLength(0);
});

it('keeps a Jira issue whose attachment failed, tells which, and a retry uploads only that one', async () => {
  await draftWithBundle();
  await deliver('trackers:save', { connection: jiraConnection(jira.origin), token: 'jira-token' }, senders.popup());
  expect(sessionRules.map((r) => r.condition.urlFilter)).toEqual([`|${jira.origin}/`]);
  jira.fail((r) => jira.isAttach(r) && r.body.includes('filename="repro-checkout-button.zip"'), {
    status: 413,
    body: { errorMessages: ['too big'] },
  });
  const first = await send('jira');
  expect(first).toMatchObject({
    ok: true,
    key: 'WEB-1',
    attachmentErrors: [expect.stringMatching(/^repro-checkout-button\.zip: .*too large \(413\)/)],
  });
  expect((await getDraft('d1'))!.deliveries[0]).toMatchObject({ status: 'created', pendingAttachments: ['repro-checkout-button.zip'] });

  expect(await send('jira')).toMatchObject({ ok: true, key: 'WEB-1', attachmentErrors: [] });
  expect(jira.issues).toHaveLength(1);
  expect(jira.issues[0]!.attachments.map((a) => a.filename).sort()).toEqual(['repro-checkout-button.zip', 'screenshot.png']);
  expect(jira.requests.filter(jira.isAttach)).toHaveLength(3);
  expect((await getDraft('d1'))!.deliveries[0]).toMatchObject({ status: 'complete', pendingAttachments: [] });
});

it("gives back a removed connection's host access, unless another connection still uses that origin", async () => {
  await deliver('trackers:save', { connection: githubConnection(gh.apiBaseUrl, { id: 'a' }), token: 'gh-token' }, senders.popup());
  await deliver(
    'trackers:save',
    { connection: githubConnection(gh.apiBaseUrl, { id: 'b', repository: 'acme/other', isDefault: false }), token: 'gh-token' },
    senders.popup(),
  );
  await deliver('trackers:remove', { id: 'a' }, senders.popup());
  expect(granted).toContain(`${gh.origin}/*`);
  await deliver('trackers:remove', { id: 'b' }, senders.popup());
  expect(granted).not.toContain(`${gh.origin}/*`);
  expect(granted).toContain(`${jira.origin}/*`);
});

it('Delete all data with credentials also takes the Jira header rules; without, they stay', async () => {
  await deliver('trackers:save', { connection: jiraConnection(jira.origin), token: 'jira-token' }, senders.popup());
  expect(sessionRules).toHaveLength(1);
  await deleteAllData({ settings: false, credentials: false });
  expect(sessionRules).toHaveLength(1);
  await deleteAllData({ settings: false, credentials: true });
  expect(sessionRules).toEqual([]);
  // Removing the rules does not open (and so recreate) the connections' database.
  expect((await indexedDB.databases()).map((d) => d.name)).not.toContain('repro-integrations');
});

it('keeps the draft and records the failure when the tracker refuses the token', async () => {
  await draftWithBundle();
  await deliver('trackers:save', { connection: jiraConnection(jira.origin), token: 'wrong' }, senders.popup());
  expect(await send('jira')).toMatchObject({ ok: false, kind: 'unauthorized' });
  const draft = await getDraft('d1');
  expect(draft?.bundle?.fileName).toBe('repro-checkout-button.zip');
  expect(draft?.deliveries[0]).toMatchObject({ status: 'failed', error: expect.stringMatching(/401/) });
});

it('refuses to send without host access, and after "Forget credentials"', async () => {
  await draftWithBundle();
  await deliver('trackers:save', { connection: githubConnection(gh.apiBaseUrl), token: 'gh-token' }, senders.popup());
  granted = [];
  expect(await send('github')).toMatchObject({
    ok: false,
    kind: 'not-configured',
    message: expect.stringMatching(/no access to http:\/\/127\.0\.0\.1/),
  });
  granted = [`${gh.origin}/*`];
  const views = (await deliver('trackers:forget', { id: 'gh-1' }, senders.popup())) as ConnectionView[];
  expect(views[0]!.hasToken).toBe(false);
  expect(await send('github')).toMatchObject({ ok: false, kind: 'not-configured', message: expect.stringMatching(/token was forgotten/) });
  expect(gh.requests).toEqual([]);
});

it('tests a connection with a precise answer, and loads Jira projects and issue types', async () => {
  const connection = jiraConnection(jira.origin);
  expect(await deliver('trackers:test', { connection, token: 'jira-token' }, senders.popup())).toEqual({
    ok: true,
    summary: 'Connected to Jira as Quinn Tester · quinn@example.test.',
    details: ['May create issues in WEB.', 'May add attachments.'],
  });
  expect(await deliver('trackers:test', { connection, token: 'bad' }, senders.popup())).toMatchObject({
    ok: false,
    summary: expect.stringMatching(/did not accept the token \(401\)/),
  });
  expect(await deliver('trackers:load-choices', { connection, token: 'jira-token' }, senders.popup())).toMatchObject({
    ok: true,
    choices: {
      projects: [{ value: 'WEB', label: 'Web shop (WEB)' }],
      issueTypes: [
        { value: '10001', label: 'Bug' },
        { value: '10002', label: 'Task' },
      ],
    },
  });
  const github = await deliver('trackers:test', { connection: githubConnection(gh.apiBaseUrl), token: 'gh-token' }, senders.popup());
  expect(github).toMatchObject({
    ok: true,
    summary: 'Connected to GitHub as quinn (Quinn Tester).',
    details: expect.arrayContaining([expect.stringMatching(/private: only people with access/)]),
  });
});

it('never sends a stored token to a changed address: it asks for the token again', async () => {
  await draftWithBundle();
  const connection = githubConnection(gh.apiBaseUrl);
  await deliver('trackers:save', { connection, token: 'gh-token' }, senders.popup());
  const elsewhere = await startFakeGitHub({ token: 'gh-token' });
  granted.push(`${elsewhere.origin}/*`);
  try {
    const moved = { ...connection, apiBaseUrl: elsewhere.apiBaseUrl };
    // Testing or loading with the stored token at the new address sends nothing there.
    expect(await deliver('trackers:test', { connection: moved }, senders.popup())).toMatchObject({
      ok: false,
      summary: expect.stringMatching(/Enter the token again/),
    });
    // Saving the new address without a token is refused; the saved connection and its token stay as they were.
    expect(await deliver('trackers:save', { connection: moved }, senders.popup())).toEqual({
      reproError: expect.stringMatching(/enter the token again/),
    });
    expect(((await deliver('trackers:list', {}, senders.popup())) as ConnectionView[])[0]!.connection).toMatchObject({
      apiBaseUrl: gh.apiBaseUrl,
    });
    expect(elsewhere.requests).toEqual([]);
    // With the token typed again, the new address is saved and used.
    await deliver('trackers:save', { connection: moved, token: 'gh-token' }, senders.popup());
    expect(await send('github')).toMatchObject({ ok: true, key: '#1' });
    expect(elsewhere.issues).toHaveLength(1);
    expect(gh.requests).toEqual([]);
  } finally {
    await elsewhere.close();
  }
});

it.each(['javascript:alert(document.cookie)', 'https://github.com.evil.test/acme/shop/issues/1'])(
  'files the issue but links nothing when the tracker answers the link %s',
  async (htmlUrl) => {
    await draftWithBundle();
    await deliver('trackers:save', { connection: githubConnection(gh.apiBaseUrl), token: 'gh-token' }, senders.popup());
    gh.fail(gh.isCreate, { status: 201, body: { id: 1, number: 1, html_url: htmlUrl, title: 't', state: 'open' } });
    const result = await send('github');
    expect(result).toMatchObject({ ok: true, key: '#1' });
    expect(JSON.stringify(result)).not.toContain(htmlUrl);
    expect(JSON.stringify((await getDraft('d1'))!.deliveries)).not.toContain(htmlUrl);
  },
);
