/** Handlers of the protocol's Page events: load timings of the current page, the top frame's id. */
import type { EventHandler } from './context';

function pageTiming(field: 'onContentLoad' | 'onLoad'): EventHandler {
  return ({ state, params, out }) => {
    const page = state.pages.at(-1);
    // A page adopted at attach time has no protocol timestamp to measure its load from.
    if (!page || !page.timestamp) return;
    page[field] = Math.max(0, (Number(params.timestamp) - page.timestamp) * 1000);
    out.pages.push(page);
  };
}

/** `Page.domContentEventFired`. */
export const domContentEventFired = pageTiming('onContentLoad');
/** `Page.loadEventFired`. */
export const loadEventFired = pageTiming('onLoad');

/** `Page.frameNavigated`: a top frame that navigated keeps its id (or takes a new one). */
export const frameNavigated: EventHandler = ({ state, params }) => {
  const frame = params.frame as { id: string; parentId?: string } | undefined;
  if (frame && !frame.parentId) state.mainFrameId = frame.id;
};
