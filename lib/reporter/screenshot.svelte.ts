/**
 * The reporter's screenshot and its annotations: taken by the worker when the reporter opens, retaken or
 * widened to the full page on request, drawn on with an undoable history, exported with the shapes burnt in.
 */
import { screenshotMessages } from '../screenshot/messages';
import { addShape, clearShapes, emptyHistory, redo, undo, type History, type Shape } from '../screenshot/annotations';
import { exportAnnotated } from '../screenshot/annotations-draw';
import type { ScreenshotResult } from '../screenshot/screenshot';
import { errorText } from './outcome';

/** What the draft keeps of the annotations, so the editor can reopen them. */
export interface SavedAnnotations {
  shapes?: Shape[];
  keepOriginal?: boolean;
}

export interface ScreenshotHooks {
  /** The tester drew or undid something. */
  edited(): void;
  /** A new picture replaced the old one (not a tester's edit by itself). */
  replaced(): void;
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

export class ScreenshotState {
  blob = $state.raw<Blob | null>(null);
  url = $state<string | null>(null);
  size = $state<{ width: number; height: number } | null>(null);
  error = $state<string | null>(null);
  /** Said beside the screenshot: a full page cut at the limit, or why a full-page capture failed. */
  note = $state<string | null>(null);
  history = $state.raw<History>(emptyHistory());
  /** Keep the unannotated screenshot in the zip too. */
  keepOriginal = $state(false);
  /** A picture is being taken or read: a report asked for now waits for it. */
  taking = $state(false);

  private inflight = new Set<Promise<unknown>>();

  constructor(
    readonly tabId: number,
    private readonly hooks: ScreenshotHooks,
  ) {}

  /** Asks the worker for a picture of the tab; a failure comes back as an answer, never thrown. */
  async request(fullPage = false): Promise<ScreenshotResult> {
    try {
      return await screenshotMessages.send('screenshot:take', { tabId: this.tabId, ...(fullPage ? { fullPage } : {}) });
    } catch (e) {
      return { ok: false, message: `The screenshot could not be taken: ${errorText(e)}` };
    }
  }

  /** Shows a capture's result: the new picture (annotations cleared), or why there is none. */
  async apply(result: ScreenshotResult): Promise<void> {
    if (!result.ok) {
      this.error = result.message;
      return;
    }
    this.error = null;
    await this.set(dataUrlToBlob(result.dataUrl));
    if (this.history.present.length) this.history = clearShapes(this.history);
    this.hooks.replaced();
  }

  /** Shows `blob` (a capture, or the one a restored draft kept). */
  async set(blob: Blob): Promise<void> {
    if (this.url) URL.revokeObjectURL(this.url);
    this.blob = blob;
    this.url = URL.createObjectURL(blob);
    this.size = await imageSize(blob).catch(() => null);
  }

  /** Reopens what a draft kept: its picture, if any, and its shapes. */
  restore(blob: Blob | undefined, saved: SavedAnnotations | undefined): void {
    this.history = emptyHistory(saved?.shapes ?? []);
    this.keepOriginal = Boolean(saved?.keepOriginal);
    if (blob) void this.track(this.set(blob));
  }

  /** Takes (or retakes) the screenshot of the tab; annotations are cleared on a retake. */
  take(): Promise<void> {
    this.error = null;
    this.note = null;
    return this.track(this.request().then((result) => this.apply(result)));
  }

  /** The whole page beyond the viewport (Chromium), replacing the screenshot and its annotations. */
  takeFullPage(): Promise<void> {
    this.note = null;
    return this.track(
      this.request(true).then(async (result) => {
        // A failed full-page capture keeps the viewport screenshot and says why.
        if (!result.ok) {
          this.note = result.message;
          return;
        }
        await this.apply(result);
        this.note = result.note ?? null;
      }),
    );
  }

  /** Counts `work` as a picture on its way until it settles (see `settled`). */
  track<T>(work: Promise<T>): Promise<T> {
    this.inflight.add(work);
    this.taking = true;
    const done = () => {
      this.inflight.delete(work);
      this.taking = this.inflight.size > 0;
    };
    work.then(done, done);
    return work;
  }

  /** Resolves once no picture is on its way (a report waits here rather than go without one). */
  async settled(): Promise<void> {
    while (this.inflight.size) await Promise.allSettled([...this.inflight]);
  }

  // Annotation editing (undoable).
  addShape(shape: Shape): void {
    // The editor hands over its own reactive object; store plain data (IndexedDB cannot clone proxies).
    this.history = addShape(this.history, $state.snapshot(shape) as Shape);
    this.hooks.edited();
  }
  undo(): void {
    this.history = undo(this.history);
    this.hooks.edited();
  }
  redo(): void {
    this.history = redo(this.history);
    this.hooks.edited();
  }
  clearAnnotations(): void {
    this.history = clearShapes(this.history);
    this.hooks.edited();
  }

  /** Empty annotations for a new report (the picture is retaken by the caller). */
  resetAnnotations(): void {
    this.history = emptyHistory();
  }

  /** The annotations as the draft keeps them (plain data). */
  saved(): SavedAnnotations {
    return $state.snapshot({ shapes: this.history.present, keepOriginal: this.keepOriginal }) as SavedAnnotations;
  }

  /** Whether the unannotated screenshot goes in the zip beside the annotated one. */
  get keepsOriginal(): boolean {
    return this.keepOriginal && this.history.present.length > 0;
  }

  /** The picture for the report, with the shapes burnt in; null when there is none. */
  async exported(): Promise<Blob | null> {
    if (!this.blob) return null;
    return this.history.present.length ? exportAnnotated(this.blob, this.history.present) : this.blob;
  }
}
