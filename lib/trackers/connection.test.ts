import * as v from 'valibot';
import { expect, it } from 'vitest';
import { connectionLabel, connectionOrigin, connectionSchema } from './registry';
import { githubConnection, jiraConnection } from './testing';

it('accepts complete connections and refuses malformed ones with a readable reason', () => {
  expect(v.safeParse(connectionSchema, jiraConnection('https://acme.atlassian.net')).success).toBe(true);
  const repo = v.safeParse(connectionSchema, githubConnection('https://api.github.com', { repository: 'not a repo' }));
  expect(repo.success ? '' : repo.issues[0].message).toBe('Write the repository as owner/repo');
  const url = v.safeParse(connectionSchema, jiraConnection('ftp://acme'));
  expect(url.success).toBe(false);
});

it('derives the origin to ask access for and the short label', () => {
  const ghes = githubConnection('https://git.acme.internal/api/v3');
  expect(connectionOrigin(ghes)).toBe('https://git.acme.internal');
  expect(connectionLabel(ghes)).toBe('acme/shop');
  expect(connectionLabel(jiraConnection('https://acme.atlassian.net/'))).toBe('acme.atlassian.net · WEB');
});
