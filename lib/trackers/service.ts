/**
 * Background side of the integrations: connections (saved with their tokens in the worker's store),
 * connection tests, and sending drafts. Tokens enter through `trackers:save`/`test` and never
 * leave the worker except in requests to their own tracker.
 */
import { browser } from 'wxt/browser';
import { onAfterDeleteAll } from '../storage/delete-hooks';
import { getCaptureSettings } from '../settings/capture';
import { trackerMessages } from './messages';
import type { Secret } from './connection';
import { deliverDraft, hasHostAccess, syncTrackers, type Clients } from './deliver';
import { connectionLabel, connectionOrigin, trackerOf, TRACKERS, type Connection, type ConnectionView } from './registry';
import { defaultConnection, forgetSecret, getSecret, hasSecret, listConnections, removeConnection, saveConnection } from './store';
import { failedTest } from './tracker';
import type { IntegrationStatus } from './types';
import type { ChoicesAnswer, TestAnswer } from './views';

/**
 * Gives back the host access a removed connection was granted, unless another connection or a site
 * the tester records still needs that origin.
 */
async function releaseHostAccess(origin: string): Promise<void> {
  const stillUsed =
    (await listConnections()).some((c) => connectionOrigin(c) === origin) || (await getCaptureSettings()).allowedOrigins.includes(origin);
  if (!stillUsed) await browser.permissions.remove({ origins: [`${origin}/*`] }).catch(() => false);
}

async function views(): Promise<ConnectionView[]> {
  const all = await listConnections();
  return Promise.all(all.map(async (connection) => ({ connection, hasToken: await hasSecret(connection.id) })));
}

async function status(): Promise<IntegrationStatus> {
  return Promise.all(
    TRACKERS.map(async ({ id, name, secret }) => {
      const c = await defaultConnection(id);
      return c && (secret.optional || (await hasSecret(c.id)))
        ? { tracker: id, name, configured: true, label: connectionLabel(c) }
        : { tracker: id, name, configured: false };
    }),
  );
}

/**
 * The token to try a connection as filled in with: the one typed in the form, else the stored one if it
 * was given for this origin. Otherwise, or without host access, why the connection cannot be tried yet.
 */
async function secretFor(connection: Connection, token?: string): Promise<Secret | string> {
  let secret = token?.trim() ? { token: token.trim() } : await getSecret(connection);
  if (!secret && (await hasSecret(connection.id))) {
    return `Enter the token again: the address is now ${connectionOrigin(connection)}, and Repro sends a stored token only to the address it was saved for.`;
  }
  if (!secret && !trackerOf(connection).secret.optional) return 'Enter a token first.';
  secret ??= { token: '' };
  if (!(await hasHostAccess(connection)))
    return `Repro has no access to ${connectionOrigin(connection)} yet: save the connection and allow access.`;
  return secret;
}

async function testConnection(clients: Clients, connection: Connection, token?: string): Promise<TestAnswer> {
  const secret = await secretFor(connection, token);
  if (typeof secret === 'string') return { ok: false, summary: secret, details: [] };
  try {
    await syncTrackers(trackerOf(connection));
    return await clients[connection.tracker]!.check({ connection, secret });
  } catch (error) {
    return failedTest(error);
  }
}

async function loadChoices(clients: Clients, connection: Connection, token?: string): Promise<ChoicesAnswer> {
  const client = clients[connection.tracker];
  if (!client?.choices) return { ok: false, error: `${trackerOf(connection).name} has nothing to load.`, choices: {} };
  const secret = await secretFor(connection, token);
  if (typeof secret === 'string') return { ok: false, error: secret, choices: {} };
  try {
    await syncTrackers(trackerOf(connection));
    return { ok: true, choices: await client.choices({ connection, secret }) };
  } catch (error) {
    return { ok: false, error: failedTest(error).summary, choices: {} };
  }
}

/** The clients of every registered tracker. */
export function defaultClients(): Clients {
  return Object.fromEntries(TRACKERS.map((t) => [t.id, t.createClient()]));
}

export function registerIntegrationService(clients: Clients = defaultClients()): void {
  // Session rules end with the browser session; the worker starts with it, so set them again here.
  void syncTrackers().catch(() => undefined);
  trackerMessages.handle('trackers:status', status);
  trackerMessages.handle('trackers:send', ({ draftId, tracker }) => deliverDraft(draftId, tracker, clients));
  trackerMessages.handle('trackers:list', views);
  trackerMessages.handle('trackers:save', async ({ connection, token }) => {
    await saveConnection(connection, token?.trim() ? { token: token.trim() } : undefined);
    await syncTrackers().catch(() => undefined);
    return views();
  });
  trackerMessages.handle('trackers:test', ({ connection, token }) => testConnection(clients, connection, token));
  trackerMessages.handle('trackers:load-choices', ({ connection, token }) => loadChoices(clients, connection, token));
  trackerMessages.handle('trackers:forget', async ({ id }) => {
    await forgetSecret(id);
    return views();
  });
  // Delete all data with credentials takes every connection: trackers' request rules go with them. (Not
  // by listing the connections: that would open, and so recreate, the database just deleted.)
  onAfterDeleteAll(async (options) => {
    if (options.credentials) for (const tracker of TRACKERS) await tracker.sync?.([]);
  });
  trackerMessages.handle('trackers:remove', async ({ id }) => {
    const removed = (await listConnections()).find((c) => c.id === id);
    await removeConnection(id);
    await syncTrackers().catch(() => undefined);
    if (removed) await releaseHostAccess(connectionOrigin(removed));
    return views();
  });
}
