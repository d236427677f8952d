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

/** The tab's own metrics; without host access (or on pages scripts cannot enter), estimates them. */
async function tabMetrics(tabId: number, screenshotWidth: number | null): Promise<TabMetrics> {
  try {
    const [result] = await browser.scripting.executeScript({ target: { tabId }, func: readTabMetrics });
    if (result?.result) return result.result as TabMetrics;
  } catch {
    // No host access to this page, or a page no extension may script (store, settings): estimate.
  }
  return metricsFromTabSize(await browser.tabs.get(tabId), screenshotWidth);
}

/** The environment block of a report on `tabId`. */
export async function collectEnvironment(tabId: number, screenshotWidth: number | null): Promise<Environment> {
  const [data, tab] = await Promise.all([uaData(), tabMetrics(tabId, screenshotWidth)]);
  return buildEnvironment({
    userAgent: navigator.userAgent,
    uaData: data,
    language: navigator.language,
    timezone: Intl.DateTimeFormat().resolvedOptions().timeZone,
    extensionVersion: browser.runtime.getManifest().version,
    tab,
  });
}
