/**
 * The environment block of a report: browser, OS and locale from the extension page (same browser as
 * the tab), and viewport, screen and pixel ratio of the tab itself, which only the tab can tell.
 */
import type { Environment } from '../model/report';

/** What `navigator.userAgentData.getHighEntropyValues` answers (Chromium only). */
export interface UaData {
  brands?: { brand: string; version: string }[];
  fullVersionList?: { brand: string; version: string }[];
  platform?: string;
  platformVersion?: string;
}

/** Viewport, screen and pixel ratio as the tab sees them. */
export interface TabMetrics {
  viewport: { width: number; height: number };
  screen: { width: number; height: number };
  devicePixelRatio: number;
}

/** Browser, version and OS from a user-agent string (the fallback where userAgentData is missing). */
export function parseUserAgent(ua: string): { browser: string; browserVersion: string; os: string } {
  const rules: [RegExp, string][] = [
    [/Edg(?:e|A|iOS)?\/([\d.]+)/, 'Edge'],
    [/OPR\/([\d.]+)/, 'Opera'],
    [/Firefox\/([\d.]+)/, 'Firefox'],
    [/(?:Chrome|CriOS)\/([\d.]+)/, 'Chrome'],
    [/Version\/([\d.]+).*Safari\//, 'Safari'],
  ];
  let browser = 'Unknown';
  let browserVersion = '';
  for (const [re, name] of rules) {
    const m = re.exec(ua);
    if (m) {
      browser = name === 'Chrome' && /HeadlessChrome|Chromium\//.test(ua) ? 'Chromium' : name;
      browserVersion = m[1] ?? '';
      break;
    }
  }
  return { browser, browserVersion, os: parseOs(ua) };
}

function parseOs(ua: string): string {
  const win = /Windows NT ([\d.]+)/.exec(ua);
  if (win) return win[1] === '10.0' ? 'Windows 10/11' : `Windows NT ${win[1]}`;
  const ios = /(?:iPhone|iPad).*? OS ([\d_]+)/.exec(ua);
  if (ios) return `iOS ${ios[1]!.replace(/_/g, '.')}`;
  const mac = /Mac OS X ([\d_.]+)/.exec(ua);
  if (mac) return `macOS ${mac[1]!.replace(/_/g, '.')}`;
  const android = /Android ([\d.]+)/.exec(ua);
  if (android) return `Android ${android[1]}`;
  if (/CrOS/.test(ua)) return 'ChromeOS';
  if (/Linux/.test(ua)) return 'Linux';
  return 'Unknown';
}

const GENERIC_BRANDS = /not.?a.?brand|chromium/i;

/** Browser, version and OS from userAgentData, preferring a named brand over the generic "Chromium". */
export function fromUaData(data: UaData): { browser: string; browserVersion: string; os: string } | null {
  const list = data.fullVersionList?.length ? data.fullVersionList : data.brands;
  if (!list?.length) return null;
  const named = list.find((b) => !GENERIC_BRANDS.test(b.brand) && !/not/i.test(b.brand));
  const chosen = named ?? list.find((b) => /chromium/i.test(b.brand));
  if (!chosen) return null;
  const browser = chosen.brand.replace(/^Google /, '').replace(/^Microsoft /, '');
  const platform = data.platform ?? '';
  const os = platform === 'macOS' || platform === 'Windows' || !data.platformVersion ? platform : `${platform} ${data.platformVersion}`;
  const osName = platform === 'Windows' && data.platformVersion ? windowsName(data.platformVersion) : os;
  return { browser, browserVersion: chosen.version, os: osName || 'Unknown' };
}

/** userAgentData reports Windows 11 as platformVersion 13+ (the UA string says 10.0 for both). */
function windowsName(platformVersion: string): string {
  const major = Number(platformVersion.split('.')[0]);
  if (major >= 13) return 'Windows 11';
  if (major > 0) return 'Windows 10';
  return 'Windows';
}

export interface EnvironmentInput {
  userAgent: string;
  uaData: UaData | null;
  language: string;
  timezone: string;
  extensionVersion: string;
  tab: TabMetrics;
}

/** Assembles the environment block. */
export function buildEnvironment(input: EnvironmentInput): Environment {
  const parsed = (input.uaData && fromUaData(input.uaData)) ?? parseUserAgent(input.userAgent);
  return {
    ...parsed,
    userAgent: input.userAgent,
    language: input.language,
    timezone: input.timezone,
    viewport: input.tab.viewport,
    devicePixelRatio: input.tab.devicePixelRatio,
    screen: input.tab.screen,
    extensionVersion: input.extensionVersion,
  };
}

/**
 * Tab metrics without asking the tab (no host access): the tab's CSS size from `tabs.get` and the pixel
 * ratio from the screenshot, whose width is in device pixels.
 */
export function metricsFromTabSize(tab: { width?: number; height?: number }, screenshotWidth: number | null): TabMetrics {
  const width = tab.width ?? 0;
  const height = tab.height ?? 0;
  const ratio = screenshotWidth && width ? Math.round((screenshotWidth / width) * 100) / 100 : 1;
  return { viewport: { width, height }, screen: { width: 0, height: 0 }, devicePixelRatio: ratio > 0 ? ratio : 1 };
}

/** Runs in the tab (through `scripting.executeScript`): its own viewport, screen and pixel ratio. */
export function readTabMetrics(): TabMetrics {
  return {
    viewport: { width: window.innerWidth, height: window.innerHeight },
    screen: { width: window.screen.width, height: window.screen.height },
    devicePixelRatio: window.devicePixelRatio,
  };
}
