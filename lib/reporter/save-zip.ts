/**
 * Saves a report zip with the downloads API. The blob URL is made here, in the extension page: the
 * service worker has no `URL.createObjectURL`. It is revoked once the download no longer needs it.
 */
import { browser } from 'wxt/browser';
import type { ReportBundle } from '../report/drafts';

/** Starts the download of `bundle.zip` under its file name (never asking where, never overwriting). */
export async function saveZip(bundle: ReportBundle): Promise<void> {
  const url = URL.createObjectURL(bundle.zip);
  try {
    const id = await browser.downloads.download({ url, filename: bundle.fileName, saveAs: false, conflictAction: 'uniquify' });
    revokeWhenDone(id, url);
  } catch (e) {
    URL.revokeObjectURL(url);
    throw e;
  }
}

function revokeWhenDone(id: number, url: string): void {
  const listener = (delta: { id: number; state?: { current?: string } }) => {
    if (delta.id !== id || !delta.state?.current || delta.state.current === 'in_progress') return;
    browser.downloads.onChanged.removeListener(listener);
    URL.revokeObjectURL(url);
  };
  browser.downloads.onChanged.addListener(listener);
}
