/**
 * Background side of network capture, wiring only: the capture source of this browser (the devtools
 * protocol on Chromium, `webRequest` response filters on Firefox), the per-tab sessions it keeps its
 * requests in, the reconciler that starts and stops it as tabs record, the metadata-only listing for tabs
 * without it, and the popup's messages.
 */
import { browser } from 'wxt/browser';
import { onBeforeDeleteAll } from '../storage/delete-hooks';
import { recordingTabs } from '../recording/recording-tabs';
import { networkSettings, setNetworkForOrigin } from '../settings/network';
import { redactionSettings } from '../settings/redaction';
import { CaptureConfig } from './capture-config';
import type { CaptureFactory, CaptureSource } from './capture-source';
import { cdpCapture } from './cdp-capture';
import { chromeDebuggerClient } from './cdp-client';
import { EntryWriter } from './entry-writer';
import { networkMessages } from './messages';
import { createReconciler, type TabAction } from './reconciler';
import { clearAllTabs, clearTab, countEntries, readGaps } from './store';
import type { NetworkStatus } from './status';
import { TabSessions } from './tab-sessions';
import { TabStates } from './tab-states';
import { listenWebRequests, webRequestEntry } from './web-request-fallback';
import { webRequestBodiesAvailable, webRequestCapture } from './web-request-capture';
import { WorkQueue } from './work-queue';

export interface NetworkService {
  /** Attaches to, or detaches from, every tab as settings and recording state say. */
  reconcile(): Promise<void>;
  /** Waits until the work already queued (events, body fetches, writes) is done. For tests. */
  idle(): Promise<void>;
  status(tabId: number): Promise<NetworkStatus>;
  stop(): void;
}

/** This browser's capture source: the devtools protocol, else `webRequest` response filters, else none. */
export function defaultCapture(): CaptureFactory | null {
  const client = chromeDebuggerClient();
  if (client) return cdpCapture(client);
  return webRequestBodiesAvailable() ? webRequestCapture() : null;
}

/** The most a report waits for the network capture to store what finished. */
const FLUSH_WAIT_MS = 1500;

/**
 * Registers network capture. `capture` is null where the browser can capture no bodies; `listen`
 * subscribes to `webRequest` for the metadata listing (both are parameters so tests can fake them).
 */
export function registerNetworkService(
  capture: CaptureFactory | null = defaultCapture(),
  listen: typeof listenWebRequests = listenWebRequests,
): NetworkService {
  const queue = new WorkQueue();
  const sessions = new TabSessions((p) => queue.track(p));
  const states = new TabStates();
  const config = new CaptureConfig();
  const writer = new EntryWriter(async () => (await config.get()).settings.maxBytesPerTab);
  const source: CaptureSource | null = capture ? capture({ queue, sessions, states, writer, config }) : null;
  const stops: (() => void)[] = source ? [() => source.stop()] : [];

  async function apply({ tabId, action }: TabAction): Promise<void> {
    if (action === 'attach') await source!.attach(tabId);
    else if (action === 'list') await states.set(tabId, { attached: false, fallback: true });
    else if (source) await source.detach(tabId);
    else {
      sessions.drop(tabId);
      await states.set(tabId, { attached: false, fallback: false });
    }
  }

  const reconcileNow = createReconciler({
    read: async () => ({ recording: await recordingTabs.getValue(), states: await states.all(), settings: (await config.get()).settings }),
    canCapture: source !== null,
    live: (tabId) => source?.live(tabId) ?? false,
    apply,
  });
  const reconcile = () => queue.track(reconcileNow());

  stops.push(
    listen(
      (tabId) => states.isFallback(tabId),
      (record) =>
        void queue.enqueue(record.tabId, async () => {
          const { options } = await config.get();
          await writer.writeEntry(record.tabId, webRequestEntry(record, options.rules));
        }),
    ),
  );
  stops.push(recordingTabs.watch(() => void reconcile()));
  stops.push(
    networkSettings.watch((value) => {
      config.setSettings(value);
      void reconcile();
    }),
  );
  stops.push(redactionSettings.watch(() => config.redactionChanged()));

  // Delete all data: the requests in flight go too, or the next save would write them back.
  onBeforeDeleteAll(async () => sessions.forgetInFlight());

  const onRemoved = (tabId: number) => {
    sessions.drop(tabId);
    void queue.enqueue(tabId, async () => {
      await states.set(tabId, null);
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
    void states.get(tabId).then(async (state) => {
      if (state?.userDetached) {
        await states.set(tabId, { userDetached: false });
        await reconcile();
      }
    });
  };
  browser.tabs.onUpdated.addListener(onUpdated);
  stops.push(() => browser.tabs.onUpdated.removeListener(onUpdated));

  async function status(tabId: number): Promise<NetworkStatus> {
    const { settings } = await config.get();
    const recording = (await recordingTabs.getValue())[tabId];
    let url = recording?.url;
    if (!url)
      url = await browser.tabs.get(tabId).then(
        (t) => t.url,
        () => undefined,
      );
    let origin: string | null;
    try {
      origin = url ? new URL(url).origin : null;
    } catch {
      origin = null;
    }
    const state = await states.get(tabId);
    const gap = (await readGaps(tabId)).find((g) => g.to === null) ?? null;
    return {
      tabId,
      available: source !== null,
      source: source?.kind ?? null,
      origin,
      recording: recording !== undefined,
      siteEnabled: settings.enabled && (origin === null || !settings.disabledOrigins.includes(origin)),
      attached: state?.attached ?? false,
      fallback: state?.fallback ?? false,
      gap,
      entries: await countEntries(tabId),
      barExplained: settings.debuggerBarExplained,
    };
  }

  /** Every queued piece of work done and the requests in flight saved. */
  async function idle(): Promise<void> {
    await queue.idle();
    await sessions.flush();
  }

  stops.push(networkMessages.handle('network:status', ({ tabId }) => status(tabId)));
  stops.push(
    networkMessages.handle('network:flush', async () => {
      // All tabs' work: a tab's body fetches run beside its queue. Bounded, as a busy tab never idles.
      let timer: ReturnType<typeof setTimeout> | undefined;
      const timeout = new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(false), FLUSH_WAIT_MS)));
      const settled = await Promise.race([idle().then(() => true), timeout]);
      clearTimeout(timer);
      return { settled };
    }),
  );
  stops.push(
    networkMessages.handle('network:set-site', async ({ origin, enabled }) => {
      config.setSettings(await setNetworkForOrigin(new URL(origin).origin, enabled));
      await reconcile();
      return { ok: true as const };
    }),
  );

  void states.loaded.then(reconcile);

  return {
    reconcile,
    status,
    idle,
    stop() {
      for (const stop of stops) stop();
      sessions.cancelSave();
    },
  };
}
