/**
 * `viewer.html` of a report zip: a page that opens from disk with no extension and no network, showing
 * the replay, console and network from data embedded in the page itself (a `file://` page cannot read
 * the files next to it).
 */
import viewerApp from 'virtual:repro-viewer-app';
import { renderStandaloneHtml, type StandaloneViewerInput } from './standalone-html';

export { embedJson, type StandaloneViewerInput } from './standalone-html';

/** Returns the HTML of the offline viewer for one report. */
export async function buildStandaloneViewer(input: StandaloneViewerInput): Promise<string> {
  return renderStandaloneHtml(viewerApp, input);
}
