/**
 * Packs report zips in a dedicated worker, one per reporter: it starts when the reporter opens, packs
 * each capture as soon as the reporter has read it (while the tester writes), and each report of that
 * capture only adds the form.
 */
import { noExtraRules } from '../redact';
import { rulesChangedSinceRecording } from '../recording/rules-changed';
import { getRedactionRules } from '../settings/redaction';
import type { CaptureInput, FormInput, LastPassOptions, ZipOutput } from './zip';
import type { ZipWorkerReply, ZipWorkerRequest } from './zip-worker';

/** The tester's rules now, and whether the recording must be read again with them. */
async function lastPassOptions(): Promise<LastPassOptions> {
  const [rules, recheckRecording] = await Promise.all([getRedactionRules(), rulesChangedSinceRecording()]);
  return { rules, recheckRecording };
}

export class ReportPacker {
  private readonly worker: Worker;
  private readonly waiting = new Map<number, { resolve: (out: ZipOutput) => void; reject: (error: Error) => void }>();
  private nextId = 1;
  /** Set once the worker broke or was closed: every later pack fails with it. */
  private broken: Error | null = null;
  /** Requests go out in order, each once the one before is sent (a prepare waits for the rules). */
  private sent: Promise<void> = Promise.resolve();

  constructor() {
    this.worker = new Worker(new URL('./zip-worker.ts', import.meta.url), { type: 'module' });
    this.worker.onmessage = (event: MessageEvent<ZipWorkerReply>) => {
      const reply = event.data;
      const waiter = this.waiting.get(reply.id);
      if (!waiter) return;
      this.waiting.delete(reply.id);
      if (reply.ok) waiter.resolve({ zip: reply.zip, markdown: reply.markdown, report: reply.report, removed: reply.removed });
      else waiter.reject(new Error(reply.error));
    };
    this.worker.onerror = (event) => this.fail(new Error(event.message || 'The zip worker failed to start.'));
    this.worker.onmessageerror = () => this.fail(new Error('The zip worker could not read its data.'));
  }

  /** Starts packing `capture`; later packs use it, in place of any capture before. */
  prepare(capture: CaptureInput): void {
    const pass = lastPassOptions().catch((): LastPassOptions => ({ rules: noExtraRules, recheckRecording: false }));
    this.sent = this.sent.then(async () => this.send({ kind: 'prepare', capture, pass: await pass }));
  }

  /** The zip of the prepared capture with this form; rejects with the worker's own message on failure. */
  pack(form: FormInput): Promise<ZipOutput> {
    if (this.broken) return Promise.reject(this.broken);
    const id = this.nextId++;
    return new Promise<ZipOutput>((resolve, reject) => {
      this.waiting.set(id, { resolve, reject });
      this.sent = this.sent.then(() => this.send({ kind: 'pack', id, form }));
    });
  }

  /** Ends the worker; packs still waiting fail. */
  close(): void {
    this.fail(new Error('The zip worker was closed.'));
  }

  private send(request: ZipWorkerRequest): void {
    try {
      this.worker.postMessage(request);
    } catch (error) {
      this.fail(error instanceof Error ? error : new Error(String(error)));
    }
  }

  private fail(error: Error): void {
    this.broken ??= error;
    this.worker.terminate();
    for (const waiter of this.waiting.values()) waiter.reject(error);
    this.waiting.clear();
  }
}
