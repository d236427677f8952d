/**
 * Background side of the integrations: connections (saved with their tokens in the worker's store),
 * connection tests, and sending drafts. Tokens enter through `trackers:save`/`test` and never
 * leave the worker except in requests to their own tracker.
 */
import { browser } from 'wxt/browser';
import { onAfterDeleteAll } from '../storage/delete-hooks';
import { syncJiraRules } from './jira-xsrf-rule';
import { trackerMessages } from './messages';
import { connectionLabel, connectionOrigin, trackerName, type Connection, type Secret } from './connection';
import { deliverDraft, hasHostAccess, refreshJiraRules, type Clients } from './deliver';
import { TrackerError } from './errors';
import { GitHubClient } from './github';
import { JiraClient } from './jira';
import { defaultConnection, forgetSecret, getSecret, hasSecret, listConnections, removeConnection, saveConnection } from './store';
import type { IntegrationStatus } from './types';
import { getCaptureSettings } from '../settings/capture';
import type { ConnectionView, ProjectsAnswer, TestAnswer } from './views';

/**
 * Gives back the host access a removed connection was granted, unless another connection or a site
 * the tester records still needs that origin.
 */
async function releaseHostAccess(origin: string): Promise<void> {
  const stillUsed = (await listConnections()).some((c) => connectionOrigin(c) === origin) || (await getCaptureSettings()).allowedOrigins.includes(origin);
  if (!stillUsed) await browser.permissions.remove({ origins: [`${origin}/*`] }).catch(() => false);
}

export interface IntegrationDeps {
  jira: JiraClient;
  github: GitHubClient;
}

async function views(): Promise<ConnectionView[]> {
  const all = await listConnections();
  return Promise.all(all.map(async (connection) => ({ connection, hasToken: await hasSecret(connection.id) })));
}

async function status(): Promise<IntegrationStatus> {
  const one = async (tracker: 'jira' | 'github') => {
    const c = await defaultConnection(tracker);
    const name = trackerName(tracker);
    return c && (await hasSecret(c.id)) ? { name, configured: true, label: connectionLabel(c) } : { name, configured: false };
  };
  return { jira: await one('jira'), github: await one('github') };
}

/** The token to use: the one typed in the form, else the stored one. */
async function secretFor(connection: Connection, token?: string): Promise<Secret | undefined> {
  if (token?.trim()) return { token: token.trim() };
  return getSecret(connection.id);
}

function failureText(error: unknown): string {
  return error instanceof TrackerError ? error.message : `Unexpected error: ${error instanceof Error ? error.message : String(error)}`;
}

async function testConnection(deps: IntegrationDeps, connection: Connection, token?: string): Promise<TestAnswer> {
  const secret = await secretFor(connection, token);
  if (!secret) return { ok: false, summary: 'Enter a token first.', details: [] };
  if (!(await hasHostAccess(connection))) {
    return { ok: false, summary: `Repro has no access to ${connectionOrigin(connection)} yet: save the connection and allow access.`, details: [] };
  }
  try {
    if (connection.tracker === 'jira') {
      await refreshJiraRules();
      const t = await deps.jira.test({ connection, secret });
      const details: string[] = [];
      if (t.project) {
        details.push(t.canCreate ? `May create issues in ${t.project}.` : `May NOT create issues in ${t.project}.`);
        details.push(t.canAttach ? 'May add attachments.' : 'May NOT add attachments: the report zip cannot be attached.');
      } else details.push('Choose a project to check what the token may do in it.');
      return { ok: t.canCreate !== false, summary: `Connected to Jira as ${t.user}.`, details };
    }
    const t = await deps.github.test({ connection, secret });
    const details = [
      `Repository ${t.repository} (${t.private ? 'private: only people with access can read the report files' : 'public: anyone can read the report files'}).`,
      t.issuesEnabled ? 'Issues are enabled.' : 'Issues are disabled in this repository.',
      // GitHub reports the account's role here; a fine-grained token may still lack Contents: write.
      t.canWrite
        ? 'Your account may write to it; the token also needs Contents: write for the report files on the repro-reports branch.'
        : 'Your account may NOT write to it: issues can be filed, but the report files cannot be uploaded.',
    ];
    if (t.expires) details.push(`The token expires ${t.expires}.`);
    return { ok: t.issuesEnabled, summary: `Connected to GitHub as ${t.user}.`, details };
  } catch (error) {
    return { ok: false, summary: failureText(error), details: [] };
  }
}

async function loadProjects(deps: IntegrationDeps, connection: Connection, token?: string): Promise<ProjectsAnswer> {
  const empty: ProjectsAnswer = { ok: false, projects: [], issueTypes: [], priorities: [] };
  if (connection.tracker !== 'jira') return { ...empty, error: 'Only Jira has projects to load.' };
  const secret = await secretFor(connection, token);
  if (!secret) return { ...empty, error: 'Enter a token first.' };
  if (!(await hasHostAccess(connection))) return { ...empty, error: `Repro has no access to ${connectionOrigin(connection)}: allow it first.` };
  try {
    await refreshJiraRules();
    const target = { connection, secret };
    const projects = await deps.jira.projects(target);
    const meta = connection.projectKey ? await deps.jira.projectMeta(target, connection.projectKey) : { issueTypes: [], priorities: [] };
    return { ok: true, projects, ...meta };
  } catch (error) {
    return { ...empty, error: failureText(error) };
  }
}

export function registerIntegrationService(deps: IntegrationDeps = { jira: new JiraClient(), github: new GitHubClient() }): void {
  const clients: Clients = deps;
  // Session rules end with the browser session; the worker starts with it, so set them again here.
  void refreshJiraRules().catch(() => undefined);
  trackerMessages.handle('trackers:status', status);
  trackerMessages.handle('trackers:send', ({ draftId, tracker }) => deliverDraft(draftId, tracker, clients));
  trackerMessages.handle('trackers:list', views);
  trackerMessages.handle('trackers:save', async ({ connection, token }) => {
    await saveConnection(connection, token?.trim() ? { token: token.trim() } : undefined);
    await refreshJiraRules().catch(() => undefined);
    return views();
  });
  trackerMessages.handle('trackers:test', ({ connection, token }) => testConnection(deps, connection, token));
  trackerMessages.handle('trackers:load-projects', ({ connection, token }) => loadProjects(deps, connection, token));
  trackerMessages.handle('trackers:forget', async ({ id }) => {
    await forgetSecret(id);
    return views();
  });
  // Delete all data with credentials takes the Jira connections: their header rules go with them. (Not
  // by listing the connections: that would open, and so recreate, the database just deleted.)
  onAfterDeleteAll(async (options) => {
    if (options.credentials) await syncJiraRules([]);
  });
  trackerMessages.handle('trackers:remove', async ({ id }) => {
    const removed = (await listConnections()).find((c) => c.id === id);
    await removeConnection(id);
    await refreshJiraRules().catch(() => undefined);
    if (removed) await releaseHostAccess(connectionOrigin(removed));
    return views();
  });
}
