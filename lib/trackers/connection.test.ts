import * as v from 'valibot';
import { expect, it } from 'vitest';
import { trustedLink } from './connection';
import { connectionLabel, connectionOrigin, connectionSchema, linkOrigins } from './registry';
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
  for (const local of ['http://localhost:8080/api/v3', 'http://127.0.0.1:3000', 'http://[::1]:8080', 'http://127.8.9.10'])
    expect([local, ok(local)]).toEqual([local, true]);
  for (const remote of ['http://git.acme.internal/api/v3', 'http://10.0.0.5', 'http://localhost.evil.test', 'ftp://localhost'])
    expect([remote, ok(remote)]).toEqual([remote, false]);
  const refused = v.safeParse(connectionSchema, jiraConnection('http://jira.acme.internal'));
  expect(refused.success ? '' : refused.issues[0].message).toBe('Use https:// (http:// is allowed only for a server on this computer)');
});

it("trusts a link a tracker answers only on https at the connection's own origins (http on this computer aside)", () => {
  const origins = ['https://acme.atlassian.net'];
  expect(trustedLink('https://acme.atlassian.net/browse/WEB-1', origins)).toBe('https://acme.atlassian.net/browse/WEB-1');
  for (const url of [
    'javascript:alert(1)',
    'https://acme.atlassian.net.evil.test/browse/WEB-1',
    'http://acme.atlassian.net/browse/WEB-1',
    'data:text/html,x',
    'not a url',
    '',
  ]) {
    expect([url, trustedLink(url, origins)]).toEqual([url, undefined]);
  }
  expect(trustedLink('http://127.0.0.1:4000/acme/shop/issues/1', ['http://127.0.0.1:4000'])).toBe(
    'http://127.0.0.1:4000/acme/shop/issues/1',
  );
  expect(trustedLink('http://127.0.0.1:4001/x', ['http://127.0.0.1:4000'])).toBeUndefined();
});

it('expects GitHub issue pages on github.com, or on the Enterprise Server host', () => {
  expect(linkOrigins(githubConnection('https://api.github.com'))).toEqual(['https://github.com']);
  expect(linkOrigins(githubConnection('https://git.acme.internal/api/v3'))).toEqual(['https://git.acme.internal']);
  expect(linkOrigins(jiraConnection('https://acme.atlassian.net'))).toEqual(['https://acme.atlassian.net']);
});
