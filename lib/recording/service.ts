/** Background side of capture: answers content scripts, stores what they record, runs repros, keeps the badge true. */
import { browser } from 'wxt/browser';
import { recordingMessages } from './messages';
import { captureSettings, getCaptureSettings, type CaptureSettings } from '../settings/capture';
import { checkoutInterval, getPrivacyCapture, recorderConfig } from '../settings/privacy-capture';
import { getRedactionSettings, toRules } from '../settings/redaction';
import { createBatchJoiner } from './batch-parts';
import { appendBatch, clearAll, clearTab, getTabRow, readOpenSegment, setRepro, tabSummary } from './capture-db';
import { addDiagnostics, readDiagnostics } from './diagnostics';
import { checkConsoleJson, redactConsoleEntry } from './console-redact';
import { redactStep } from './step-redact';
import { watchRedactionChanges } from './rules-changed';
import { checkRecordedEvents } from './event-redact';
import { recordingTabs, setRecordingTab, type RecordingTab } from './recording-tabs';
import { RECORDER_SCRIPTS, syncRecorderScripts } from './registration';
import { HANDOVER_KEY } from '../page/handover';
import { createTabReplicas } from './replica/tab-replicas';
import { decideSite } from './site-policy';
import { badgeFor, type TabStatus } from './status';

/**
 * Injects the recorder into an open tab: its top frame for a repro on a site without standing access,
 * every frame it may enter when the tester has just allowed the site.
 */
export interface RecorderInjector {
  inject(tabId: number, frames?: 'top' | 'all'): Promise<void>;
}

/**
 * The page world first:
 * its result is the key of its hand-over, which goes to the isolated script's own world before that
 * script runs, so the two find each other on events the page cannot name (`lib/page/handover.ts`).
 */
export const scriptingInjector: RecorderInjector = {
  async inject(tabId, frames = 'top') {
    const inject = async (allFrames: boolean) => {
      const mains = await browser.scripting.executeScript({
        target: { tabId, allFrames },
        files: [`/${RECORDER_SCRIPTS.main.js}`],
        world: 'MAIN',
        injectImmediately: true,
      });
      // Each frame's page world answers with its own key; its isolated script gets that one.
      for (const main of mains) {
        const target = { tabId, frameIds: [main.frameId] };
        const key = typeof main.result === 'string' ? main.result : null;
        if (key) {
          await browser.scripting.executeScript({
            target,
            injectImmediately: true,
            args: [HANDOVER_KEY, key],
            func: (name: string, value: string) => void ((globalThis as Record<string, unknown>)[name] = value),
          });
        }
        await browser.scripting.executeScript({ target, files: [`/${RECORDER_SCRIPTS.isolated.js}`], injectImmediately: true });
      }
    };
    if (frames === 'top') return inject(false);
    // Chromium injects into no frame at all when one of them is out of reach (a cross-origin frame of a
    // site not allowed): the top frame alone then, whose recorder also sees its same-origin frames.
    await inject(true).catch(() => inject(false));
  },
};

async function paintBadge(tabId: number, status: Parameters<typeof badgeFor>[0]): Promise<void> {
  const badge = badgeFor(status);
  try {
    await browser.action.setBadgeText({ tabId, text: badge.text });
    await browser.action.setBadgeBackgroundColor({ tabId, color: badge.color });
    await browser.action.setTitle({ tabId, title: badge.title });
  } catch {
    // The tab closed between the event and the paint: nothing to show.
  }
}

async function pingTab(tabId: number): Promise<{ live: boolean; recording: boolean }> {
  try {
    const pong = await recordingMessages.sendToTab(tabId, 'recording:tab-ping', {});
    return { live: pong !== undefined && pong !== null, recording: Boolean(pong?.recording) };
  } catch {
    // No content script in the tab (not allowed, not yet loaded, or a page we cannot enter).
    return { live: false, recording: false };
  }
}

/** Longest wait, after injecting, for a tab's recorder to say it records. */
export const START_WAIT_MS = 2000;

/** Waits until the tab's recorder records (true), or `START_WAIT_MS` passed (false). */
async function untilRecording(tabId: number): Promise<boolean> {
  for (const end = Date.now() + START_WAIT_MS; Date.now() < end; await new Promise((resolve) => setTimeout(resolve, 50))) {
    if ((await pingTab(tabId)).recording) return true;
  }
  return false;
}

/** Longest wait for a tab's recorder to hand over what it holds before the reporter reads anyway. */
export const FLUSH_WAIT_MS = 2000;

/** Asks the tab's recorder to hand over what it holds; false when it has none or did not answer in time. */
async function flushTab(tabId: number): Promise<boolean> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(false), FLUSH_WAIT_MS)));
  try {
    return await Promise.race([
      recordingMessages.sendToTab(tabId, 'recording:tab-flush', {}).then((answer) => Boolean(answer?.flushed)),
      late,
    ]);
  } catch {
    return false;
  } finally {
    clearTimeout(timer);
  }
}

/** The capture status of a tab, asking its content script whether it is live. */
export async function tabStatus(tabId: number): Promise<TabStatus> {
  const tab = await browser.tabs.get(tabId);
  const settings = await getCaptureSettings();
  const decision = decideSite(tab.url, settings);
  const [ping, entry, row, captured] = await Promise.all([
    pingTab(tabId),
    recordingTabs.getValue().then((all) => all[tabId]),
    getTabRow(tabId),
    tabSummary(tabId),
  ]);
  return {
    tabId,
    url: tab.url ?? null,
    decision,
    contentScript: ping.live,
    recording: ping.recording && entry !== undefined,
    mode: entry?.mode ?? null,
    since: entry?.since ?? null,
    repro: row.repro ? { ...row.repro, capMs: settings.reproCapMs } : null,
    captured: {
      events: captured.events,
      bytes: captured.bytes,
      consoleErrors: captured.consoleErrors,
      windowStart: captured.windowStart,
      windowEnd: captured.windowEnd,
    },
    paused: settings.paused,
    lostAccess: entry?.mode === 'repro' ? (entry.lostAccess ?? null) : null,
  };
}

/** Whether a tab records: its running repro, else the site policy. Denied and unsupported pages never do. */
function shouldRecord(url: string | undefined, entry: RecordingTab | undefined, settings: CaptureSettings): boolean {
  const decision = decideSite(url, settings);
  if (entry?.mode === 'repro') return decision !== 'denied' && decision !== 'unsupported';
  return decision === 'record';
}

async function stopRepro(tabId: number, settings: CaptureSettings): Promise<void> {
  const entry = (await recordingTabs.getValue())[tabId];
  const row = await getTabRow(tabId);
  if (row.repro && row.repro.until === null) await setRepro(tabId, { since: row.repro.since, until: Date.now() });
  if (entry?.mode !== 'repro') return;
  const tab = await browser.tabs.get(tabId).catch(() => null);
  const rolling = decideSite(tab?.url, settings) === 'record';
  await setRecordingTab(tabId, rolling ? { url: entry.url, mode: 'rolling', since: Date.now() } : null);
  await paintBadge(tabId, { recording: rolling, decision: decideSite(tab?.url, settings) });
}

/** Least time between two requests to a tab's page for a snapshot (each is a long task on a large page). */
export const ASK_AGAIN_MS = 10_000;

/** Registers the capture handlers and keeps content-script registration and badges in step. */
export function registerCaptureService(injector: RecorderInjector = scriptingInjector): void {
  recordingMessages.handle('recording:hello', async (data, sender) => {
    const tabId = sender.tab?.id;
    if (tabId === undefined) return { record: false };
    const settings = await getCaptureSettings();
    const url = sender.url ?? data.url;
    const previous = (await recordingTabs.getValue())[tabId];
    const record = shouldRecord(url, previous, settings);
    if (sender.frameId === 0 && previous?.mode !== 'repro') {
      await setRecordingTab(tabId, record ? { url: data.url, mode: 'rolling', since: previous?.since ?? Date.now() } : null);
      await paintBadge(tabId, { recording: record, decision: decideSite(url, settings) });
    }
    if (!record) return { record };
    // The tester's own redaction rules apply to app data and the page address before they leave the tab
    // (DOM text and the recorder's console lines are redacted here, as each batch arrives).
    return { record, config: recorderConfig(await getPrivacyCapture()), rules: toRules(await getRedactionSettings()) };
  });

  recordingMessages.handle('recording:flush', async ({ tabId }) => ({ flushed: await flushTab(tabId) }));

  const parts = createBatchJoiner();
  // The full snapshots that start the rolling window's segments are written here, from a replica of
  // each tab's recording, instead of by the page (see lib/recording/replica).
  const replicas = createTabReplicas(readOpenSegment);
  /** When each tab's page was last asked for a snapshot: a page whose snapshots fail is not asked every batch. */
  const askedAt = new Map<number, number>();
  /** Each tab's batches are stored one after the other: a replica applies them in recording order. */
  const queues = new Map<number, Promise<unknown>>();
  const inTurn = <T>(tabId: number, work: () => Promise<T>): Promise<T> => {
    const run = (queues.get(tabId) ?? Promise.resolve()).then(work, work);
    const settled = run.catch(() => undefined);
    queues.set(tabId, settled);
    void settled.then(() => queues.get(tabId) === settled && queues.delete(tabId));
    return run;
  };
  recordingMessages.handle('recording:batch', async (message, sender) => {
    const tabId = sender.tab?.id;
    if (tabId === undefined) return { record: false };
    // A large batch comes in parts: it is handled once, when the last is in.
    const joined = parts.add(`${tabId}/${sender.frameId ?? 0}/${message.pageId}`, message, Date.now());
    if (joined.dropped) await addDiagnostics({ dropped: joined.dropped });
    const batch = joined.batch;
    if (!batch) return { record: true };
    const settings = await getCaptureSettings();
    const entry = (await recordingTabs.getValue())[tabId];
    if (!entry || !shouldRecord(sender.url, entry, settings)) return { record: false };
    const now = Date.now();
    const topFrame = sender.frameId === 0;
    let checkout = false;
    try {
      // The page world wrote the events' and console lines' text: parsed, checked and redacted here
      // before it is stored.
      const rules = toRules(await getRedactionSettings());
      const checked = checkRecordedEvents(batch.events, rules);
      const lines = checkConsoleJson(batch.consoleJson, rules);
      // Steps and the app's lines were redacted in the page's tab without the tester's rules, or not at all
      // if the isolated script was fooled: once more here.
      const steps = batch.steps.map((s) => redactStep(s, rules));
      const appLines = batch.console.map((e) => redactConsoleEntry(e, rules));
      const result = await inTurn(tabId, async () => {
        const starts = topFrame
          ? await replicas.next(tabId, batch.pageId, checked.events, now, {
              intervalMs: checkoutInterval(settings.windowMs),
              data: checked.data,
            })
          : { events: [], askPage: false };
        checkout = starts.askPage;
        const whole = { ...batch, events: [...checked.events, ...starts.events], console: [...lines.entries, ...appLines], steps };
        return appendBatch(tabId, whole, { now, windowMs: settings.windowMs, maxBytes: settings.maxBytesPerTab }, topFrame);
      });
      // A full segment drops the page's events: a snapshot of the page's own starts the next one.
      checkout ||= result.full;
      if (checkout && now - (askedAt.get(tabId) ?? -Infinity) < ASK_AGAIN_MS) checkout = false;
      if (checkout) askedAt.set(tabId, now);
      await addDiagnostics({
        ...batch.diagnostics,
        forged: batch.diagnostics.forged + lines.rejected,
        dropped: batch.diagnostics.dropped + checked.rejected + result.dropped,
      });
    } catch (error) {
      await addDiagnostics({ ...batch.diagnostics, storeErrors: 1 });
      console.warn('Repro: could not store a recorded batch', error);
    }
    if (entry.mode === 'repro' && entry.lostAccess && sender.frameId === 0) {
      // Recording again (back on the first site, or the site was allowed): the stretch without is a gap.
      const { lostAccess, ...rest } = entry;
      await setRecordingTab(tabId, rest);
      await appendBatch(
        tabId,
        {
          ...batch,
          events: [],
          console: [],
          steps: [],
          custom: {},
          gaps: [{ from: lostAccess.at, to: now, reason: `Repro had no access to ${lostAccess.host}: nothing was recorded there.` }],
        },
        { now, windowMs: settings.windowMs, maxBytes: settings.maxBytesPerTab },
        false,
      ).catch(() => undefined);
    }
    if (entry.mode === 'repro') {
      if (now - entry.since > settings.reproCapMs) {
        await stopRepro(tabId, settings);
      } else {
        await paintBadge(tabId, { recording: true, decision: 'record', mode: 'repro', since: entry.since });
      }
    }
    return checkout ? { record: true, checkout: true } : { record: true };
  });

  recordingMessages.handle('recording:status', ({ tabId }) => tabStatus(tabId));

  recordingMessages.handle('recording:start-repro', async ({ tabId }) => {
    const tab = await browser.tabs.get(tabId);
    const settings = await getCaptureSettings();
    const decision = decideSite(tab.url, settings);
    if (decision === 'unsupported') throw new Error('Repro cannot record this kind of page.');
    if (decision === 'denied') throw new Error('This site is on your never-record list. Remove it in the settings to record it.');
    const since = Date.now();
    await setRepro(tabId, { since, until: null });
    await setRecordingTab(tabId, { url: tab.url ?? '', mode: 'repro', since });
    const ping = await pingTab(tabId);
    if (!ping.recording) {
      try {
        await injector.inject(tabId);
      } catch (error) {
        await setRecordingTab(tabId, null);
        await setRepro(tabId, null);
        throw new Error(`Repro could not start recording in this tab: ${error instanceof Error ? error.message : String(error)}`, {
          cause: error,
        });
      }
    }
    await paintBadge(tabId, { recording: true, decision, mode: 'repro', since });
    return tabStatus(tabId);
  });

  recordingMessages.handle('recording:record-tab', async ({ tabId }) => {
    const tab = await browser.tabs.get(tabId);
    if (decideSite(tab.url, await getCaptureSettings()) !== 'record') return tabStatus(tabId);
    const ping = await pingTab(tabId);
    // A recorder already in the page either records, or was stopped for good: only a new page starts another.
    if (!ping.live) {
      try {
        await injector.inject(tabId, 'all');
      } catch (error) {
        throw new Error(`Repro could not start recording in this tab: ${error instanceof Error ? error.message : String(error)}`, {
          cause: error,
        });
      }
      await untilRecording(tabId);
    }
    return tabStatus(tabId);
  });

  recordingMessages.handle('recording:stop-repro', async ({ tabId }) => {
    await stopRepro(tabId, await getCaptureSettings());
    return tabStatus(tabId);
  });

  recordingMessages.handle('recording:diagnostics', () => readDiagnostics());

  browser.tabs.onUpdated.addListener((tabId, change, tab) => {
    if (change.status !== 'loading') return;
    void (async () => {
      const entry = (await recordingTabs.getValue())[tabId];
      const settings = await getCaptureSettings();
      if (entry?.mode === 'repro') {
        // A repro follows the tab across pages; where no registered script runs, inject again. The
        // click that started it granted only the site it started on: elsewhere the injection fails,
        // and the tester is told (badge, popup) instead of the repro going quiet.
        if (decideSite(tab.url, settings) !== 'record' && shouldRecord(tab.url, entry, settings)) {
          try {
            await injector.inject(tabId);
          } catch {
            if (entry.lostAccess) return;
            const lostAccess = { at: Date.now(), host: hostOf(tab.url) };
            await setRecordingTab(tabId, { ...entry, lostAccess });
            await paintBadge(tabId, { recording: false, decision: decideSite(tab.url, settings), mode: 'repro', lostAccess });
          }
        }
        return;
      }
      if (change.url) await paintBadge(tabId, { recording: false, decision: 'not-allowed' });
    })();
  });
  browser.tabs.onRemoved.addListener((tabId) => {
    replicas.drop(tabId);
    askedAt.delete(tabId);
    void setRecordingTab(tabId, null);
    void clearTab(tabId).catch(() => undefined);
  });

  // A recording that ends without a stop (Delete all data clears the list) must not leave REC behind.
  // A report reads its recording again when the rules changed since it was stored (`rules-changed.ts`).
  watchRedactionChanges();
  recordingTabs.watch((next, previous) => {
    void (async () => {
      const settings = await getCaptureSettings();
      for (const [id, entry] of Object.entries(previous ?? {})) {
        if (!next?.[id]) await paintBadge(Number(id), { recording: false, decision: decideSite(entry.url, settings) });
      }
    })();
  });

  captureSettings.watch((settings) => {
    void syncRecorderScripts({ ...settings }).catch(reportSyncError);
    void stopTabsNoLongerAllowed({ ...settings });
  });
  browser.runtime.onInstalled.addListener(() => void resync());
  browser.runtime.onStartup.addListener(() => {
    // Tab ids start again in a new browser session: what was kept belongs to tabs that are gone.
    void clearAll().catch(() => undefined);
    void resync();
  });
}

function hostOf(url: string | undefined): string {
  try {
    return new URL(url ?? '').host || 'this page';
  } catch {
    return 'this page';
  }
}

/** After pausing or adding to the deny list, tabs stop on their next batch; the badge changes now. */
async function stopTabsNoLongerAllowed(settings: CaptureSettings): Promise<void> {
  for (const [id, entry] of Object.entries(await recordingTabs.getValue())) {
    if (shouldRecord(entry.url, entry, settings)) continue;
    const tabId = Number(id);
    await setRecordingTab(tabId, null);
    await paintBadge(tabId, { recording: false, decision: decideSite(entry.url, settings) });
  }
}

async function resync(): Promise<void> {
  await syncRecorderScripts(await getCaptureSettings()).catch(reportSyncError);
}

function reportSyncError(error: unknown): void {
  console.warn('Repro: could not register the recorder scripts', error);
}
