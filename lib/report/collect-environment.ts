/** Collects the environment of a report from the extension page and, where host access allows, the tab. */
import { browser } from 'wxt/browser';
import type { Environment } from '../model/report';
import { buildEnvironment, metricsFromTabSize, readTabMetrics, type TabMetrics, type UaData } from './environment';

interface NavigatorWithUaData {
  userAgentData?: { getHighEntropyValues(hints: string[]): Promise<UaData> };
}

async function uaData(): Promise<UaData | null> {
  const data = (navigator as NavigatorWithUaData).userAgentData;
  if (!data) return null;
  try {
    return await data.getHighEntropyValues(['fullVersionList', 'platformVersion']);
  } catch {
    return null;
  }
}

/** The tab's own metrics; null without host access (or on pages scripts cannot enter). */
async function ownTabMetrics(tabId: number): Promise<TabMetrics | null> {
  try {
    const [result] = await browser.scripting.executeScript({ target: { tabId }, func: readTabMetrics });
    if (result?.result) return result.result as TabMetrics;
  } catch {
    // No host access to this page, or a page no extension may script (store, settings): estimated.
  }
  return null;
}

/**
 * The environment block of a report on `tabId`, started now (the tab's own metrics need a turn of its page's
 * thread, which a busy page makes wait); the function returned finishes it, with the screenshot's width
 * for the estimate made without host access.
 */
export function readEnvironment(tabId: number): (screenshotWidth: number | null) => Promise<Environment> {
  const data = uaData();
  const own = ownTabMetrics(tabId);
  return async (screenshotWidth) =>
    buildEnvironment({
      userAgent: navigator.userAgent,
      uaData: await data,
      language: navigator.language,
      timezone: Intl.DateTimeFormat().resolvedOptions().timeZone,
      extensionVersion: browser.runtime.getManifest().version,
      tab: (await own) ?? metricsFromTabSize(await browser.tabs.get(tabId), screenshotWidth),
    });
}
