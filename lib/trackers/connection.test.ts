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

it('accepts https, and http only for a server on this computer', () => {
  const ok = (url: string) => v.safeParse(connectionSchema, githubConnection(url)).success;
  expect(ok('https://git.acme.internal/api/v3')).toBe(true);
  for (const local of ['http://localhost:8080/api/v3', 'http://127.0.0.1:3000', 'http://[::1]:8080', 'http://127.8.9.10']) expect([local, ok(local)]).toEqual([local, true]);
  for (const remote of ['http://git.acme.internal/api/v3', 'http://10.0.0.5', 'http://localhost.evil.test', 'ftp://localhost']) expect([remote, ok(remote)]).toEqual([remote, false]);
  const refused = v.safeParse(connectionSchema, jiraConnection('http://jira.acme.internal'));
  expect(refused.success ? '' : refused.issues[0].message).toBe('Use https:// (http:// is allowed only for a server on this computer)');
});
