/** Stopping the extension's service worker for real in a spec, as Chrome does when it is idle. */
import type { Locator } from '@playwright/test';
import type { LaunchedExtension } from '../harness/chromium';
import { expect, type ExtensionHelpers } from '../harness/fixtures';

/**
 * Stops the worker with the Stop button of `chrome://serviceworker-internals` (a worker Playwright is
 * attached to is never stopped for idleness) and returns its status on that page, to wait for RUNNING
 * again once a page event woke it.
 */
export async function stopWorker(ext: LaunchedExtension & ExtensionHelpers): Promise<Locator> {
  const internals = await ext.context.newPage();
  await internals.goto('chrome://serviceworker-internals/');
  const registration = internals.locator('.serviceworker-registration', { hasText: `chrome-extension://${ext.extensionId}/` });
  const running = registration.locator('.serviceworker-running-status .value').first();
  await expect(running).toHaveText('RUNNING');
  // A recording page wakes a stopped worker at once, and the page can go from stopped to starting before
  // its status is read: a mark left in the worker tells the new one from the old.
  const mark = '__e2eBeforeStop';
  await ext.inWorker((name) => void ((globalThis as Record<string, unknown>)[name] = true), mark);
  await registration.locator('cr-button[data-command="stop"]').first().click();
  await expect
    .poll(
      async () => {
        if ((await running.textContent())?.trim() === 'STOPPED') return 'stopped';
        try {
          return (await ext.inWorker((name) => (globalThis as Record<string, unknown>)[name] === true, mark)) ? 'running' : 'stopped';
        } catch {
          // The old worker's handle is gone with it.
          return 'stopped';
        }
      },
      { timeout: 15_000 },
    )
    .toBe('stopped');
  return running;
}
