/**
 * `viewer.html` of a report zip: a page that opens from disk with no extension and no network, showing
 * the replay, console and network from data embedded in the page itself (a `file://` page cannot read
 * the files next to it).
 */
import viewerApp from 'virtual:repro-viewer-app';
import { renderStandaloneHtml, viewerOpeningPieces, viewerRest, type StandaloneViewerInput } from './standalone-html';
import { base64Part } from '../zip/base64-part';
import { joinParts, storedPart, type OpenPart } from '../zip/zip-writer';

export { embedJson, type StandaloneViewerInput } from './standalone-html';

/** Returns the HTML of the offline viewer for one report. */
export async function buildStandaloneViewer(input: StandaloneViewerInput): Promise<string> {
  return renderStandaloneHtml(viewerApp, input);
}

/**
 * The start of the offline viewer, up to and including the recording (its deflated JSON as base64), as
 * an open part of `viewer.html`'s entry: the markup stored as it is, the base64 coded by `base64Part`.
 */
export async function viewerOpeningPart(events: Uint8Array | null): Promise<OpenPart> {
  const [before, base64, after] = await viewerOpeningPieces(viewerApp, events);
  return joinParts([storedPart(before), base64Part(base64), storedPart(after)]);
}

/** The rest of the offline viewer, after `viewerOpeningPart`. */
export function viewerRestHtml(input: Omit<StandaloneViewerInput, 'events' | 'eventsDeflated'>, withEvents: boolean): Promise<string> {
  return viewerRest(viewerApp, input, withEvents);
}
