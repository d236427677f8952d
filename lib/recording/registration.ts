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

/** Registers, updates or removes the recorder content scripts to match `settings`. */
export async function syncRecorderScripts(settings: CaptureSettings): Promise<string[]> {
  const matches = recorderMatches(settings);
  const ids = [RECORDER_SCRIPTS.isolated.id, RECORDER_SCRIPTS.main.id];
  const existing = await browser.scripting.getRegisteredContentScripts({ ids });
  if (existing.length > 0) await browser.scripting.unregisterContentScripts({ ids: existing.map((s) => s.id) });
  if (matches.length === 0) return matches;
  await browser.scripting.registerContentScripts([
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
  ]);
  return matches;
}
