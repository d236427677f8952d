/**
 * Orders network work per tab (a tab's events must apply in the order they came) and knows when all
 * of it is done, so tests and the service's `idle()` can wait for the store to settle.
 */
export class WorkQueue {
  private readonly tails = new Map<number, Promise<void>>();
  private readonly pending = new Set<Promise<unknown>>();

  /** Counts `promise` as work in progress until it settles. */
  track<T>(promise: Promise<T>): Promise<T> {
    this.pending.add(promise);
    void promise.finally(() => this.pending.delete(promise)).catch(() => undefined);
    return promise;
  }

  /** Runs `work` after everything queued for `tabId`; a failure is logged and does not stop the queue. */
  enqueue(tabId: number, work: () => Promise<void>): Promise<void> {
    const next = (this.tails.get(tabId) ?? Promise.resolve()).then(work).catch((error: unknown) => {
      console.warn('Repro: network capture error', error);
    });
    this.tails.set(tabId, next);
    return this.track(next);
  }

  /** Resolves once no tracked work is left, including work that running work started. */
  async idle(): Promise<void> {
    while (this.pending.size) await Promise.allSettled([...this.pending]);
  }
}
