import { expect, it } from 'vitest';
import { connectionProblem } from './connections-state.svelte';
import { githubConnection, jiraConnection } from './testing';

it('names what is missing before anything is sent to the worker', () => {
  expect(connectionProblem(githubConnection('https://api.github.com'))).toBeNull();
  expect(connectionProblem(jiraConnection('https://acme.atlassian.net', { email: '' }))).toBe('Enter the email of your Atlassian account.');
  expect(connectionProblem(jiraConnection('https://acme.atlassian.net', { projectKey: '' }))).toMatch(/Choose a project/);
  expect(connectionProblem(jiraConnection('not a url'))).toMatch(/^baseUrl: Enter a full URL/);
});
