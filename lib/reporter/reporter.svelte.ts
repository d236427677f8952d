/**
 * Reactive state of the reporter (the popup): the form, the screenshot and its annotations, what was
 * captured, and the download/send actions. The form is saved as a draft while the tester types, so
 * closing the popup loses nothing; a draft is kept until it is delivered or discarded.
 */
import type { Har } from 'har-format';
import { browser } from 'wxt/browser';
import { redactUrl } from '../redact';
import { readGaps, readHar } from '../network/store';
import { getRedactionRules } from '../settings/redaction';
import type { IntegrationStatus, SendResult } from '../trackers/types';
import { recordingMessages } from '../recording/messages';
import { screenshotMessages } from '../screenshot/messages';
import { trackerMessages } from '../trackers/messages';
import { ChunkCache, readCapture } from '../recording/store';
import { addShape, clearShapes, emptyHistory, redo, undo, type History, type Shape } from '../screenshot/annotations';
import { exportAnnotated } from '../screenshot/annotations-draw';
import { buildReportJson, consoleErrors, failedRequests, reportFileName } from '../report/build';
import { collectEnvironment } from '../report/collect-environment';
import { deleteDraft, draftForTab, isDelivered, isPending, lastTracker, listDrafts, saveDraft, updateDraft, type Draft, type ReportBundle, type Tracker } from '../report/drafts';
import type { CapturedSession, IncludeParts, ReportForm } from '../model/report';
import { ReportPacker } from '../report/pack';
import { jsonOf } from '../zip/json-blob';
import type { ScreenshotResult } from '../screenshot/screenshot';
import { openReporterWindow } from './reporter-window';
import { failureView, type FailureView } from './send-messages';
import { estimateJsonBytes, estimateZipBytes, type PartSizes } from '../report/sizes';

const SAVE_DELAY_MS = 250;

export type Outcome =
  | { kind: 'downloaded'; fileName: string }
  | { kind: 'sent'; tracker: Tracker; url: string; key: string; attachmentErrors: string[] }
  | { kind: 'failed'; tracker: Tracker; view: FailureView }
  | { kind: 'error'; message: string };

export function blankForm(): ReportForm {
  return { title: '', description: '', steps: [], expected: '', actual: '', severity: 'major', labels: [] };
}

function dataUrlToBlob(dataUrl: string): Blob {
  const [head, body = ''] = dataUrl.split(',', 2);
  const type = /data:([^;,]+)/.exec(head ?? '')?.[1] ?? 'image/png';
  const bin = atob(body);
  const bytes = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
  return new Blob([bytes], { type });
}

async function imageSize(blob: Blob): Promise<{ width: number; height: number }> {
  const bitmap = await createImageBitmap(blob);
  const size = { width: bitmap.width, height: bitmap.height };
  bitmap.close();
  return size;
}

const message = (e: unknown) => (e instanceof Error ? e.message : String(e)).replace(/\.$/, '');

export class ReporterState {
  form = $state<ReportForm>(blankForm());
  include = $state<IncludeParts>({ replay: true, console: true, network: true, screenshot: true });
  keepOriginal = $state(false);
  /** Whether the tester edited the steps (then the recorded ones no longer overwrite them). */
  stepsEdited = $state(false);

  screenshot = $state.raw<Blob | null>(null);
  screenshotUrl = $state<string | null>(null);
  screenshotSize = $state<{ width: number; height: number } | null>(null);
  screenshotError = $state<string | null>(null);
  /** Said beside the screenshot: a full page cut at the limit, or why a full-page capture failed. */
  screenshotNote = $state<string | null>(null);
  history = $state.raw<History>(emptyHistory());

  page = $state<{ url: string; title: string }>({ url: '', title: '' });
  session = $state.raw<CapturedSession | null>(null);
  har = $state.raw<Har | null>(null);
  captureError = $state<string | null>(null);

  integrations = $state<IntegrationStatus | null>(null);
  busy = $state<null | 'download' | Tracker>(null);
  progress = $state<string | null>(null);
  outcome = $state<Outcome | null>(null);
  /** Secrets the last pass removed from the report just built (shown with the outcome). */
  lastPassRemoved = $state(0);
  pending = $state.raw<Draft[]>([]);
  restored = $state(false);
  /** When the draft was last saved (shown, so the tester knows closing is safe). */
  savedAt = $state<number | null>(null);

  draftId: string = crypto.randomUUID();
  private createdAt = Date.now();
  private saveTimer: ReturnType<typeof setTimeout> | undefined;
  /** The capture being read; a report asked for meanwhile waits for it rather than reading it again. */
  private captureLoad: Promise<void> | null = null;
  /** Packs the capture as soon as it is read (see `pack.ts`); started when the reporter opens. */
  private packer: ReportPacker | null = null;
  /** The capture the packer was last given. */
  private packing: { session: CapturedSession; har: Har | null } | null = null;
  /** The tester changed something: only then is there a draft worth keeping. */
  private touched = false;

  constructor(readonly tabId: number) {}

  counts = $derived({
    consoleErrors: this.session ? consoleErrors(this.session.console).length : null,
    failedRequests: this.har ? failedRequests(this.har).length : null,
    events: this.session ? this.session.events.length : null,
  });

  sizes = $derived<PartSizes>({
    replay: this.session ? estimateJsonBytes(this.session.events) : 0,
    console: this.session ? estimateJsonBytes(this.session.console) : 0,
    network: this.har ? estimateJsonBytes(this.har.log.entries) : 0,
    screenshot: this.screenshot?.size ?? 0,
  });

  zipEstimate = $derived(estimateZipBytes(this.sizes, this.include));

  /** Starts everything at once; each part fills in as it arrives, none waits for another. */
  async open(): Promise<void> {
    // The capture starts before the draft lookup; a restored draft's own screenshot wins over it.
    const fresh = this.requestScreenshot();
    // The packer's worker loads while the capture is read.
    this.packer ??= new ReportPacker();
    void this.loadPage();
    void this.loadCapture();
    void trackerMessages.send('trackers:status', {}).then(
      (status) => (this.integrations = status),
      () => (this.integrations = { jira: { configured: false }, github: { configured: false } }),
    );
    const restored = await draftForTab(this.tabId).catch(() => undefined);
    if (restored && !isDelivered(restored)) this.restore(restored);
    void this.refreshPending();
    if (!restored?.screenshot || isDelivered(restored)) void fresh.then((result) => this.applyScreenshot(result));
  }

  private restore(draft: Draft): void {
    this.draftId = draft.id;
    this.createdAt = draft.createdAt;
    this.form = draft.form;
    this.include = draft.include;
    this.stepsEdited = draft.form.steps.length > 0;
    const saved = draft.annotations as { shapes?: Shape[]; keepOriginal?: boolean } | undefined;
    this.history = emptyHistory(saved?.shapes ?? []);
    this.keepOriginal = Boolean(saved?.keepOriginal);
    if (draft.screenshot) void this.setScreenshot(draft.screenshot);
    // The capture may have arrived before the draft: a draft without steps still gets the recorded ones.
    this.applyRecordedSteps();
    this.restored = true;
    this.touched = true;
  }

  private async loadPage(): Promise<void> {
    try {
      const tab = await browser.tabs.get(this.tabId);
      // Redacted at once, with the tester's rules: the address is kept in the draft and shown in the form.
      this.page = { url: redactUrl(tab.url ?? this.page.url, await getRedactionRules()), title: tab.title ?? '' };
    } catch {
      this.captureError = 'The tab was closed. The draft is kept; you can still download it.';
    }
  }

  /** The recording and the network log load on their own: one failing never hides the other. */
  private loadCapture(): Promise<void> {
    const load = this.readCaptureNow().finally(() => {
      if (this.captureLoad === load) this.captureLoad = null;
    });
    this.captureLoad = load;
    return load;
  }

  private async readCaptureNow(): Promise<void> {
    // What the page still holds (its last second or so) is handed over first; without an answer, what was
    // stored is read. What is stored already is read meanwhile, so only the hand-over is read after it.
    const cache = new ChunkCache();
    const flushed = recordingMessages.send('recording:flush', { tabId: this.tabId }).catch(() => undefined);
    await readCapture(this.tabId, { raw: true, cache }).catch(() => undefined);
    await flushed;
    const [session, har] = await Promise.allSettled([readCapture(this.tabId, { raw: true, cache }), readHar(this.tabId)]);
    const problems: string[] = [];
    if (session.status === 'fulfilled') {
      this.session = session.value;
      this.applyRecordedSteps();
    } else problems.push(`the recording (${message(session.reason)})`);
    if (har.status === 'fulfilled') this.har = har.value;
    else problems.push(`the network log (${message(har.reason)})`);
    if (this.session) this.packerFor(this.session, this.har);
    if (problems.length) this.captureError = `Could not read ${problems.join(' or ')}. The rest of the report still works.`;
  }

  /** The recorded steps fill the field until the tester edits it; after that they never overwrite it. */
  private applyRecordedSteps(): void {
    if (this.stepsEdited || !this.session) return;
    this.form.steps = this.session.steps.map((s) => s.text);
  }

  /**
   * Reads the capture again. A repro started or stopped from this popup changes what the report covers
   * (the repro replaces the rolling window), so the counts, sizes and unedited steps follow it.
   */
  async refreshCapture(): Promise<void> {
    await this.loadCapture();
    if (this.touched) this.scheduleSave();
  }

  private async setScreenshot(blob: Blob): Promise<void> {
    if (this.screenshotUrl) URL.revokeObjectURL(this.screenshotUrl);
    this.screenshot = blob;
    this.screenshotUrl = URL.createObjectURL(blob);
    this.screenshotSize = await imageSize(blob).catch(() => null);
  }

  private async requestScreenshot(fullPage = false): Promise<ScreenshotResult> {
    try {
      return await screenshotMessages.send('screenshot:take', { tabId: this.tabId, ...(fullPage ? { fullPage } : {}) });
    } catch (e) {
      return { ok: false, message: `The screenshot could not be taken: ${message(e)}` };
    }
  }

  private async applyScreenshot(result: ScreenshotResult): Promise<void> {
    if (!result.ok) {
      this.screenshotError = result.message;
      return;
    }
    this.screenshotError = null;
    await this.setScreenshot(dataUrlToBlob(result.dataUrl));
    if (this.history.present.length) this.history = clearShapes(this.history);
    if (this.touched) this.scheduleSave();
  }

  /** Takes (or retakes) the screenshot of the tab; annotations are cleared on a retake. */
  async takeScreenshot(): Promise<void> {
    this.screenshotError = null;
    this.screenshotNote = null;
    await this.applyScreenshot(await this.requestScreenshot());
  }

  /** The whole page beyond the viewport (Chromium), replacing the screenshot and its annotations. */
  async takeFullPageScreenshot(): Promise<void> {
    this.screenshotNote = null;
    const result = await this.requestScreenshot(true);
    // A failed full-page capture keeps the viewport screenshot and says why.
    if (!result.ok) {
      this.screenshotNote = result.message;
      return;
    }
    await this.applyScreenshot(result);
    this.screenshotNote = result.note ?? null;
  }

  // Annotation editing (undoable).
  addShape(shape: Shape): void {
    // The editor hands over its own reactive object; store plain data (IndexedDB cannot clone proxies).
    this.history = addShape(this.history, $state.snapshot(shape) as Shape);
    this.scheduleSave();
  }
  undo(): void {
    this.history = undo(this.history);
    this.scheduleSave();
  }
  redo(): void {
    this.history = redo(this.history);
    this.scheduleSave();
  }
  clearAnnotations(): void {
    this.history = clearShapes(this.history);
    this.scheduleSave();
  }

  /** Call on every edit: saves the draft shortly after the tester pauses. */
  scheduleSave(): void {
    this.touched = true;
    clearTimeout(this.saveTimer);
    this.saveTimer = setTimeout(() => void this.saveNow(), SAVE_DELAY_MS);
  }

  /** Saves a pending change now (the popup is being hidden and may close). */
  async flush(): Promise<void> {
    if (this.touched) await this.saveNow();
  }

  /** Saves the draft now. */
  async saveNow(): Promise<void> {
    clearTimeout(this.saveTimer);
    const existing = await updateDraft(this.draftId, (d) => ({ ...d, ...this.draftFields() }));
    if (!existing) {
      await saveDraft({
        id: this.draftId,
        tabId: this.tabId,
        createdAt: this.createdAt,
        updatedAt: Date.now(),
        deliveries: [],
        ...this.draftFields(),
      });
    }
    this.savedAt = Date.now();
  }

  private draftFields(): Pick<Draft, 'form' | 'include' | 'screenshot' | 'annotations' | 'pageUrl'> {
    return {
      form: $state.snapshot(this.form),
      include: $state.snapshot(this.include),
      screenshot: this.screenshot ?? undefined,
      annotations: $state.snapshot({ shapes: this.history.present, keepOriginal: this.keepOriginal }),
      pageUrl: this.page.url,
    };
  }

  /** Builds the report (annotated screenshot, environment, zip in a worker) and freezes it in the draft. */
  private async buildBundle(): Promise<ReportBundle> {
    if (this.captureLoad) await this.captureLoad;
    const session = this.session ?? (await readCapture(this.tabId, { raw: true }));
    const har = this.har ?? (await readHar(this.tabId));
    // Packed since the capture was read; a capture read only now is packed now.
    const packer = this.packerFor(session, har);
    // The network store keeps its own gaps (debugger detached, DevTools opened); a report without them
    // would present a hole in the HAR as "no requests were made".
    const networkGaps = await readGaps(this.tabId).catch(() => []);
    this.progress = 'Preparing the screenshot…';
    const hasScreenshot = this.screenshot !== null;
    const annotated =
      this.screenshot && this.include.screenshot
        ? this.history.present.length
          ? await exportAnnotated(this.screenshot, this.history.present)
          : this.screenshot
        : null;
    this.progress = 'Collecting the environment…';
    const environment = await collectEnvironment(this.tabId, this.screenshotSize?.width ?? null);
    const createdAt = new Date();
    const report = buildReportJson({
      form: $state.snapshot(this.form),
      include: $state.snapshot(this.include),
      keepOriginalScreenshot: this.keepOriginal && this.history.present.length > 0,
      hasScreenshot,
      page: $state.snapshot(this.page),
      environment,
      session,
      har,
      networkGaps,
      createdAt,
      rules: await getRedactionRules(),
    });
    this.progress = 'Packing the zip…';
    let packed: Awaited<ReturnType<ReportPacker['pack']>>;
    try {
      packed = await packer.pack({ report, screenshot: annotated, screenshotOriginal: report.files.screenshotOriginal ? this.screenshot : null });
    } catch (e) {
      // A broken worker is not asked again: the next try starts another and packs the capture afresh.
      packer.close();
      this.packer = null;
      this.packing = null;
      throw e;
    }
    // The report as the last pass of redaction left it: trackers send its text too.
    const { zip, markdown, removed } = packed;
    this.lastPassRemoved = removed;
    const bundle: ReportBundle = { fileName: reportFileName(this.page.url, createdAt), report: packed.report, zip, screenshot: annotated, markdown };
    await this.saveNow();
    await updateDraft(this.draftId, (d) => ({ ...d, bundle, annotatedScreenshot: annotated ?? undefined }));
    return bundle;
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

  /** Download .zip. */
  async download(): Promise<void> {
    if (!this.form.title.trim()) {
      this.outcome = { kind: 'error', message: 'Give the report a title first.' };
      return;
    }
    await this.run('download', async () => {
      const bundle = await this.buildBundle();
      this.progress = 'Saving…';
      await saveZip(bundle);
      await updateDraft(this.draftId, (d) => ({ ...d, downloaded: true }));
      this.outcome = { kind: 'downloaded', fileName: bundle.fileName };
    });
  }

  /** Send to Jira / GitHub: the bundle is built and saved first, so a failed send loses nothing. */
  async sendTo(tracker: Tracker): Promise<void> {
    if (!this.form.title.trim()) {
      this.outcome = { kind: 'error', message: 'Give the report a title first.' };
      return;
    }
    await this.run(tracker, async () => {
      await this.buildBundle();
      this.progress = `Sending to ${tracker === 'jira' ? 'Jira' : 'GitHub'}…`;
      this.outcome = outcomeOf(tracker, await trackerMessages.send('trackers:send', { draftId: this.draftId, tracker }));
    });
  }

  /**
   * After the issue was created but attachments failed: uploads the same frozen zip again (the draft
   * lists it as pending under its file name), never a rebuilt one and never a second issue.
   */
  async retryAttachments(tracker: Tracker): Promise<void> {
    await this.run(tracker, async () => {
      this.progress = `Uploading the attachments to ${tracker === 'jira' ? 'Jira' : 'GitHub'}…`;
      this.outcome = outcomeOf(tracker, await trackerMessages.send('trackers:send', { draftId: this.draftId, tracker }));
    });
  }

  /** Sends again without the replay (after a "too large" answer). */
  async sendWithoutReplay(tracker: Tracker): Promise<void> {
    this.include.replay = false;
    this.scheduleSave();
    await this.sendTo(tracker);
  }

  private async run(kind: 'download' | Tracker, work: () => Promise<void>): Promise<void> {
    this.busy = kind;
    this.outcome = null;
    try {
      await work();
    } catch (e) {
      this.outcome = { kind: 'error', message: `The report could not be built: ${message(e)}. Your draft is kept.` };
    } finally {
      this.busy = null;
      this.progress = null;
      await this.refreshPending();
    }
  }

  /** Discards the current draft and starts a new report (new screenshot). */
  async discard(): Promise<void> {
    clearTimeout(this.saveTimer);
    await deleteDraft(this.draftId);
    await this.startNew();
  }

  /** Starts a new report after one was delivered; the delivered draft stays as history. */
  async startNew(): Promise<void> {
    clearTimeout(this.saveTimer);
    this.draftId = crypto.randomUUID();
    this.createdAt = Date.now();
    this.form = blankForm();
    this.stepsEdited = false;
    if (this.session?.steps.length) this.form.steps = this.session.steps.map((s) => s.text);
    this.history = emptyHistory();
    this.outcome = null;
    this.restored = false;
    this.touched = false;
    this.savedAt = null;
    await this.takeScreenshot();
    await this.refreshPending();
  }

  async refreshPending(): Promise<void> {
    this.pending = (await listDrafts().catch(() => [])).filter((d) => isPending(d) && d.id !== this.draftId);
  }

  /** Retry a pending draft's last send. */
  async retryPending(draft: Draft): Promise<void> {
    const tracker = lastTracker(draft);
    if (!tracker) return this.downloadPending(draft);
    this.busy = tracker;
    try {
      this.outcome = outcomeOf(tracker, await trackerMessages.send('trackers:send', { draftId: draft.id, tracker }));
    } catch (e) {
      this.outcome = { kind: 'error', message: message(e) };
    } finally {
      this.busy = null;
      await this.refreshPending();
    }
  }

  /** Download instead: the frozen zip of a pending draft. */
  async downloadPending(draft: Draft): Promise<void> {
    if (!draft.bundle) return;
    try {
      await saveZip(draft.bundle);
      await updateDraft(draft.id, (d) => ({ ...d, downloaded: true }));
      this.outcome = { kind: 'downloaded', fileName: draft.bundle.fileName };
    } catch (e) {
      this.outcome = { kind: 'error', message: `The download failed: ${message(e)}` };
    }
    await this.refreshPending();
  }

  /** Download instead, for the current draft after a failed send. */
  async downloadCurrent(): Promise<void> {
    const draft = await draftForTab(this.tabId);
    if (draft?.id === this.draftId && draft.bundle) await this.downloadPending(draft);
    else await this.download();
  }

  openInWindow(): Promise<void> {
    return openReporterWindow(this.tabId);
  }

  optionsUrl(): string {
    return browser.runtime.getURL('/options.html');
  }
}

function outcomeOf(tracker: Tracker, result: SendResult): Outcome {
  if (result.ok) return { kind: 'sent', tracker, url: result.url, key: result.key, attachmentErrors: result.attachmentErrors };
  return { kind: 'failed', tracker, view: failureView(result) };
}

/**
 * Saves a zip with the downloads API. The blob URL is made here, in the extension page: the service
 * worker has no `URL.createObjectURL`. It is revoked once the download no longer needs it.
 */
async function saveZip(bundle: ReportBundle): Promise<void> {
  const url = URL.createObjectURL(bundle.zip);
  try {
    const id = await browser.downloads.download({ url, filename: bundle.fileName, saveAs: false, conflictAction: 'uniquify' });
    revokeWhenDone(id, url);
  } catch (e) {
    URL.revokeObjectURL(url);
    throw e;
  }
}

function revokeWhenDone(id: number, url: string): void {
  const listener = (delta: { id: number; state?: { current?: string } }) => {
    if (delta.id !== id || !delta.state?.current || delta.state.current === 'in_progress') return;
    browser.downloads.onChanged.removeListener(listener);
    URL.revokeObjectURL(url);
  };
  browser.downloads.onChanged.addListener(listener);
}
