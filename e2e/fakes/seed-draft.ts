/**
 * Puts a draft with a built bundle into the extension's `repro-reports` database from an extension
 * page, as the popup does before it asks the worker to send. The bundle is the one unit tests use.
 */
import type { Page } from '@playwright/test';
import { sampleBundle, sampleReport } from '../../lib/trackers/sample-bundle';
import type { ReportJson } from '../../lib/model/report';

export async function seedDraft(page: Page, id: string, report: ReportJson = sampleReport()): Promise<void> {
  const bundle = await sampleBundle(report);
  const bytes = {
    zip: Array.from(new Uint8Array(await bundle.zip.arrayBuffer())),
    screenshot: Array.from(new Uint8Array(await bundle.screenshot!.arrayBuffer())),
  };
  await page.evaluate(
    async ({ id, fileName, report, markdown, bytes }) => {
      const db = await new Promise<IDBDatabase>((resolve, reject) => {
        const open = indexedDB.open('repro-reports', 1);
        // Same schema as lib/report/drafts.ts, for a profile where no draft was stored yet.
        open.onupgradeneeded = () => {
          const store = open.result.createObjectStore('drafts', { keyPath: 'id' });
          store.createIndex('byTab', 'tabId');
          store.createIndex('byUpdated', 'updatedAt');
        };
        open.onsuccess = () => resolve(open.result);
        open.onerror = () => reject(open.error);
      });
      const draft = {
        id,
        tabId: 1,
        pageUrl: report.page.url,
        createdAt: Date.now(),
        updatedAt: Date.now(),
        form: report,
        include: { replay: true, console: true, network: true, screenshot: true },
        bundle: {
          fileName,
          report,
          markdown,
          zip: new Blob([new Uint8Array(bytes.zip)], { type: 'application/zip' }),
          screenshot: new Blob([new Uint8Array(bytes.screenshot)], { type: 'image/png' }),
        },
        deliveries: [],
      };
      await new Promise<void>((resolve, reject) => {
        const tx = db.transaction('drafts', 'readwrite');
        tx.objectStore('drafts').put(draft);
        tx.oncomplete = () => resolve();
        tx.onerror = () => reject(tx.error);
      });
      db.close();
    },
    { id, fileName: bundle.fileName, report: bundle.report, markdown: bundle.markdown, bytes },
  );
}

/** Reads a draft back (its deliveries) from an extension page. */
export async function readDraft(
  page: Page,
  id: string,
): Promise<{ deliveries: { status: string; key?: string; pendingAttachments?: string[]; error?: string }[]; hasBundle: boolean } | null> {
  return page.evaluate(async (draftId) => {
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const open = indexedDB.open('repro-reports', 1);
      open.onsuccess = () => resolve(open.result);
      open.onerror = () => reject(open.error);
    });
    const draft = await new Promise<{ deliveries: never[]; bundle?: { zip: Blob } } | undefined>((resolve) => {
      const req = db.transaction('drafts').objectStore('drafts').get(draftId);
      req.onsuccess = () => resolve(req.result);
    });
    db.close();
    return draft ? { deliveries: draft.deliveries, hasBundle: draft.bundle?.zip instanceof Blob } : null;
  }, id);
}

/** Sends a protocol message from an extension page, as the popup does. */
export function sendFrom<T>(page: Page, type: string, data: unknown): Promise<T> {
  return page.evaluate(([t, d]) => chrome.runtime.sendMessage({ repro: 1, type: t, data: d }), [type, data] as const) as Promise<T>;
}
