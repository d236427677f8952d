/** Helpers of the specs that look at network capture. */
import type { LaunchedExtension } from '../harness/chromium';
import type { ExtensionHelpers } from '../harness/fixtures';
import { NETWORK_TABS_KEY } from '../harness/storage-keys';

type Ext = LaunchedExtension & ExtensionHelpers;

/** Whether the worker records a debugger session attached to the tab (its requests are being captured). */
export async function networkAttached(ext: Ext, tabId: number): Promise<boolean> {
  return ext.inWorker(
    async ({ id, key }) => {
      const tabs = (await chrome.storage.session.get(key))[key] as Record<string, { attached: boolean }> | undefined;
      return tabs?.[id]?.attached ?? false;
    },
    { id: tabId, key: NETWORK_TABS_KEY },
  );
}
