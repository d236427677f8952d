/** Test helpers: connections pointing at the fake trackers, and a progress kept in memory. */
import { expect } from 'vitest';
import type { GitHubConnection } from './github';
import type { GitLabConnection } from './gitlab';
import type { JiraConnection } from './jira';
import type { LinearConnection } from './linear';
import type { IssueRef, Target, TrackerClient } from './tracker';
import { sampleBundle } from './sample-bundle';
import type { WebhookConnection } from './webhook';

export { PNG, sampleBundle, sampleReport } from './sample-bundle';

export function jiraConnection(baseUrl: string, overrides: Partial<JiraConnection> = {}): JiraConnection {
  return {
    tracker: 'jira',
    id: 'jira-1',
    name: 'Acme Jira',
    flavor: 'cloud',
    baseUrl,
    email: 'quinn@example.test',
    projectKey: 'WEB',
    issueTypeId: '10001',
    labels: ['qa'],
    components: [],
    priorities: { critical: 'High' },
    isDefault: true,
    ...overrides,
  };
}

export function githubConnection(apiBaseUrl: string, overrides: Partial<GitHubConnection> = {}): GitHubConnection {
  return {
    tracker: 'github',
    id: 'gh-1',
    name: 'Shop repo',
    repository: 'acme/shop',
    apiBaseUrl,
    labels: ['bug'],
    isDefault: true,
    ...overrides,
  };
}

export function gitlabConnection(baseUrl: string, overrides: Partial<GitLabConnection> = {}): GitLabConnection {
  return {
    tracker: 'gitlab',
    id: 'gl-1',
    name: 'Shop project',
    baseUrl,
    project: 'acme/shop',
    labels: ['bug'],
    isDefault: true,
    ...overrides,
  };
}

export function linearConnection(apiUrl: string, overrides: Partial<LinearConnection> = {}): LinearConnection {
  return {
    tracker: 'linear',
    id: 'lin-1',
    name: 'Product team',
    apiUrl,
    teamId: 'team-eng',
    teamName: 'Engineering (ENG)',
    labels: ['Bug'],
    isDefault: true,
    ...overrides,
  };
}

export function webhookConnection(url: string, overrides: Partial<WebhookConnection> = {}): WebhookConnection {
  return { tracker: 'webhook', id: 'hook-1', name: 'QA hook', url, format: 'report', isDefault: true, ...overrides };
}

/** A `DeliveryProgress` kept in memory, recording what a client reported. */
export function memoryProgress(pending: string[], created?: IssueRef, lost: { reportId?: string; mayExist?: boolean } = {}) {
  const log = { created: [] as IssueRef[], attached: [] as string[], failed: new Map<string, string>() };
  return {
    log,
    progress: {
      created,
      reportId: lost.reportId ?? 'report-1',
      mayExist: lost.mayExist ?? false,
      pending,
      onCreated: async (ref: IssueRef) => void log.created.push(ref),
      onAttached: async (name: string) => void log.attached.push(name),
      onAttachmentFailed: async (name: string, message: string) => void log.failed.set(name, message),
    },
  };
}

/** The zip and the screenshot of `sampleBundle()`, in upload order. */
export const SAMPLE_FILES = ['repro-checkout-button.zip', 'screenshot.png'];

/**
 * Sends once with the zip's upload refused as too large (the caller sets that up on its fake), then
 * retries: the issue is kept, the screenshot stays attached, and the retry uploads only the zip.
 */
export async function refusedZipThenRetry<C>(client: TrackerClient<C>, target: Target<C>): Promise<IssueRef> {
  const [zip, screenshot] = SAMPLE_FILES as [string, string];
  const first = memoryProgress(SAMPLE_FILES);
  const ref = await client.send(await sampleBundle(), target, first.progress);
  expect(first.log.failed.get(zip)).toMatch(/too large \(413\)/);
  expect(first.log.attached).toEqual([screenshot]);
  const retry = memoryProgress([zip], ref);
  await client.send(await sampleBundle(), target, retry.progress);
  expect(retry.log.created).toEqual([]);
  expect(retry.log.attached).toEqual([zip]);
  return ref;
}
