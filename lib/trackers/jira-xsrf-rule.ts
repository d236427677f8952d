/**
 * Jira answers 403 "XSRF check failed" to write requests that carry a browser `Origin` or `User-Agent`,
 * even with a valid token (https://confluence.atlassian.com/jirakb/rest-api-calls-with-a-browser-user-agent-header-may-fail-csrf-checks-802600564.html).
 * `fetch` cannot drop those headers, so a declarativeNetRequest session rule does it, scoped to the
 * configured Jira origins and to requests made by this extension outside any tab (the worker), so no
 * page's own requests to Jira are touched.
 */
import { browser } from 'wxt/browser';

/** Rule ids 7000–7999 belong to this module. */
const FIRST_ID = 7000;
const LAST_ID = 7999;
export const TOOL_USER_AGENT = 'Repro-Extension (REST client)';

/** Makes the session rules match exactly `origins` (one rule per origin). */
export async function syncJiraRules(origins: string[]): Promise<void> {
  const dnr = browser.declarativeNetRequest;
  const existing = (await dnr.getSessionRules()).map((r) => r.id).filter((id) => id >= FIRST_ID && id <= LAST_ID);
  const unique = [...new Set(origins)].slice(0, LAST_ID - FIRST_ID + 1);
  await dnr.updateSessionRules({
    removeRuleIds: existing,
    addRules: unique.map((origin, i) => ({
      id: FIRST_ID + i,
      priority: 1,
      action: {
        type: 'modifyHeaders' as const,
        requestHeaders: [
          { header: 'origin', operation: 'remove' as const },
          { header: 'user-agent', operation: 'set' as const, value: TOOL_USER_AGENT },
        ],
      },
      condition: {
        urlFilter: `|${origin}/`,
        resourceTypes: ['xmlhttprequest' as const, 'other' as const],
        // -1: requests not made by a tab, i.e. this extension's worker.
        tabIds: [-1],
        // The extension origin's host: the id on Chromium, the per-install UUID on Firefox.
        initiatorDomains: [new URL(browser.runtime.getURL('/')).host],
      },
    })) as never,
  });
}
