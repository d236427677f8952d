/**
 * The reporter of one tab, put together from its parts: the screenshot and its annotations, the draft
 * saved as the tester types, the capture read and packed, delivery, and the drafts still to deliver.
 * Each part does one job; this file only connects them.
 */
import { browser } from 'wxt/browser';
import { estimateZipBytes, type PartSizes } from '../report/sizes';
import { readEnvironment } from '../report/collect-environment';
import type { Environment } from '../model/report';
import type { Draft } from '../report/drafts';
import { buildBundle } from './bundle';
import { CaptureLoad } from './capture.svelte';
import { Delivery } from './delivery.svelte';
import { DraftAutosave } from './draft.svelte';
import { PendingDrafts } from './pending.svelte';
import { ScreenshotState, type SavedAnnotations } from './screenshot.svelte';

export class Reporter {
  readonly shot: ScreenshotState;
  readonly draft: DraftAutosave;
  readonly capture: CaptureLoad;
  readonly delivery: Delivery;
  readonly pending: PendingDrafts;
  /** The environment as of the screenshot: read when the reporter opens and for each new report, finished when one is built. */
  private environmentRead: ((screenshotWidth: number | null) => Promise<Environment>) | null = null;

  constructor(readonly tabId: number) {
    this.draft = new DraftAutosave(tabId, () => ({
      screenshot: this.shot.blob ?? undefined,
      annotations: this.shot.saved(),
      pageUrl: this.capture.page.url,
    }));
    this.shot = new ScreenshotState(tabId, { edited: () => this.draft.scheduleSave(), replaced: () => this.draft.changed() });
    this.capture = new CaptureLoad(tabId, () => this.draft.applyRecordedSteps(this.capture.steps));
    this.pending = new PendingDrafts(() => this.draft.id);
    this.delivery = new Delivery(
      {
        tabId,
        draftId: () => this.draft.id,
        title: () => this.draft.form.title,
        build: async (progress) => {
          const built = await buildBundle(this, progress);
          const frozen = this.draft.freeze(built.bundle);
          // Awaited by delivery; marked handled so a failure is told once, there.
          frozen.catch(() => undefined);
          return { ...built, frozen };
        },
        dropReplay: () => {
          this.draft.include.replay = false;
          this.draft.scheduleSave();
        },
      },
      () => this.pending.refresh(),
    );
  }

  // Closures: the parts are made in the constructor, after the fields.
  sizes = $derived.by<PartSizes>(() => ({ ...this.capture.sizes, screenshot: this.shot.blob?.size ?? 0 }));

  zipEstimate = $derived.by(() => estimateZipBytes(this.sizes, this.draft.include));

  /** Starts everything at once; each part fills in as it arrives, none waits for another. */
  async open(): Promise<void> {
    // The capture starts before the draft lookup; a restored draft's own screenshot wins over it.
    const fresh = this.shot.request();
    this.environmentRead = readEnvironment(this.tabId);
    this.capture.open();
    void this.delivery.loadTrackers();
    const lookup = this.draft.open();
    // Counted from now as a picture on its way, so a Download pressed at once waits for it.
    void this.shot.track(lookup.then(async (restored) => (restored?.screenshot ? undefined : this.shot.apply(await fresh))));
    const restored = await lookup;
    if (restored) this.restore(restored);
    void this.pending.refresh();
  }

  /** The drafts still to deliver and the trackers, without starting a report (the small popup). */
  async openPending(): Promise<void> {
    await Promise.all([this.pending.refresh(), this.delivery.loadTrackers()]);
  }

  /**
   * One step, for a tester who needs no annotation: screenshot and capture taken now, the page's title
   * as the report's, then Download .zip (which waits for each part).
   */
  async downloadNow(): Promise<void> {
    void this.shot.take();
    this.environmentRead = readEnvironment(this.tabId);
    this.capture.open();
    const page = await this.capture.pageRead();
    this.draft.form.title ||= `Bug on ${page.title || hostOf(page.url) || 'this page'}`.slice(0, 500);
    await this.delivery.download();
  }

  private restore(draft: Draft): void {
    this.draft.restore(draft);
    this.shot.restore(draft.screenshot, draft.annotations as SavedAnnotations | undefined);
    // The capture may have arrived before the draft: a draft without steps still gets the recorded ones.
    if (this.capture.session) this.draft.applyRecordedSteps(this.capture.steps);
  }

  /** Reads the capture again (a repro started or stopped here changes what the report covers). */
  async refreshCapture(): Promise<void> {
    await this.capture.load();
    this.draft.changed();
  }

  /** Discards the current draft and starts a new report (new screenshot). */
  async discard(): Promise<void> {
    await this.draft.discard();
    await this.startNew();
  }

  /** Starts a new report after one was delivered; the delivered draft stays as history. */
  async startNew(): Promise<void> {
    this.draft.startNew(this.capture.steps);
    this.shot.resetAnnotations();
    this.delivery.outcome = null;
    this.environmentRead = readEnvironment(this.tabId);
    await this.shot.take();
    await this.pending.refresh();
  }

  /** The environment read beside the screenshot (read now if none was). */
  environment(screenshotWidth: number | null): Promise<Environment> {
    this.environmentRead ??= readEnvironment(this.tabId);
    return this.environmentRead(screenshotWidth);
  }

  optionsUrl(): string {
    return browser.runtime.getURL('/options.html');
  }
}

function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return '';
  }
}
