/** Stopping the extension's service worker for real in a spec, as Chrome does when it is idle. */
import type { LaunchedExtension } from '../harness/chromium';
import { expect } from '../harness/fixtures';

export interface StoppedWorker {
  /** Waits until a page event has started the worker again after the stop. */
  runningAgain(timeout?: number): Promise<void>;
}

interface VersionUpdate {
  versions: { versionId: string; scriptURL: string; runningStatus: string }[];
}

/**
 * Stops the worker through the devtools protocol's ServiceWorker domain (a worker Playwright is attached
 * to is never stopped for idleness). Every status change is an event, so a stop that a recording page
 * undoes at once is still seen, and so is the start that follows it.
 */
export async function stopWorker(ext: LaunchedExtension): Promise<StoppedWorker> {
  const page = await ext.context.newPage();
  await page.goto('about:blank');
  const cdp = await ext.context.newCDPSession(page);
  const prefix = `chrome-extension://${ext.extensionId}/`;
  let versionId = '';
  let status = '';
  let stopped = false;
  let runningAgain = false;
  cdp.on('ServiceWorker.workerVersionUpdated', ({ versions }: VersionUpdate) => {
    for (const version of versions) {
      if (!version.scriptURL.startsWith(prefix)) continue;
      versionId = version.versionId;
      status = version.runningStatus;
      if (status === 'stopped') stopped = true;
      else if (stopped && status === 'running') runningAgain = true;
    }
  });
  await cdp.send('ServiceWorker.enable');
  await expect.poll(() => status, { message: 'the worker runs before the stop' }).toBe('running');
  await cdp.send('ServiceWorker.stopWorker', { versionId });
  await expect.poll(() => stopped, { timeout: 15_000, message: 'the worker stopped' }).toBe(true);
  return {
    async runningAgain(timeout = 15_000) {
      await expect.poll(() => runningAgain, { timeout, message: 'the worker started again' }).toBe(true);
      await cdp.detach();
      await page.close();
    },
  };
}
