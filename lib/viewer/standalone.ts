/**
 * `viewer.html` of a report zip: a page that opens from disk with no extension and no network, showing
 * the replay, console and network from data embedded in the page itself (a `file://` page cannot read
 * the files next to it).
 */
import type { Har } from 'har-format';
import viewerApp from 'virtual:repro-viewer-app';
import type { ConsoleEntry, ReportJson } from '../report/model';
import { renderStandaloneHtml } from './standalone-html';

export { embedJson } from './standalone-html';

export interface StandaloneViewerInput {
  report: ReportJson;
  /** rrweb events, or null when the replay was left out. */
  events: unknown[] | null;
  console: ConsoleEntry[] | null;
  har: Har | null;
  /** Optional: the screenshot, embedded so the Screenshot tab works offline too. */
  screenshot?: Blob | null;
}

/** Returns the HTML of the offline viewer for one report. */
export async function buildStandaloneViewer(input: StandaloneViewerInput): Promise<string> {
  return renderStandaloneHtml(viewerApp, input);
}
