/**
 * Which elements of the document may have been scrolled, so the first snapshot reads scroll offsets only
 * where they can be other than 0. rrweb reads `scrollLeft` and `scrollTop` of every element it
 * serializes; in a snapshot taken in slices the page changes between slices, and the first read of each
 * slice then lays the whole page out again (on a 60k-node page, about a fifth of the snapshot's script).
 *
 * An element's scroll offset never changes without a `scroll` event at it, and that event passes the
 * window on its way in (capture phase). Listening there from `document_start`, before any page script
 * can add a listener that stops it, sees every element of the document ever scrolled. Elements in shadow
 * trees are always read: their scroll events stay inside the tree. So is everything when the listener
 * came late (the recorder injected into a page already loaded), and the root and body, whose offsets
 * are the viewport's. Page-safe.
 */

export interface ScrollHistory {
  /** False only when the element has certainly never been scrolled: its scroll offsets are 0. */
  mayBeScrolled(element: Element): boolean;
}

/** Reads every element: nothing is known of scrolls before now. */
export const UNKNOWN_SCROLL_HISTORY: ScrollHistory = { mayBeScrolled: () => true };

/** Starts watching `win`'s scroll events; call it at `document_start`. */
export function watchScrollHistory(win: Window): ScrollHistory {
  const doc = win.document;
  // Injected after parsing began: a scroll may already have happened unseen.
  if (doc.readyState !== 'loading') return UNKNOWN_SCROLL_HISTORY;
  const scrolled = new WeakSet<EventTarget>();
  win.addEventListener(
    'scroll',
    (event) => {
      if (event.target) scrolled.add(event.target);
    },
    { capture: true, passive: true },
  );
  return {
    mayBeScrolled(element) {
      if (scrolled.has(element)) return true;
      if (element === doc.documentElement || element === doc.body || element === doc.scrollingElement) return true;
      // Not in this document's own tree: a shadow tree, or detached.
      return element.getRootNode() !== doc;
    },
  };
}
