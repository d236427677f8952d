import { afterEach, describe, expect, it } from 'vitest';
import { UNKNOWN_SCROLL_HISTORY, watchScrollHistory } from './scroll-history';

/** Watches from a document that is still loading, as at `document_start`. */
function watchFromStart() {
  Object.defineProperty(document, 'readyState', { value: 'loading', configurable: true });
  try {
    return watchScrollHistory(window);
  } finally {
    delete (document as unknown as Record<string, unknown>).readyState;
  }
}

describe('watchScrollHistory', () => {
  afterEach(() => {
    document.body.innerHTML = '';
  });

  it('knows an element never scrolled from one scrolled, however the page handles the event', () => {
    const history = watchFromStart();
    document.body.innerHTML = '<div id="list"><p id="row">row</p></div><div id="other"></div>';
    const list = document.getElementById('list')!;
    const other = document.getElementById('other')!;
    // The page stops the event at the element's parent: the window saw it first, on its way in.
    document.body.addEventListener('scroll', (e) => e.stopPropagation(), { capture: true });
    list.dispatchEvent(new Event('scroll'));
    expect(history.mayBeScrolled(list)).toBe(true);
    expect(history.mayBeScrolled(other)).toBe(false);
    expect(history.mayBeScrolled(document.getElementById('row')!)).toBe(false);
  });

  it('always reads the root and body (the viewport’s offsets) and elements in shadow trees or detached', () => {
    const history = watchFromStart();
    const host = document.createElement('div');
    document.body.append(host);
    const inside = host.attachShadow({ mode: 'open' }).appendChild(document.createElement('div'));
    expect(history.mayBeScrolled(document.documentElement)).toBe(true);
    expect(history.mayBeScrolled(document.body)).toBe(true);
    expect(history.mayBeScrolled(inside)).toBe(true);
    expect(history.mayBeScrolled(document.createElement('div'))).toBe(true);
    expect(history.mayBeScrolled(host)).toBe(false);
  });

  it('knows nothing when it starts after the document was parsed', () => {
    expect(document.readyState).not.toBe('loading');
    const history = watchScrollHistory(window);
    expect(history).toBe(UNKNOWN_SCROLL_HISTORY);
    document.body.innerHTML = '<div id="a"></div>';
    expect(history.mayBeScrolled(document.getElementById('a')!)).toBe(true);
  });
});
