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
  await registration.locator('cr-button[data-command="stop"]').first().click();
  await expect(running).toHaveText('STOPPED', { timeout: 15_000 });
  return running;
}
