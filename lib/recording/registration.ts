/**
 * Keeps the dynamically registered recorder content scripts in step with the capture settings.
 * Both scripts run at document_start: the MAIN-world one so it can patch the page's own prototypes
 * before the page uses them, the ISOLATED one to validate and relay what it produces. Firefox runs them
 * in this order and Chromium runs the isolated one first whatever the order: the hand-over between them
 * works either way (`lib/page/handover.ts`).
 */
import { browser } from 'wxt/browser';
import type { CaptureSettings } from '../settings/capture';
import { originToMatchPattern } from './site-policy';

export const RECORDER_SCRIPTS = {
  isolated: { id: 'repro-recorder', js: 'content-scripts/recorder.js' },
  main: { id: 'repro-recorder-main', js: 'content-scripts/recorder-main.js' },
} as const;

/** The match patterns the rolling buffer should be injected into. */
export function recorderMatches(settings: CaptureSettings): string[] {
  if (settings.everywhere) return ['http://*/*', 'https://*/*'];
  return [...new Set(settings.allowedOrigins.map(originToMatchPattern))];
}

type Registration = Parameters<typeof browser.scripting.registerContentScripts>[0][number];

/** The two registrations `settings` asks for (none when no site is recorded). */
function wantedScripts(matches: string[]): Registration[] {
  if (matches.length === 0) return [];
  return [
    {
      id: RECORDER_SCRIPTS.main.id,
      js: [RECORDER_SCRIPTS.main.js],
      matches,
      runAt: 'document_start',
      allFrames: true,
      world: 'MAIN',
      persistAcrossSessions: true,
    },
    {
      id: RECORDER_SCRIPTS.isolated.id,
      js: [RECORDER_SCRIPTS.isolated.js],
      matches,
      runAt: 'document_start',
      allFrames: true,
      persistAcrossSessions: true,
    },
  ];
}

const sameList = (a: readonly string[] | undefined, b: readonly string[] | undefined) =>
  [...(a ?? [])].sort().join('\n') === [...(b ?? [])].sort().join('\n');

/** True when the browser already holds `wanted` as it is; a field the browser leaves out counts as its default. */
function sameRegistration(held: Registration, wanted: Registration): boolean {
  return (
    sameList(held.matches, wanted.matches) &&
    sameList(held.js, wanted.js) &&
    (held.runAt ?? 'document_idle') === wanted.runAt &&
    !!held.allFrames === !!wanted.allFrames &&
    (held.persistAcrossSessions ?? true) === wanted.persistAcrossSessions &&
    (held.world ?? 'ISOLATED') === (wanted.world ?? 'ISOLATED')
  );
}

/**
 * Registers, updates or removes the recorder content scripts to match `settings`. Registrations the
 * browser already holds as wanted are left alone, and changed ones are updated in place: the worker
 * syncs at every browser start, and a page loading while the scripts were unregistered and registered
 * again (a restored tab, one opened with the browser) would not be recorded.
 */
export async function syncRecorderScripts(settings: CaptureSettings): Promise<string[]> {
  const matches = recorderMatches(settings);
  const wanted = wantedScripts(matches);
  const ids = [RECORDER_SCRIPTS.isolated.id, RECORDER_SCRIPTS.main.id];
  const held = new Map((await browser.scripting.getRegisteredContentScripts({ ids })).map((s) => [s.id, s as Registration]));
  const stale = [...held.keys()].filter((id) => !wanted.some((w) => w.id === id));
  if (stale.length > 0) await browser.scripting.unregisterContentScripts({ ids: stale });
  const changed = wanted.filter((w) => held.has(w.id) && !sameRegistration(held.get(w.id)!, w));
  const missing = wanted.filter((w) => !held.has(w.id));
  if (changed.length > 0) await browser.scripting.updateContentScripts(changed);
  if (missing.length > 0) await browser.scripting.registerContentScripts(missing);
  return matches;
}
