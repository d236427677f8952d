/**
 * Background side of network capture: attaches the devtools protocol to recording tabs, turns their
 * events into redacted HAR entries stored as each request finishes, and keeps enough in session
 * storage that a worker restart loses nothing already finished.
 */
import { onBeforeDeleteAll } from '../storage/delete-hooks';
import { browser } from 'wxt/browser';
import { networkMessages } from './messages';
import { recordingTabs, type RecordingTab } from '../recording/recording-tabs';
import { getNetworkSettings, networkOnFor, networkSettings, setNetworkForOrigin, type NetworkSettings } from '../settings/network';
import { getRedactionSettings, redactionSettings, type RedactionSettings, toRules } from '../settings/redaction';
import { chromeDebuggerClient, type CdpClient } from './cdp-client';
import { isTextLike, toHarEntry, toHarPage, type ResponseBody } from './har-entry';
import { adoptCurrentPage, applyEvent, applyLateExtra, emptyLogState, type LogOptions, type LogState, type TrackedRequest } from './request-log';
import { redactBody } from '../redact';
import { addEntry, clearAllTabs, clearTab, closeGap, countEntries, openGap, pruneTab, putPage, readGaps, windowStart } from './store';
import { inflightStates, networkTabs, type NetworkTabState } from './session';
import type { NetworkStatus } from './status';
import { listenWebRequests, webRequestEntry } from './web-request-fallback';

/**
 * How long a finished request whose full request headers have not come yet waits for them before it is
 * stored. Requests that never get them (served from a cache, `data:`) are only stored that much later.
 */
export const LATE_EXTRA_WAIT_MS = 300;

/** Buffer sizes for `Network.enable`: the defaults evict bodies over ~20 MB before we can fetch them. */
const BUFFERS = { maxTotalBufferSize: 200 * 1024 * 1024, maxResourceBufferSize: 50 * 1024 * 1024, maxPostDataSize: 1024 * 1024 };

const detachReasons: Record<string, string> = {
  canceled_by_user: 'The debugging bar was closed, so network capture stopped; it resumes on the next page load.',
  target_closed: 'The tab closed.',
};

/** Human text of why capture stopped. */
export function describeDetach(reason: string): string {
  return detachReasons[reason] ?? `Network capture stopped (${reason}); it resumes on the next page load.`;
}

export interface NetworkService {
  /** Attaches to, or detaches from, every tab as settings and recording state say. */
  reconcile(): Promise<void>;
  /** Waits until the work already queued (events, body fetches, writes) is done. For tests. */
  idle(): Promise<void>;
  status(tabId: number): Promise<NetworkStatus>;
  stop(): void;
}

/**
 * Registers network capture. `client` is null where the browser has no devtools protocol; `listen`
 * subscribes to `webRequest` (both are parameters so tests can fake them).
 */
export function registerNetworkService(
  client: CdpClient | null = chromeDebuggerClient(),
  listen: typeof listenWebRequests = listenWebRequests,
): NetworkService {
  const logs = new Map<number, LogState>();
  const queues = new Map<number, Promise<void>>();
  const pending = new Set<Promise<unknown>>();
  let settings: NetworkSettings | null = null;
  let redaction: RedactionSettings | null = null;
  let saveTimer: ReturnType<typeof setTimeout> | null = null;
  const lastPrune = new Map<number, number>();
  const stops: (() => void)[] = [];
  /** Tabs listed from webRequest; a cache of `networkTabs` for the synchronous webRequest listeners. */
  const fallbackTabs = new Set<number>();
  const fallbackLoaded = networkTabs.getValue().then((all) => {
    for (const [id, state] of Object.entries(all)) if (state.fallback) fallbackTabs.add(Number(id));
  });

  async function ready(): Promise<{ settings: NetworkSettings; redaction: RedactionSettings; options: LogOptions }> {
    settings ??= await getNetworkSettings();
    redaction ??= await getRedactionSettings();
    return {
      settings,
      redaction,
      options: { rules: toRules(redaction), noBodyUrls: redaction.noBodyUrls, maxMessages: 500, maxMessageBytes: 16 * 1024 },
    };
  }

  function track<T>(promise: Promise<T>): Promise<T> {
    pending.add(promise);
    void promise.finally(() => pending.delete(promise)).catch(() => undefined);
    return promise;
  }

  /** Runs `work` after everything queued for `tabId`, so events apply in order. */
  function enqueue(tabId: number, work: () => Promise<void>): Promise<void> {
    const next = (queues.get(tabId) ?? Promise.resolve()).then(work).catch((error: unknown) => {
      console.warn('Repro: network capture error', error);
    });
    queues.set(tabId, next);
    return track(next);
  }

  async function logOf(tabId: number): Promise<LogState> {
    let log = logs.get(tabId);
    if (!log) {
      // After a worker restart: pick up the requests that were in flight.
      log = (await inflightStates.getValue())[tabId] ?? emptyLogState();
      logs.set(tabId, log);
    }
    return log;
  }

  function scheduleSave(): void {
    if (saveTimer) return;
    saveTimer = setTimeout(() => {
      saveTimer = null;
      track(inflightStates.setValue(Object.fromEntries([...logs].map(([id, log]) => [String(id), log]))));
    }, 200);
  }

  // Tabs change state from different queues: one writer at a time, or a read-modify-write loses one.
  let stateWrites: Promise<void> = Promise.resolve();
  function setTabState(tabId: number, patch: Partial<NetworkTabState> | null): Promise<void> {
    const write = stateWrites.then(async () => {
      const all = { ...(await networkTabs.getValue()) };
      if (patch === null) delete all[tabId];
      else all[tabId] = { attached: false, detachReason: null, userDetached: false, ...all[tabId], ...patch };
      if (all[tabId]?.fallback) fallbackTabs.add(tabId);
      else fallbackTabs.delete(tabId);
      await networkTabs.setValue(all);
    });
    stateWrites = write.catch(() => undefined);
    return write;
  }

  async function fetchBody(tabId: number, req: TrackedRequest, cap: number): Promise<ResponseBody | undefined> {
    if (req.errorText) return { kind: 'omitted', reason: `request failed: ${req.errorText}` };
    if (req.messages) return undefined;
    if (req.noBody) return { kind: 'omitted', reason: 'not captured: a redaction rule excludes this URL' };
    const status = req.response?.status ?? 0;
    if (status >= 300 && status < 400) return undefined;
    if (!isTextLike(req.response?.mimeType)) return { kind: 'omitted', reason: 'binary body not captured' };
    if (req.dataLength > cap) return { kind: 'truncated', size: req.dataLength };
    try {
      const got = await client!.sendCommand<{ body: string; base64Encoded: boolean }>(tabId, 'Network.getResponseBody', { requestId: req.requestId });
      const size = got.base64Encoded ? Math.floor((got.body.length * 3) / 4) : got.body.length;
      if (size > cap) return { kind: 'truncated', size };
      return { kind: 'text', text: got.body, base64: got.base64Encoded };
    } catch {
      return { kind: 'omitted', reason: 'body no longer available in the browser' };
    }
  }

  async function finishRequest(tabId: number, req: TrackedRequest, pageref: string | undefined): Promise<void> {
    const { settings: s, options } = await ready();
    if (req.postDataPending) {
      try {
        const got = await client!.sendCommand<{ postData: string }>(tabId, 'Network.getRequestPostData', { requestId: req.requestId });
        const type = Object.entries(req.headers).find(([k]) => k.toLowerCase() === 'content-type')?.[1];
        if (got.postData.length > s.maxBodyBytes) req.postDataTruncated = got.postData.length;
        else req.postData = redactBody(got.postData, type, options.rules);
      } catch {
        // The body was a stream or a file: nothing the protocol can give back.
      }
      delete req.postDataPending;
    }
    const body = await fetchBody(tabId, req, s.maxBodyBytes);
    // Its full request headers may still be on their way (they are not ordered with loadingFinished).
    if (!req.requestExtraSeen) await new Promise((resolve) => setTimeout(resolve, LATE_EXTRA_WAIT_MS));
    const log = logs.get(tabId);
    if (log) {
      applyLateExtra(log, req);
      scheduleSave();
    }
    await addEntry(tabId, toHarEntry(req, body, { rules: options.rules, pageref }));
    await maybePrune(tabId, s);
  }

  async function maybePrune(tabId: number, s: NetworkSettings): Promise<void> {
    const now = Date.now();
    if (now - (lastPrune.get(tabId) ?? 0) < 5_000) return;
    lastPrune.set(tabId, now);
    await pruneTab(tabId, await windowStart(tabId, now), s.maxBytesPerTab);
  }

  function onEvent(tabId: number, method: string, params: Record<string, unknown>): void {
    void enqueue(tabId, async () => {
      const { options } = await ready();
      const log = await logOf(tabId);
      const out = applyEvent(log, method, params, options);
      scheduleSave();
      for (const page of out.pages) track(putPage(tabId, toHarPage(page)));
      const pageref = log.pages.at(-1)?.id;
      // Body fetches run beside the queue: a slow body must not hold back later events.
      for (const req of out.finished) track(finishRequest(tabId, structuredClone(req), pageref).catch((e: unknown) => console.warn('Repro: could not store a request', e)));
    });
  }

  async function attach(tabId: number): Promise<void> {
    if (!client) {
      await setTabState(tabId, { attached: false, fallback: true });
      return;
    }
    try {
      await client.attach(tabId);
    } catch (error) {
      // After a worker restart the session may still be ours: a command then works.
      const ours = await client.sendCommand(tabId, 'Runtime.evaluate', { expression: '1' }).then(() => true, () => false);
      if (!ours) {
        await setTabState(tabId, { attached: false, fallback: true, detachReason: error instanceof Error ? error.message : String(error) });
        await openGap(tabId, `Network capture could not start: ${error instanceof Error ? error.message : String(error)}`);
        return;
      }
    }
    try {
      await client.sendCommand(tabId, 'Network.enable', BUFFERS);
      await client.sendCommand(tabId, 'Page.enable');
      const tree = await client.sendCommand<{ frameTree: { frame: { id: string; url: string } } }>(tabId, 'Page.getFrameTree');
      const log = await logOf(tabId);
      log.mainFrameId = tree.frameTree.frame.id;
      const { options } = await ready();
      const page = adoptCurrentPage(log, tree.frameTree.frame.url, options.rules);
      if (page) await putPage(tabId, toHarPage(page));
      scheduleSave();
    } catch (error) {
      console.warn('Repro: network capture could not enable the Network domain', error);
    }
    await setTabState(tabId, { attached: true, detachReason: null, userDetached: false, fallback: false });
    await closeGap(tabId);
  }

  async function detach(tabId: number): Promise<void> {
    if (client) await client.detach(tabId).catch(() => undefined);
    logs.delete(tabId);
    scheduleSave();
    await setTabState(tabId, { attached: false, fallback: false });
  }

  /** Whether `tabId` should have a session now (a dismissed bar waits for the next page load). */
  async function wanted(tabId: number, tab: RecordingTab | undefined, s: NetworkSettings): Promise<boolean> {
    if (!tab || !networkOnFor(tab.url, s)) return false;
    const state = (await networkTabs.getValue())[tabId];
    return !state?.userDetached;
  }

  let reconciling: Promise<void> = Promise.resolve();
  function reconcile(): Promise<void> {
    reconciling = reconciling.then(async () => {
      const { settings: s } = await ready();
      const tabs = await recordingTabs.getValue();
      const states = await networkTabs.getValue();
      const ids = new Set([...Object.keys(tabs), ...Object.keys(states)].map(Number));
      for (const tabId of ids) {
        const want = await wanted(tabId, tabs[tabId], s);
        const state = states[tabId];
        if (want) {
          // After a restart the stored flag says attached, but the session must be checked anew.
          const needsSession = client ? !(state?.attached && logs.has(tabId)) : !state?.fallback;
          if (needsSession) await attach(tabId);
        } else if (state?.attached || state?.fallback) {
          // Dismissed bar on a tab that still records: keep listing from webRequest until the next load.
          const dismissedButRecording = state.userDetached && tabs[tabId] !== undefined && networkOnFor(tabs[tabId]!.url, s);
          if (!dismissedButRecording) await detach(tabId);
        }
      }
    }).catch((error: unknown) => console.warn('Repro: network reconcile failed', error));
    return track(reconciling);
  }

  if (client) {
    stops.push(client.onEvent(onEvent));
    stops.push(
      client.onDetach((tabId, reason) => {
        void enqueue(tabId, async () => {
          logs.delete(tabId);
          scheduleSave();
          if (reason === 'target_closed') {
            await setTabState(tabId, null);
            return;
          }
          await setTabState(tabId, { attached: false, detachReason: reason, userDetached: reason === 'canceled_by_user', fallback: true });
          await openGap(tabId, describeDetach(reason));
        });
      }),
    );
  }

  stops.push(
    listen(
      (tabId) => fallbackTabs.has(tabId),
      (record) =>
        void enqueue(record.tabId, async () => {
          const { options, settings: s } = await ready();
          await addEntry(record.tabId, webRequestEntry(record, options.rules));
          await maybePrune(record.tabId, s);
        }),
    ),
  );
  stops.push(recordingTabs.watch(() => void reconcile()));
  stops.push(
    networkSettings.watch((value) => {
      settings = value ? { ...settings!, ...value } : null;
      void reconcile();
    }),
  );
  stops.push(redactionSettings.watch(() => (redaction = null)));

  // Delete all data: the requests in flight go too, or the next save would write them back.
  onBeforeDeleteAll(async () => {
    for (const log of logs.values()) {
      log.requests = {};
      log.early = {};
    }
    clearTimeout(saveTimer ?? undefined);
    saveTimer = null;
  });

  const onRemoved = (tabId: number) => {
    logs.delete(tabId);
    scheduleSave();
    void enqueue(tabId, async () => {
      await setTabState(tabId, null);
      await clearTab(tabId);
    });
  };
  browser.tabs.onRemoved.addListener(onRemoved);
  stops.push(() => browser.tabs.onRemoved.removeListener(onRemoved));

  // Tabs do not outlive the browser: their network logs must not either.
  const onStartup = () => void clearAllTabs().catch(() => undefined);
  browser.runtime.onStartup.addListener(onStartup);
  stops.push(() => browser.runtime.onStartup.removeListener(onStartup));

  // A new page load after the tester dismissed the bar: capture may resume.
  const onUpdated = (tabId: number, change: { status?: string }) => {
    if (change.status !== 'loading') return;
    void networkTabs.getValue().then(async (states) => {
      if (states[tabId]?.userDetached) {
        await setTabState(tabId, { userDetached: false });
        await reconcile();
      }
    });
  };
  browser.tabs.onUpdated.addListener(onUpdated);
  stops.push(() => browser.tabs.onUpdated.removeListener(onUpdated));

  async function status(tabId: number): Promise<NetworkStatus> {
    const { settings: s } = await ready();
    const recording = (await recordingTabs.getValue())[tabId];
    let url = recording?.url;
    if (!url) url = await browser.tabs.get(tabId).then((t) => t.url, () => undefined);
    let origin: string | null = null;
    try {
      origin = url ? new URL(url).origin : null;
    } catch {
      origin = null;
    }
    const state = (await networkTabs.getValue())[tabId];
    const gap = (await readGaps(tabId)).find((g) => g.to === null) ?? null;
    return {
      tabId,
      available: client !== null,
      origin,
      recording: recording !== undefined,
      siteEnabled: s.enabled && (origin === null || !s.disabledOrigins.includes(origin)),
      attached: state?.attached ?? false,
      fallback: state?.fallback ?? false,
      gap,
      entries: await countEntries(tabId),
      barExplained: s.debuggerBarExplained,
    };
  }

  stops.push(networkMessages.handle('network:status', ({ tabId }) => status(tabId)));
  stops.push(
    networkMessages.handle('network:set-site', async ({ origin, enabled }) => {
      settings = await setNetworkForOrigin(new URL(origin).origin, enabled);
      await reconcile();
      return { ok: true as const };
    }),
  );

  void fallbackLoaded.then(reconcile);

  return {
    reconcile,
    status,
    async idle() {
      while (pending.size) await Promise.allSettled([...pending]);
      if (saveTimer) {
        clearTimeout(saveTimer);
        saveTimer = null;
        await inflightStates.setValue(Object.fromEntries([...logs].map(([id, log]) => [String(id), log])));
      }
    },
    stop() {
      for (const stop of stops) stop();
      if (saveTimer) clearTimeout(saveTimer);
    },
  };
}
