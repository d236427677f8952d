/**
 * Messages from the page's own world (MAIN-world recorder, or the app under test) to the isolated
 * content script, over `window.postMessage`. The page is untrusted: every message is data to validate,
 * never a command, and the only thing any of them can do is add to the recording.
 */
import * as v from 'valibot';

export const PAGE_NAMESPACE = 'repro:page';

export const pageMessageSchema = v.variant('type', [
  /** The MAIN-world recorder is live in this document. */
  v.object({ ns: v.literal(PAGE_NAMESPACE), type: v.literal('ready'), href: v.pipe(v.string(), v.maxLength(8192)) }),
]);

export type PageMessage = v.InferOutput<typeof pageMessageSchema>;

/** Parses a `message` event's data as a page message, or returns null. */
export function parsePageMessage(data: unknown): PageMessage | null {
  const parsed = v.safeParse(pageMessageSchema, data);
  return parsed.success ? parsed.output : null;
}
