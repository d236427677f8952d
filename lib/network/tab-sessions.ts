/**
 * The per-tab capture sessions of this worker: each tab's in-flight log (`LogState`), kept in memory
 * and written to session storage shortly after it changes, so a restarted worker picks up the requests
 * that were in flight. Every capture source keeps its requests here; what is saved is already redacted.
 */
import { emptyLogState, type LogState } from './log-state';
import { inflightStates } from './session';

export class TabSessions {
  private readonly logs = new Map<number, LogState>();
  private saveTimer: ReturnType<typeof setTimeout> | null = null;

  constructor(
    private readonly track: <T>(promise: Promise<T>) => Promise<T>,
    private readonly saveDelayMs = 200,
  ) {}

  /** The log of `tabId`; after a worker restart, the one saved before it (or a new one). */
  async get(tabId: number): Promise<LogState> {
    let log = this.logs.get(tabId);
    if (!log) {
      log = (await inflightStates.getValue())[tabId] ?? emptyLogState();
      // Another caller may have loaded it while this one waited: keep theirs.
      log = this.logs.get(tabId) ?? log;
      this.logs.set(tabId, log);
    }
    return log;
  }

  /** The log of `tabId` if this worker has it in memory. */
  peek(tabId: number): LogState | undefined {
    return this.logs.get(tabId);
  }

  /** Whether this worker holds a session for `tabId` (a restarted one holds none until it attaches). */
  has(tabId: number): boolean {
    return this.logs.has(tabId);
  }

  /** Ends the session of `tabId`; its in-flight requests are dropped from storage at the next save. */
  drop(tabId: number): void {
    this.logs.delete(tabId);
    this.changed();
  }

  /** Schedules a save of every log (one write for the changes of the next moment). */
  changed(): void {
    if (this.saveTimer) return;
    this.saveTimer = setTimeout(() => {
      this.saveTimer = null;
      void this.track(this.save());
    }, this.saveDelayMs);
  }

  /** Saves now if a save is scheduled. */
  async flush(): Promise<void> {
    if (!this.saveTimer) return;
    clearTimeout(this.saveTimer);
    this.saveTimer = null;
    await this.save();
  }

  /** Delete all data: the requests in flight go too, and no scheduled save writes them back. */
  forgetInFlight(): void {
    for (const log of this.logs.values()) {
      log.requests = {};
      log.early = {};
    }
    this.cancelSave();
  }

  /** Cancels a scheduled save (the service stops). */
  cancelSave(): void {
    if (this.saveTimer) clearTimeout(this.saveTimer);
    this.saveTimer = null;
  }

  private save(): Promise<void> {
    return inflightStates.setValue(Object.fromEntries([...this.logs].map(([id, log]) => [String(id), log])));
  }
}
