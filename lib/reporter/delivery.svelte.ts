/**
 * Delivering the report: Download .zip, Send to a tracker, and the retries after a failure. The report
 * is built and frozen in its draft before it is sent (a download is saved while the draft stores it),
 * so a failed send loses nothing and a retry sends the very same zip.
 */
import { draftForTab, getDraft, lastTracker, updateDraft, type Draft, type Tracker } from '../report/drafts';
import { trackerMessages } from '../trackers/messages';
import type { IntegrationStatus, SendResult } from '../trackers/types';
import type { Built } from './bundle';
import { errorText, outcomeOf, type Outcome } from './outcome';
import { saveZip } from './save-zip';

/** The report as delivery needs it. */
export interface Deliverable {
  readonly tabId: number;
  /** The draft being written. */
  draftId(): string;
  title(): string;
  /**
   * Builds the report and starts freezing it in the draft; `progress` hears each stage. `frozen`
   * settles once the draft keeps the bundle: a send waits for it, a download runs beside it.
   */
  build(progress: (stage: string) => void): Promise<Built & { frozen: Promise<void> }>;
  /** Leaves the replay out of the report (after a "too large" answer). */
  dropReplay(): void;
}

const NO_TRACKERS: IntegrationStatus = [];

export class Delivery {
  busy = $state<null | 'download' | Tracker>(null);
  progress = $state<string | null>(null);
  outcome = $state<Outcome | null>(null);
  /** Which trackers have a connection (the Send buttons follow it). */
  trackers = $state<IntegrationStatus | null>(null);
  /** The pending draft retried or downloaded last: the notice's own Retry and Download act on it. */
  private lastDraft = $state.raw<Draft | null>(null);

  constructor(
    private readonly report: Deliverable,
    /** Runs after every attempt, whatever its end (the pending list follows it). */
    private readonly settled: () => Promise<void> = async () => undefined,
  ) {}

  /** Asks the worker which trackers are connected. */
  async loadTrackers(): Promise<void> {
    this.trackers = await trackerMessages.send('trackers:status', {}).catch(() => NO_TRACKERS);
  }

  /** Download .zip. */
  async download(): Promise<void> {
    if (!this.hasTitle()) return;
    await this.run('download', async () => {
      const { bundle, missing, removed, frozen } = await this.report.build((stage) => (this.progress = stage));
      this.progress = 'Saving…';
      // The zip is saved while the draft stores it: the file is the tester's either way.
      const [saved, kept] = await Promise.allSettled([saveZip(bundle), frozen]);
      if (saved.status === 'rejected') throw saved.reason;
      const notes = [...missing];
      if (kept.status === 'rejected') notes.push(`The draft could not keep a copy of this report (${errorText(kept.reason)}).`);
      else await updateDraft(this.report.draftId(), (d) => ({ ...d, downloaded: true }));
      this.outcome = {
        kind: 'downloaded',
        fileName: bundle.fileName,
        ...(notes.length ? { missing: notes } : {}),
        ...(removed ? { removed } : {}),
      };
    });
  }

  /** Send to a tracker: the bundle is built and saved first, so a failed send loses nothing. */
  async sendTo(tracker: Tracker): Promise<void> {
    if (!this.hasTitle()) return;
    await this.run(tracker, async () => {
      const { missing, removed, frozen } = await this.report.build((stage) => (this.progress = stage));
      await frozen;
      this.progress = `Sending to ${this.trackerName(tracker)}…`;
      const outcome = this.answered(
        tracker,
        await trackerMessages.send('trackers:send', { draftId: this.report.draftId(), tracker }),
        missing,
      );
      this.outcome = outcome.kind === 'sent' && removed ? { ...outcome, removed } : outcome;
    });
  }

  /**
   * After the issue was created but attachments failed: uploads the same frozen zip again (the draft
   * lists it as pending under its file name), never a rebuilt one and never a second issue.
   */
  async retryAttachments(tracker: Tracker): Promise<void> {
    await this.run(tracker, async () => {
      this.progress = `Uploading the attachments to ${this.trackerName(tracker)}…`;
      this.outcome = this.answered(tracker, await trackerMessages.send('trackers:send', { draftId: this.report.draftId(), tracker }));
    });
  }

  /** Sends again without the replay (after a "too large" answer). */
  async sendWithoutReplay(tracker: Tracker): Promise<void> {
    this.report.dropReplay();
    await this.sendTo(tracker);
  }

  /** Download instead, for the current draft after a failed send: its frozen zip when there is one. */
  async downloadCurrent(): Promise<void> {
    const draft = await draftForTab(this.report.tabId);
    if (draft?.id === this.report.draftId() && draft.bundle) await this.downloadDraft(draft);
    else await this.download();
  }

  /** Retry a pending draft's last send (or download it, when it was never sent). */
  async retryDraft(draft: Draft): Promise<void> {
    this.lastDraft = draft;
    const tracker = lastTracker(draft);
    if (!tracker) return this.downloadDraft(draft);
    this.busy = tracker;
    try {
      this.outcome = this.answered(tracker, await trackerMessages.send('trackers:send', { draftId: draft.id, tracker }));
    } catch (e) {
      this.outcome = { kind: 'error', message: errorText(e) };
    } finally {
      this.busy = null;
      await this.settled();
    }
  }

  /** Download instead: the frozen zip of a draft. */
  async downloadDraft(draft: Draft): Promise<void> {
    this.lastDraft = draft;
    if (!draft.bundle) return;
    try {
      await saveZip(draft.bundle);
      await updateDraft(draft.id, (d) => ({ ...d, downloaded: true }));
      this.outcome = { kind: 'downloaded', fileName: draft.bundle.fileName };
    } catch (e) {
      this.outcome = { kind: 'error', message: `The download failed: ${errorText(e)}` };
    }
    await this.settled();
  }

  /** The trackers the worker knows, each with its name and whether a connection is set up. */
  get trackerList(): { id: Tracker; name: string; configured: boolean; label?: string }[] {
    return (this.trackers ?? []).map(({ tracker, name, configured, label }) => ({
      id: tracker,
      name,
      configured,
      ...(label ? { label } : {}),
    }));
  }

  /** The notice speaks of a pending draft (frozen: it cannot be built again, e.g. without the replay). */
  get aboutPending(): boolean {
    return this.lastDraft !== null;
  }

  /**
   * "Retry" in the notice: the pending draft acted on last; else the current report's attachments when
   * its issue exists, or its send.
   */
  async retry(tracker: Tracker): Promise<void> {
    const draft = this.lastDraft && (await getDraft(this.lastDraft.id));
    if (draft) await this.retryDraft(draft);
    else if (this.outcome?.kind === 'sent') await this.retryAttachments(tracker);
    else await this.sendTo(tracker);
  }

  /** "Download instead" in the notice: the pending draft acted on last, else the current report. */
  async downloadInstead(): Promise<void> {
    const draft = this.lastDraft && (await getDraft(this.lastDraft.id));
    if (draft) await this.downloadDraft(draft);
    else await this.downloadCurrent();
  }

  /** The tracker's name for the tester ("Jira"), as the worker's status gives it. */
  trackerName(tracker: Tracker): string {
    return this.trackers?.find((t) => t.tracker === tracker)?.name ?? tracker;
  }

  private answered(tracker: Tracker, result: SendResult, missing: string[] = []): Outcome {
    return outcomeOf(tracker, this.trackerName(tracker), result, missing);
  }

  private hasTitle(): boolean {
    if (this.report.title().trim()) return true;
    this.outcome = { kind: 'error', message: 'Give the report a title first.' };
    return false;
  }

  private async run(kind: 'download' | Tracker, work: () => Promise<void>): Promise<void> {
    this.busy = kind;
    this.outcome = null;
    this.lastDraft = null;
    try {
      await work();
    } catch (e) {
      this.outcome = { kind: 'error', message: `The report could not be built: ${errorText(e)}. Your draft is kept.` };
    } finally {
      this.busy = null;
      this.progress = null;
      await this.settled();
    }
  }
}
