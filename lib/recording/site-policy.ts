/** Decides whether a URL may be recorded, from the capture settings. Pure. */
import type { CaptureSettings } from '../settings/capture';

export type SiteDecision = 'record' | 'denied' | 'not-allowed' | 'unsupported' | 'paused';

/** Schemes Repro can ever record; extension pages, chrome:// and the like are never recorded. */
const RECORDABLE = new Set(['http:', 'https:']);

/**
 * True when `url` matches a deny pattern. Patterns are host names (`example.com`, which also covers its
 * subdomains), `*.example.com`, origins (`https://example.com`), or an origin with a path prefix.
 */
export function matchesSitePattern(url: URL, pattern: string): boolean {
  const p = pattern.trim().toLowerCase();
  if (!p) return false;
  if (p.includes('://')) {
    let pu: URL;
    try {
      pu = new URL(p.replace('*.', 'wildcard-sub.'));
    } catch {
      return false;
    }
    if (pu.protocol !== url.protocol) return false;
    const hostOk = pu.hostname.startsWith('wildcard-sub.')
      ? hostCovers(pu.hostname.slice('wildcard-sub.'.length), url.hostname)
      : pu.host === url.host;
    return hostOk && url.pathname.startsWith(pu.pathname);
  }
  const host = p.startsWith('*.') ? p.slice(2) : p;
  return hostCovers(host.replace(/\/.*$/, ''), url.hostname);
}

function hostCovers(base: string, host: string): boolean {
  return host === base || host.endsWith(`.${base}`);
}

/** Whether the rolling buffer should run on `rawUrl`. */
export function decideSite(rawUrl: string | undefined, settings: CaptureSettings): SiteDecision {
  let url: URL;
  try {
    url = new URL(rawUrl ?? '');
  } catch {
    return 'unsupported';
  }
  if (!RECORDABLE.has(url.protocol)) return 'unsupported';
  if (settings.denyPatterns.some((p) => matchesSitePattern(url, p))) return 'denied';
  if (!settings.everywhere && !settings.allowedOrigins.includes(url.origin)) return 'not-allowed';
  if (settings.paused) return 'paused';
  return 'record';
}

/** The match pattern (for permissions and content-script registration) of an origin. */
export function originToMatchPattern(origin: string): string {
  const u = new URL(origin);
  return `${u.protocol}//${u.hostname}/*`;
}
