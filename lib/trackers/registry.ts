/**
 * The trackers Repro can send to, in the order the popup and the settings show them. Adding one is a
 * new file implementing `TrackerDefinition` (tracker.ts) and one line here; nothing else names it
 * (lib/conventions/tracker-ids.test.ts checks that).
 */
import * as v from 'valibot';
import { githubTracker } from './github';
import { gitlabTracker } from './gitlab';
import { jiraTracker } from './jira';
import { linearTracker } from './linear';
import { webhookTracker } from './webhook';
import type { TrackerDefinition } from './tracker';

const schemas = [jiraTracker.schema, githubTracker.schema, gitlabTracker.schema, linearTracker.schema, webhookTracker.schema] as const;

/** A saved connection of any tracker. */
export type Connection = v.InferOutput<(typeof schemas)[number]>;

/**
 * Each definition takes only its own tracker's connections; `trackerOf` picks it by the connection's
 * `tracker`, which the variant schema ties to that definition's schema, hence the widening cast.
 */
export const TRACKERS = [
  jiraTracker,
  githubTracker,
  gitlabTracker,
  linearTracker,
  webhookTracker,
] as unknown as readonly TrackerDefinition<Connection>[];

/** The registered ids, for message schemas. */
export const TRACKER_IDS = TRACKERS.map((t) => t.id) as [string, ...string[]];

/** What extension pages see of a saved connection: never its token. */
export interface ConnectionView {
  connection: Connection;
  /** A token is stored for it (the token itself never leaves the worker). */
  hasToken: boolean;
}

/** Any tracker's connection, checked against its own tracker's schema. */
export const connectionSchema = v.variant('tracker', schemas);

/** The definition of a registered tracker, or undefined for an id no tracker has (any more). */
export function trackerById(id: string): TrackerDefinition<Connection> | undefined {
  return TRACKERS.find((t) => t.id === id);
}

/** The definition of a connection's tracker. */
export function trackerOf(connection: Connection): TrackerDefinition<Connection> {
  const found = trackerById(connection.tracker);
  if (!found) throw new Error(`No tracker is registered as ${connection.tracker}`);
  return found;
}

/** The origin Repro talks to for a connection (host access is asked for it, and the token goes only there). */
export function connectionOrigin(connection: Connection): string {
  return new URL(trackerOf(connection).endpoint(connection)).origin;
}

/** Origins a link the tracker answers may point to for this connection (see `trustedLink`). */
export function linkOrigins(connection: Connection): string[] {
  return trackerOf(connection).linkOrigins?.(connection) ?? [connectionOrigin(connection)];
}

/** A short label for the popup: `acme.atlassian.net · WEB`, `acme/shop`. */
export function connectionLabel(connection: Connection): string {
  return trackerOf(connection).label(connection);
}

/** The product name of a tracker id ("Jira"), or the id itself for one no longer registered. */
export function trackerName(id: string): string {
  return trackerById(id)?.name ?? id;
}

/** Names as prose: "Jira", "Jira or GitHub", "Jira, GitHub or GitLab". */
export function oneOf(names: readonly string[]): string {
  return names.length > 1 ? `${names.slice(0, -1).join(', ')} or ${names.at(-1)}` : (names[0] ?? '');
}
