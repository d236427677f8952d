/**
 * Each tab's capture state in session storage (`networkTabs`: attached, why it stopped, listing without
 * bodies), written one change at a time, with an in-memory copy of which tabs are captured and which are
 * listed, for the `webRequest` listeners, which must answer synchronously.
 */
import { networkTabs, type NetworkTabState } from './session';

export class TabStates {
  private readonly attachedTabs = new Set<number>();
  private readonly fallbackTabs = new Set<number>();
  private writes: Promise<void> = Promise.resolve();
  /** Resolves once the in-memory copy holds what storage had when the worker started. */
  readonly loaded: Promise<void>;

  constructor() {
    this.loaded = networkTabs.getValue().then((all) => {
      for (const [id, state] of Object.entries(all)) this.remember(Number(id), state);
    });
  }

  /** Every tab's state, as stored. */
  all(): Promise<Record<string, NetworkTabState>> {
    return networkTabs.getValue();
  }

  /** The state of `tabId`, or undefined when capture never ran there. */
  async get(tabId: number): Promise<NetworkTabState | undefined> {
    return (await networkTabs.getValue())[tabId];
  }

  /**
   * Changes the state of `tabId` (null forgets the tab). Tabs change state from different queues: one
   * writer at a time, or a read-modify-write loses one.
   */
  set(tabId: number, patch: Partial<NetworkTabState> | null): Promise<void> {
    const write = this.writes.then(async () => {
      const all = { ...(await networkTabs.getValue()) };
      if (patch === null) delete all[tabId];
      else all[tabId] = { attached: false, detachReason: null, userDetached: false, ...all[tabId], ...patch };
      this.remember(tabId, all[tabId]);
      await networkTabs.setValue(all);
    });
    this.writes = write.catch(() => undefined);
    return write;
  }

  /** Whether `tabId` is captured with bodies right now (as far as this worker knows). */
  isAttached(tabId: number): boolean {
    return this.attachedTabs.has(tabId);
  }

  /** Whether requests of `tabId` are listed from `webRequest` metadata. */
  isFallback(tabId: number): boolean {
    return this.fallbackTabs.has(tabId);
  }

  private remember(tabId: number, state: NetworkTabState | undefined): void {
    if (state?.attached) this.attachedTabs.add(tabId);
    else this.attachedTabs.delete(tabId);
    if (state?.fallback) this.fallbackTabs.add(tabId);
    else this.fallbackTabs.delete(tabId);
  }
}
