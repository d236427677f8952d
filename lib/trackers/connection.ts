/** A saved tracker connection: where to file issues, and how (never the secret itself). */
import * as v from 'valibot';
import type { Severity } from '../model/report';
import type { Tracker } from '../report/drafts';

const text = (max: number) => v.pipe(v.string(), v.trim(), v.maxLength(max));
const httpUrl = v.pipe(
  v.string(),
  v.trim(),
  v.maxLength(2048),
  v.url('Enter a full URL, e.g. https://acme.atlassian.net'),
  v.check((u) => /^https?:\/\//i.test(u), 'The address must start with https:// (or http:// for a local server)'),
);
const names = v.pipe(v.array(text(255)), v.maxLength(50));

export const jiraConnectionSchema = v.object({
  tracker: v.literal('jira'),
  id: text(64),
  name: text(120),
  /** Cloud: email + API token (Basic auth, REST v3); Server/Data Center: personal access token (Bearer, REST v2). */
  flavor: v.picklist(['cloud', 'server']),
  baseUrl: httpUrl,
  email: v.optional(text(320)),
  projectKey: text(64),
  issueTypeId: text(64),
  labels: names,
  components: names,
  /** Repro severity → Jira priority name; a severity without an entry leaves the project's default. */
  priorities: v.record(v.picklist(['blocker', 'critical', 'major', 'minor', 'trivial']), text(120)),
  isDefault: v.boolean(),
});

export const githubConnectionSchema = v.object({
  tracker: v.literal('github'),
  id: text(64),
  name: text(120),
  /** `owner/repo` where issues are filed. */
  repository: v.pipe(text(201), v.regex(/^[\w.-]+\/[\w.-]+$/, 'Write the repository as owner/repo')),
  /** REST API root: https://api.github.com, or https://HOST/api/v3 for GitHub Enterprise Server. */
  apiBaseUrl: httpUrl,
  labels: names,
  isDefault: v.boolean(),
});

export const connectionSchema = v.variant('tracker', [jiraConnectionSchema, githubConnectionSchema]);

export type JiraConnection = v.InferOutput<typeof jiraConnectionSchema>;
export type GitHubConnection = v.InferOutput<typeof githubConnectionSchema>;
export type Connection = v.InferOutput<typeof connectionSchema>;

/** The secret of a connection, kept apart from it (see `credentials.ts`). */
export const secretSchema = v.object({ token: v.pipe(v.string(), v.trim(), v.minLength(1, 'The token is empty'), v.maxLength(4096)) });
export type Secret = v.InferOutput<typeof secretSchema>;

export const GITHUB_API = 'https://api.github.com';

/** The origin Repro talks to for a connection (host access is requested for it). */
export function connectionOrigin(connection: Connection): string {
  return new URL(connection.tracker === 'jira' ? connection.baseUrl : connection.apiBaseUrl).origin;
}

/** Base URL without trailing slashes. */
export function trimBase(url: string): string {
  return url.replace(/\/+$/, '');
}

/** A short label for the popup: `acme.atlassian.net · WEB`, `acme/shop`. */
export function connectionLabel(connection: Connection): string {
  if (connection.tracker === 'github') return connection.repository;
  return `${new URL(connection.baseUrl).host} · ${connection.projectKey}`;
}

export function trackerName(tracker: Tracker): string {
  return tracker === 'jira' ? 'Jira' : 'GitHub';
}

export type PriorityMap = Partial<Record<Severity, string>>;
