import type { Page } from '@playwright/test';
import { expect, test } from '../harness/fixtures';

const DELETE_ALL = { repro: 1, type: 'privacy:delete-all', data: { settings: true, credentials: true } };

/** Seeds data that a forged delete would destroy, from an extension page. */
async function seed(page: Page): Promise<void> {
  await page.evaluate(async () => {
    await new Promise<void>((resolve, reject) => {
      const request = indexedDB.open('repro-reports', 1);
      request.onupgradeneeded = () => request.result.createObjectStore('drafts', { keyPath: 'id' });
      request.onsuccess = () => {
        request.result.close();
        resolve();
      };
      request.onerror = () => reject(request.error);
    });
    await chrome.storage.local.set({ 'settings.retention': { days: 5 } });
  });
}

async function kept(page: Page): Promise<{ databases: string[]; local: string[] }> {
  return page.evaluate(async () => ({
    databases: (await indexedDB.databases()).map((d) => d.name ?? ''),
    local: Object.keys(await chrome.storage.local.get(null)),
  }));
}

test('commands forged by a web page or by a script in a content-script world do nothing', async ({ ext, server }) => {
  await ext.allowOrigin(server.origin);
  const options = await ext.openExtensionPage('options.html');
  await seed(options);

  const page = await ext.context.newPage();
  await page.goto(server.url('/index.html'));
  const tabId = await ext.tabIdOf(page);
  await expect.poll(() => ext.inWorker((id) => chrome.action.getBadgeText({ tabId: id }), tabId)).toBe('REC');

  // 1. The page posts fake commands on both page channels the content script listens to.
  await page.evaluate(() => {
    for (const ns of ['repro:page', 'repro:app']) {
      for (const type of ['privacy:delete-all', 'delete-all', 'recording:status', 'trackers:send']) {
        window.postMessage({ ns, type, data: { settings: true, credentials: true, tabId: 0, draftId: 'x', tracker: 'github' } }, '*');
        window.postMessage({ ns, repro: 1, type, data: { settings: true, credentials: true } }, '*');
      }
    }
  });

  // 2. Code running in the ISOLATED world of the tab (where our content script lives) sends protocol
  //    messages that only extension pages may send. Nobody answers them.
  const answers = await ext.inWorker(
    async ({ tabId: id, messages }) => {
      const [result] = await chrome.scripting.executeScript({
        target: { tabId: id },
        world: 'ISOLATED',
        args: [messages],
        func: async (forged: unknown[]) => {
          const out: string[] = [];
          for (const message of forged) {
            try {
              out.push(`answered: ${JSON.stringify(await chrome.runtime.sendMessage(message))}`);
            } catch (error) {
              out.push(`no answer: ${error instanceof Error ? error.message : String(error)}`);
            }
          }
          return out;
        },
      });
      return result?.result as string[];
    },
    {
      tabId,
      messages: [
        DELETE_ALL,
        { repro: 1, type: 'recording:status', data: { tabId } },
        { repro: 1, type: 'privacy:export-settings', data: {} },
        {
          repro: 1,
          type: 'privacy:import-settings',
          data: { text: '{"format":"repro-settings","version":1,"settings":{"retention":{"days":1}}}' },
        },
        { repro: 1, type: 'recording:hello', data: 'malformed' },
      ],
    },
  );
  expect(answers).toHaveLength(5);
  for (const answer of answers) expect(answer).toMatch(/^(no answer|answered: undefined$)/);

  // Nothing was deleted or changed.
  const after = await kept(options);
  expect(after.databases).toContain('repro-reports');
  expect(after.local).toContain('settings.retention');
  expect(await options.evaluate(async () => (await chrome.storage.local.get('settings.retention'))['settings.retention'])).toEqual({
    days: 5,
  });

  // Control: the same worker answers the same question from an extension page, so the silence above is the sender check.
  const status = await options.evaluate(
    (id) => chrome.runtime.sendMessage({ repro: 1, type: 'recording:status', data: { tabId: id } }),
    tabId,
  );
  expect(status).toMatchObject({ tabId, recording: true });
});
