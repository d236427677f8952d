/**
 * Report drafts: what the tester is writing, kept until the report is delivered or discarded, so
 * closing the popup, a tracker error or a worker restart loses nothing. Extension-origin IndexedDB,
 * shared by the popup and the worker, never readable by content scripts or pages.
 */
import type { DBSchema } from 'idb';
import { DATABASES } from '../storage/databases';
import { lazyDb } from '../storage/lazy-db';
import type { IncludeParts, ReportForm, ReportJson } from '../model/report';

/** A tracker's id, as registered in lib/trackers/registry.ts (drafts keep it as stored text). */
export type Tracker = string;

/** The outcome of one attempt to deliver a draft to a tracker. */
export interface Delivery {
  tracker: Tracker;
  connectionId: string;
  /** `created` once the issue exists; `complete` once its attachments are there too. */
  status: 'pending' | 'created' | 'complete' | 'failed';
  /** Link and key of the created issue (present from `created` on; never create a second one). */
  url?: string;
  key?: string;
  /** Names of attachments still to upload after a partial failure. */
  pendingAttachments?: string[];
  error?: string;
  /**
   * True when an attempt may have created the issue without the answer arriving (offline, timeout, a
   * server error, the worker stopping mid-request): the next attempt looks for it before creating one.
   */
  attempted?: boolean;
  at: number;
}

/** The built report, frozen when the tester asked to download or send it. */
export interface ReportBundle {
  fileName: string;
  report: ReportJson;
  /** The zip (every included part). */
  zip: Blob;
  /** The annotated screenshot on its own (trackers show it inline), or null when left out. */
  screenshot: Blob | null;
  /** `README.md` of the zip: the report for humans. */
  markdown: string;
}

export interface Draft {
  id: string;
  tabId: number;
  pageUrl: string;
  createdAt: number;
  updatedAt: number;
  form: ReportForm;
  include: IncludeParts;
  /** Screenshot as captured (PNG), and the annotated export. */
  screenshot?: Blob;
  annotatedScreenshot?: Blob;
  /** Annotation shapes, so the editor can reopen them. */
  annotations?: unknown;
  bundle?: ReportBundle;
  deliveries: Delivery[];
  /** Downloaded as a zip at least once. */
  downloaded?: boolean;
}

interface ReportsDb extends DBSchema {
  drafts: { key: string; value: Draft; indexes: { byTab: number; byUpdated: number } };
}

const store = lazyDb<ReportsDb>(DATABASES.reports, 1, (database) => {
  const drafts = database.createObjectStore('drafts', { keyPath: 'id' });
  drafts.createIndex('byTab', 'tabId');
  drafts.createIndex('byUpdated', 'updatedAt');
});
const db = store.get;

/** Closes the connection (tests, and before deleting the database). */
export const closeDraftsDb = store.close;

export async function saveDraft(draft: Draft): Promise<void> {
  await (await db()).put('drafts', { ...draft, updatedAt: Date.now() });
}

export async function getDraft(id: string): Promise<Draft | undefined> {
  return (await db()).get('drafts', id);
}

/** Drafts, newest first. */
export async function listDrafts(): Promise<Draft[]> {
  return (await (await db()).getAllFromIndex('drafts', 'byUpdated')).reverse();
}

/** The open draft for a tab, if any (newest first). */
export async function draftForTab(tabId: number): Promise<Draft | undefined> {
  const all = await (await db()).getAllFromIndex('drafts', 'byTab', tabId);
  return all.sort((a, b) => b.updatedAt - a.updatedAt)[0];
}

export async function deleteDraft(id: string): Promise<void> {
  await (await db()).delete('drafts', id);
}

/** Applies `change` to a stored draft atomically (read-modify-write in one transaction). */
export async function updateDraft(id: string, change: (draft: Draft) => Draft): Promise<Draft | undefined> {
  const tx = (await db()).transaction('drafts', 'readwrite');
  const current = await tx.store.get(id);
  if (!current) {
    await tx.done;
    return undefined;
  }
  const next = { ...change(current), updatedAt: Date.now() };
  await tx.store.put(next);
  await tx.done;
  return next;
}

/** The report reached its destination: downloaded, or filed with every attachment. */
export function isDelivered(draft: Draft): boolean {
  return Boolean(draft.downloaded) || draft.deliveries.some((d) => d.status === 'complete');
}

/** Built (download or send was asked for) but not delivered yet: listed with Retry and Download instead. */
export function isPending(draft: Draft): boolean {
  return draft.bundle !== undefined && !isDelivered(draft);
}

/** The tracker of the last delivery attempt, which "Retry" repeats. */
export function lastTracker(draft: Draft): Tracker | null {
  return draft.deliveries[draft.deliveries.length - 1]?.tracker ?? null;
}
