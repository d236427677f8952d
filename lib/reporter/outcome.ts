/** What the reporter says after a download or a send: the one notice line under its actions. */
import type { Tracker } from '../report/drafts';
import type { SendResult } from '../trackers/types';
import { failureView, type FailureView } from './send-messages';

export type Outcome =
  | { kind: 'downloaded'; fileName: string }
  | { kind: 'sent'; tracker: Tracker; url: string; key: string; attachmentErrors: string[] }
  | { kind: 'failed'; tracker: Tracker; view: FailureView }
  | { kind: 'error'; message: string };

/** The outcome of a send, as the tracker answered it. */
export function outcomeOf(tracker: Tracker, result: SendResult): Outcome {
  if (result.ok) return { kind: 'sent', tracker, url: result.url, key: result.key, attachmentErrors: result.attachmentErrors };
  return { kind: 'failed', tracker, view: failureView(result) };
}

/** An error's message without its closing full stop, to go inside a sentence. */
export function errorText(e: unknown): string {
  return (e instanceof Error ? e.message : String(e)).replace(/\.$/, '');
}
