/** Assembles a HAR 1.2 document from stored pages and entries. Pure. */
import type { Entry, Har, Page } from 'har-format';

/**
 * A HAR log: entries sorted by start time, each pointing at the latest page that started before it,
 * and only the pages some entry or the window still covers.
 */
export function buildHar(pages: Page[], entries: Entry[], version: string): Har {
  const sortedPages = [...pages].sort((a, b) => a.startedDateTime.localeCompare(b.startedDateTime));
  const sorted = [...entries].sort((a, b) => Date.parse(a.startedDateTime) - Date.parse(b.startedDateTime));
  let p = -1;
  const withPages = sorted.map((entry) => {
    const start = Date.parse(entry.startedDateTime);
    while (p + 1 < sortedPages.length && Date.parse(sortedPages[p + 1]!.startedDateTime) <= start) p++;
    const page = sortedPages[p];
    const { pageref: _old, ...rest } = entry;
    return page ? { pageref: page.id, ...rest } : rest;
  });
  return {
    log: {
      version: '1.2',
      creator: { name: 'Repro', version },
      pages: sortedPages,
      entries: withPages as Entry[],
    },
  };
}
