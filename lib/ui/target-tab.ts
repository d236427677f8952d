/** Which tab an extension page acts on: `?tabId=N` when given, else the active tab of its window. */
import { browser } from 'wxt/browser';

/** Parses `?tabId=N`; null when absent or not a tab id. */
export function tabIdFromSearch(search: string): number | null {
  const raw = new URLSearchParams(search).get('tabId');
  if (raw === null || !/^\d+$/.test(raw)) return null;
  return Number(raw);
}

/**
 * The target tab of the popup. A popup opened as a tab is itself the active tab, so `?tabId=` always
 * wins; the active-tab fallback is only for the real toolbar popup.
 */
export async function resolveTargetTab(search: string): Promise<number | null> {
  const fromQuery = tabIdFromSearch(search);
  if (fromQuery !== null) return fromQuery;
  const [tab] = await browser.tabs.query({ active: true, currentWindow: true });
  return tab?.id ?? null;
}
