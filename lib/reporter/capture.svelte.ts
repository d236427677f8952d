/**
 * What the report is built from, read when the reporter opens: the tab's page, its recording and its
 * network log, each on its own so one failing never hides the other. The capture is packed in a worker
 * as soon as it is read (see `pack.ts`), while the tester writes.
 */
import type { Har } from 'har-format';
import { browser } from 'wxt/browser';
import type { CaptureGap, CapturedSession } from '../model/report';
import { networkMessages } from '../network/messages';
import { readGaps, readHar } from '../network/store';
import { recordingMessages } from '../recording/messages';
import { ChunkCache, readCapture } from '../recording/store';
import { redactUrl } from '../redact';
import { getRedactionRules } from '../settings/redaction';
import { consoleErrors, failedRequests, recordedSpan } from '../report/build';
import { ReportPacker } from '../report/pack';
import { estimateJsonBytes } from '../report/sizes';
import { jsonOf } from '../zip/json-blob';
import { errorText } from './outcome';

/** The capture as a report is built from it, with the packer that holds it already. */
export interface ReadyCapture {
  session: CapturedSession;
  har: Har;
  packer: ReportPacker;
  /** The network store's own gaps (debugger detached, DevTools opened). */
  networkGaps: CaptureGap[];
}

/** Bytes of the recording as JSON: counted by the read when it has a summary, else estimated. */
function replayBytes(session: CapturedSession): number {
  const summary = session.summary;
  // The events' texts, a comma between each and the brackets around them.
  return summary ? summary.chars + Math.max(summary.count - 1, 0) + 2 : estimateJsonBytes(session.events);
}

export class CaptureLoad {
  page = $state<{ url: string; title: string }>({ url: '', title: '' });
  session = $state.raw<CapturedSession | null>(null);
  har = $state.raw<Har | null>(null);
  error = $state<string | null>(null);

  /** The capture being read; a report asked for meanwhile waits for it rather than reading it again. */
  private reading: Promise<void> | null = null;
  private pageLoad: Promise<void> | null = null;
  private packer: ReportPacker | null = null;
  /** The capture the packer was last given. */
  private packing: { session: CapturedSession; har: Har | null } | null = null;

  constructor(
    readonly tabId: number,
    /** A capture was read (its recorded steps go to the form). */
    private readonly onread: (session: CapturedSession) => void = () => undefined,
  ) {}

  counts = $derived({
    consoleErrors: this.session ? consoleErrors(this.session.console).length : null,
    failedRequests: this.har ? failedRequests(this.har).length : null,
    events: this.session ? recordedSpan(this.session).count : null,
  });

  /** Bytes of each captured part (estimated), for the include switches. */
  sizes = $derived({
    replay: this.session ? replayBytes(this.session) : 0,
    console: this.session ? estimateJsonBytes(this.session.console) : 0,
    network: this.har ? estimateJsonBytes(this.har.log.entries) : 0,
  });

  /** The recorded steps, as the form shows them. */
  get steps(): string[] {
    return this.session?.steps.map((s) => s.text) ?? [];
  }

  /** Starts the packer's worker and reads the page and the capture, all at once. */
  open(): void {
    // The packer's worker loads while the capture is read.
    this.packer ??= new ReportPacker();
    this.pageLoad = this.loadPage();
    void this.load();
  }

  /** The tab's page once it was read (empty when the tab is gone). */
  async pageRead(): Promise<{ url: string; title: string }> {
    await (this.pageLoad ??= this.loadPage());
    return { ...this.page };
  }

  private async loadPage(): Promise<void> {
    try {
      const tab = await browser.tabs.get(this.tabId);
      // Redacted at once, with the tester's rules: the address is kept in the draft and shown in the form.
      this.page = { url: redactUrl(tab.url ?? this.page.url, await getRedactionRules()), title: tab.title ?? '' };
    } catch {
      this.error = 'The tab was closed. The draft is kept; you can still download it.';
    }
  }

  /**
   * Reads the capture (again). A repro started or stopped from the reporter changes what the report
   * covers (the repro replaces the rolling window), so the counts, sizes and unedited steps follow it.
   */
  load(): Promise<void> {
    const load = this.readNow().finally(() => {
      if (this.reading === load) this.reading = null;
    });
    this.reading = load;
    return load;
  }

  private async readNow(): Promise<void> {
    // What the page still holds (its last second or so) is handed over first; without an answer, what was
    // stored is read. What is stored already is read meanwhile, so only the hand-over is read after it.
    const cache = new ChunkCache();
    const flushed = recordingMessages.send('recording:flush', { tabId: this.tabId }).catch(() => undefined);
    // Requests that just finished are stored with their bodies first (a moment at most).
    const network = networkMessages
      .send('network:flush', { tabId: this.tabId })
      .catch(() => undefined)
      .then(() => readHar(this.tabId));
    network.catch(() => undefined);
    await readCapture(this.tabId, { raw: true, cache }).catch(() => undefined);
    await flushed;
    const [session, har] = await Promise.allSettled([readCapture(this.tabId, { raw: true, cache }), network]);
    const problems: string[] = [];
    if (session.status === 'fulfilled') {
      this.session = session.value;
      this.onread(session.value);
    } else problems.push(`the recording (${errorText(session.reason)})`);
    if (har.status === 'fulfilled') this.har = har.value;
    else problems.push(`the network log (${errorText(har.reason)})`);
    if (this.session) this.packerFor(this.session, this.har);
    if (problems.length) this.error = `Could not read ${problems.join(' or ')}. The rest of the report still works.`;
  }

  /** True while the capture is being read. */
  isReading(): boolean {
    return this.reading !== null;
  }

  /** The capture for a report: waits for a read in flight, reads what an earlier read could not. */
  async ready(): Promise<ReadyCapture> {
    if (this.reading) await this.reading;
    const session = this.session ?? (await readCapture(this.tabId, { raw: true }));
    const har = this.har ?? (await readHar(this.tabId));
    // Packed since the capture was read; a capture read only now is packed now.
    const packer = this.packerFor(session, har);
    // A report without the network store's gaps would present a hole in the HAR as "no requests were made".
    const networkGaps = await readGaps(this.tabId).catch(() => []);
    return { session, har, packer, networkGaps };
  }

  /** A broken packer is not asked again: the next report starts another and packs the capture afresh. */
  dropPacker(packer: ReportPacker): void {
    packer.close();
    if (this.packer !== packer) return;
    this.packer = null;
    this.packing = null;
  }

  /** The packer, given this capture unless it already has it. */
  private packerFor(session: CapturedSession, har: Har | null): ReportPacker {
    this.packer ??= new ReportPacker();
    if (this.packing?.session !== session || this.packing.har !== har) {
      this.packer.prepare({ recording: session.recording ?? [{ events: session.events.map(jsonOf) }], console: session.console, har });
      this.packing = { session, har };
    }
    return this.packer;
  }
}
