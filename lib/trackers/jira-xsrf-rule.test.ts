import { beforeEach, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { syncJiraRules, TOOL_USER_AGENT } from './jira-xsrf-rule';

type Rule = {
  id: number;
  condition: Record<string, unknown>;
  action: { requestHeaders: { header: string; operation: string; value?: string }[] };
};
let rules: Rule[];

beforeEach(() => {
  rules = [{ id: 1, condition: {}, action: { requestHeaders: [] } }];
  Object.assign(fakeBrowser.declarativeNetRequest, {
    getSessionRules: async () => rules,
    updateSessionRules: async ({ removeRuleIds = [], addRules = [] }: { removeRuleIds?: number[]; addRules?: Rule[] }) => {
      rules = [...rules.filter((r) => !removeRuleIds.includes(r.id)), ...addRules];
    },
  });
});

it('keeps one rule per Jira origin, scoped to the worker, and leaves other rules alone', async () => {
  await syncJiraRules(['https://a.atlassian.net', 'https://jira.acme.internal', 'https://a.atlassian.net']);
  expect(rules.map((r) => r.id)).toEqual([1, 7000, 7001]);
  expect(rules[1]!.condition).toMatchObject({
    urlFilter: '|https://a.atlassian.net/',
    tabIds: [-1],
    initiatorDomains: [new URL(fakeBrowser.runtime.getURL('/')).host],
  });
  expect(rules[1]!.action.requestHeaders).toEqual([
    { header: 'origin', operation: 'remove' },
    { header: 'user-agent', operation: 'set', value: TOOL_USER_AGENT },
  ]);
  await syncJiraRules([]);
  expect(rules.map((r) => r.id)).toEqual([1]);
});
