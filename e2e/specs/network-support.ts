/** Helpers of the specs that look at network capture. */
import type { LaunchedExtension } from '../harness/chromium';
import type { ExtensionHelpers } from '../harness/fixtures';

type Ext = LaunchedExtension & ExtensionHelpers;

/** The session-storage key of each tab's capture state (`networkTabs` in lib/network/session.ts). */
export const NETWORK_TABS_KEY = 'network.tabs';

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
