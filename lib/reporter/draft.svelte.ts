/**
 * The report being written, saved as a draft while the tester types, so closing the reporter loses
 * nothing; a draft is kept until it is delivered or discarded. Only a draft the tester touched is kept.
 */
import type { IncludeParts, ReportForm } from '../model/report';
import { deleteDraft, draftForTab, isDelivered, saveDraft, updateDraft, type Draft, type ReportBundle } from '../report/drafts';
import type { SavedAnnotations } from './screenshot.svelte';

const SAVE_DELAY_MS = 250;

/** An empty report form. */
export function blankForm(): ReportForm {
  return { title: '', description: '', steps: [], expected: '', actual: '', severity: 'major', labels: [] };
}

/** What the draft keeps beside the form: the picture, its annotations and the (redacted) page address. */
export interface DraftExtras {
  screenshot?: Blob;
  annotations: SavedAnnotations;
  pageUrl: string;
}

export class DraftAutosave {
  form = $state<ReportForm>(blankForm());
  include = $state<IncludeParts>({ replay: true, console: true, network: true, screenshot: true });
  /** Whether the tester edited the steps (then the recorded ones no longer overwrite them). */
  stepsEdited = $state(false);
  /** The form came back from a draft of this tab. */
  restored = $state(false);
  /** When the draft was last saved (shown, so the tester knows closing is safe). */
  savedAt = $state<number | null>(null);

  id: string = crypto.randomUUID();
  private createdAt = Date.now();
  private timer: ReturnType<typeof setTimeout> | undefined;
  /** The tester changed something: only then is there a draft worth keeping. */
  private touched = false;

  constructor(
    readonly tabId: number,
    private readonly extras: () => DraftExtras,
  ) {}

  /** The tab's draft still to deliver, if any. */
  async open(): Promise<Draft | undefined> {
    const draft = await draftForTab(this.tabId).catch(() => undefined);
    return draft && !isDelivered(draft) ? draft : undefined;
  }

  /** Takes up `draft`: its id, form and switches (the caller restores its picture). */
  restore(draft: Draft): void {
    this.id = draft.id;
    this.createdAt = draft.createdAt;
    this.form = draft.form;
    this.include = draft.include;
    this.stepsEdited = draft.form.steps.length > 0;
    this.restored = true;
    this.touched = true;
  }

  /** The recorded steps fill the field until the tester edits it; after that they never overwrite it. */
  applyRecordedSteps(steps: readonly string[]): void {
    if (!this.stepsEdited) this.form.steps = [...steps];
  }

  /** Call on every edit: saves the draft shortly after the tester pauses. */
  scheduleSave(): void {
    this.touched = true;
    clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.saveNow(), SAVE_DELAY_MS);
  }

  /** Something the draft holds changed on its own (a new picture, a new capture): saved only if kept. */
  changed(): void {
    if (this.touched) this.scheduleSave();
  }

  /** Saves a pending change now (the reporter is being hidden and may close). */
  async flush(): Promise<void> {
    if (this.touched) await this.saveNow();
  }

  /** Saves the draft now. */
  async saveNow(): Promise<void> {
    clearTimeout(this.timer);
    const existing = await updateDraft(this.id, (d) => ({ ...d, ...this.fields() }));
    if (!existing) {
      await saveDraft({
        id: this.id,
        tabId: this.tabId,
        createdAt: this.createdAt,
        updatedAt: Date.now(),
        deliveries: [],
        ...this.fields(),
      });
    }
    this.savedAt = Date.now();
  }

  /** Saves the draft with the report built from it, frozen: a retry sends this very zip. */
  async freeze(bundle: ReportBundle): Promise<void> {
    await this.saveNow();
    await updateDraft(this.id, (d) => ({ ...d, bundle, annotatedScreenshot: bundle.screenshot ?? undefined }));
  }

  /** Deletes this draft (the caller starts a new one). */
  async discard(): Promise<void> {
    clearTimeout(this.timer);
    await deleteDraft(this.id);
  }

  /** A new, empty draft with the recorded steps; the one before stays stored as it was. */
  startNew(steps: readonly string[]): void {
    clearTimeout(this.timer);
    this.id = crypto.randomUUID();
    this.createdAt = Date.now();
    this.form = blankForm();
    this.stepsEdited = false;
    if (steps.length) this.form.steps = [...steps];
    this.restored = false;
    this.touched = false;
    this.savedAt = null;
  }

  /** The form and the include switches as plain data. */
  snapshot(): { form: ReportForm; include: IncludeParts } {
    return { form: $state.snapshot(this.form), include: $state.snapshot(this.include) };
  }

  private fields(): Pick<Draft, 'form' | 'include' | 'screenshot' | 'annotations' | 'pageUrl'> {
    const { screenshot, annotations, pageUrl } = this.extras();
    return { ...this.snapshot(), screenshot, annotations, pageUrl };
  }
}
