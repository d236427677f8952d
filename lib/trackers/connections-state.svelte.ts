/** Reactive state of the options page's connections: the saved list, and actions that go to the worker. */
import * as v from 'valibot';
import { browser } from 'wxt/browser';
import { trackerMessages } from './messages';
import { connectionOrigin, connectionSchema, trackerOf, type Connection, type ConnectionView } from './registry';
import type { ChoicesAnswer, TestAnswer } from './views';

/** The first problem with a connection as filled in, or null when it is complete. */
export function connectionProblem(connection: Connection): string | null {
  const parsed = v.safeParse(connectionSchema, connection);
  if (parsed.success) return trackerOf(connection).problem?.(connection) ?? null;
  const issue = parsed.issues[0];
  const field = issue.path?.map((p) => String(p.key)).join('.') ?? '';
  return `${field ? `${field}: ` : ''}${issue.message}`;
}

export class ConnectionsState {
  views = $state<ConnectionView[]>([]);
  error = $state<string | null>(null);
  notice = $state<string | null>(null);

  async refresh(): Promise<void> {
    try {
      this.views = await trackerMessages.send('trackers:list', {});
      this.error = null;
    } catch (e) {
      this.error = `Could not reach the Repro worker: ${e instanceof Error ? e.message : String(e)}`;
    }
  }

  /**
   * Asks for host access to the tracker (must run in the click's user gesture, so it comes first).
   * Returns an error message, or null when access is granted.
   */
  private async access(connection: Connection): Promise<string | null> {
    let origin: string;
    const shape = v.safeParse(connectionSchema, connection);
    if (!shape.success) return connectionProblem(connection);
    try {
      origin = connectionOrigin(connection);
    } catch {
      return 'Enter a full address first, e.g. https://acme.atlassian.net';
    }
    const granted = await browser.permissions.request({ origins: [`${origin}/*`] }).catch(() => false);
    return granted ? null : `Access to ${origin} was not granted, so Repro cannot talk to it.`;
  }

  async test(connection: Connection, token: string): Promise<TestAnswer> {
    const denied = await this.access(connection);
    if (denied) return { ok: false, summary: denied, details: [] };
    return trackerMessages.send('trackers:test', { connection, token: token || undefined });
  }

  async loadChoices(connection: Connection, token: string): Promise<ChoicesAnswer> {
    const denied = await this.access(connection);
    if (denied) return { ok: false, error: denied, choices: {} };
    return trackerMessages.send('trackers:load-choices', { connection, token: token || undefined });
  }

  /** Saves (asking for host access first). Returns an error message, or null on success. */
  async save(connection: Connection, token: string): Promise<string | null> {
    const problem = connectionProblem(connection);
    if (problem) return problem;
    const denied = await this.access(connection);
    if (denied) return denied;
    try {
      this.views = await trackerMessages.send('trackers:save', { connection, token: token || undefined });
      this.notice = `Saved “${connection.name}”.`;
      return null;
    } catch (e) {
      return `Could not save: ${e instanceof Error ? e.message : String(e)}`;
    }
  }

  async makeDefault(view: ConnectionView): Promise<void> {
    this.views = await trackerMessages.send('trackers:save', { connection: { ...view.connection, isDefault: true } });
  }

  async forget(id: string): Promise<void> {
    this.views = await trackerMessages.send('trackers:forget', { id });
    this.notice = 'Token forgotten: Repro no longer stores it. Enter it again to send reports.';
  }

  async remove(id: string): Promise<void> {
    this.views = await trackerMessages.send('trackers:remove', { id });
  }
}
