/**
 * The one path from a finished request to the store, whatever captured it: the redacted HAR entry is
 * built (`toHarEntry`), stored, and the tab's window pruned to its time and byte bounds now and then.
 */
import type { Entry } from 'har-format';
import { toHarEntry, toHarPage, type ResponseBody } from './har-entry';
import type { TrackedPage, TrackedRequest } from './log-state';
import { addEntry, pruneTab, putPage, windowStart } from './store';
import type { RedactionRules } from '../redact';

/** Pruning reads the whole tab: at most once in this long per tab. */
const PRUNE_EVERY_MS = 5_000;

export class EntryWriter {
  private readonly lastPrune = new Map<number, number>();

  constructor(
    private readonly maxBytesPerTab: () => Promise<number>,
    private readonly now: () => number = Date.now,
  ) {}

  /** Stores `req` with its response body (or why there is none), under the tab's latest page. */
  async writeRequest(
    tabId: number,
    req: TrackedRequest,
    body: ResponseBody | undefined,
    rules: RedactionRules,
    pageref: string | undefined,
  ): Promise<void> {
    await this.writeEntry(tabId, toHarEntry(req, body, { rules, pageref }));
  }

  /** Stores an entry already built and redacted (the metadata-only listing). */
  async writeEntry(tabId: number, entry: Entry): Promise<void> {
    await addEntry(tabId, entry);
    await this.maybePrune(tabId);
  }

  /** Stores (or updates) a page of `tabId`. */
  writePage(tabId: number, page: TrackedPage): Promise<void> {
    return putPage(tabId, toHarPage(page));
  }

  private async maybePrune(tabId: number): Promise<void> {
    const now = this.now();
    if (now - (this.lastPrune.get(tabId) ?? Number.NEGATIVE_INFINITY) < PRUNE_EVERY_MS) return;
    this.lastPrune.set(tabId, now);
    await pruneTab(tabId, await windowStart(tabId, now), await this.maxBytesPerTab());
  }
}
