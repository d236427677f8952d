/**
 * `viewer.html` of a report zip: a page that opens from disk with no extension and no network, showing
 * the replay, console and network from data embedded in the page itself (a `file://` page cannot read
 * the files next to it).
 */
import viewerApp from 'virtual:repro-viewer-app';
import { renderStandaloneHtml, viewerOpening, viewerRest, type StandaloneViewerInput } from './standalone-html';

export { embedJson, type StandaloneViewerInput } from './standalone-html';

/** Returns the HTML of the offline viewer for one report. */
export async function buildStandaloneViewer(input: StandaloneViewerInput): Promise<string> {
  return renderStandaloneHtml(viewerApp, input);
}

/** The start of the offline viewer as UTF-8, up to and including the recording (its deflated JSON). */
export function viewerOpeningHtml(events: Uint8Array | null): Promise<Uint8Array> {
  return viewerOpening(viewerApp, events);
}

/** The rest of the offline viewer, after `viewerOpeningHtml`. */
export function viewerRestHtml(input: Omit<StandaloneViewerInput, 'events' | 'eventsDeflated'>, withEvents: boolean): Promise<string> {
  return viewerRest(viewerApp, input, withEvents);
}
