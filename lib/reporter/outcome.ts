/** What the reporter says after a download or a send: the one notice line under its actions. */
import type { Tracker } from '../report/drafts';
import type { SendResult } from '../trackers/types';
import { failureView, type FailureView } from './send-messages';

/**
 * `missing`: what the delivered report goes without, in sentences (no screenshot, an unreadable log).
 * `removed`: secrets the last pass of redaction took out of the report before it left.
 */
export type Outcome =
  | { kind: 'downloaded'; fileName: string; missing?: string[]; removed?: number }
  | {
      kind: 'sent';
      tracker: Tracker;
      name: string;
      url?: string;
      key: string;
      attachmentErrors: string[];
      missing?: string[];
      removed?: number;
    }
  | { kind: 'failed'; tracker: Tracker; name: string; view: FailureView }
  | { kind: 'error'; message: string };

/** The outcome of a send to `tracker` (called `name`), as the tracker answered it. */
export function outcomeOf(tracker: Tracker, name: string, result: SendResult, missing: string[] = []): Outcome {
  if (result.ok) {
    return {
      kind: 'sent',
      tracker,
      name,
      ...(result.url ? { url: result.url } : {}),
      key: result.key,
      attachmentErrors: result.attachmentErrors,
      ...(missing.length ? { missing } : {}),
    };
  }
  return { kind: 'failed', tracker, name, view: failureView(result) };
}

/** An error's message without its closing full stop, to go inside a sentence. */
export function errorText(e: unknown): string {
  return (e instanceof Error ? e.message : String(e)).replace(/\.$/, '');
}
