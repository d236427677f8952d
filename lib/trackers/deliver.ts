/**
 * Delivers a draft to a tracker and keeps the draft's delivery record current at every step, so a
 * retry after any failure resumes: it never files a second issue, and uploads only what is missing.
 */
import { browser } from 'wxt/browser';
import { getDraft, updateDraft, type Delivery, type Draft, type Tracker } from '../report/drafts';
import { trustedLink } from './connection';
import { TrackerError } from './errors';
import { readHighlights } from './highlights';
import { connectionOrigin, linkOrigins, trackerById, trackerName, TRACKERS, type Connection } from './registry';
import { defaultConnection, getSecret, hasSecret, listConnections } from './store';
import { attachmentsOf, type DeliveryProgress, type IssueRef, type TrackerClient, type TrackerDefinition } from './tracker';
import type { SendResult } from './types';

/** A client for each registered tracker, by id. */
export type Clients = Record<Tracker, TrackerClient<Connection>>;

function replaceDelivery(draft: Draft, next: Delivery): Draft {
  const others = draft.deliveries.filter((d) => !(d.tracker === next.tracker && d.connectionId === next.connectionId));
  return { ...draft, deliveries: [...others, next] };
}

function findDelivery(draft: Draft, connection: Connection): Delivery | undefined {
  return draft.deliveries.find((d) => d.tracker === connection.tracker && d.connectionId === connection.id);
}

/** Host access to the tracker's origin (asked for when the connection was saved). */
export async function hasHostAccess(connection: Connection): Promise<boolean> {
  return browser.permissions.contains({ origins: [`${connectionOrigin(connection)}/*`] }).catch(() => false);
}

/** Lets each tracker (or `only` one) bring its browser state (request rules) in step with its saved connections. */
export async function syncTrackers(only?: TrackerDefinition<Connection>): Promise<void> {
  const withSync = (only ? [only] : TRACKERS).filter((t) => t.sync);
  if (!withSync.length) return;
  const all = await listConnections();
  for (const tracker of withSync) await tracker.sync?.(all.filter((c) => c.tracker === tracker.id));
}

/** Sends draft `draftId` with the default connection of `tracker`. Never throws: every outcome is a `SendResult`. */
export async function deliverDraft(draftId: string, tracker: Tracker, clients: Clients): Promise<SendResult> {
  const name = trackerName(tracker);
  const draft = await getDraft(draftId);
  if (!draft)
    return { ok: false, kind: 'unknown', message: 'This report is no longer saved (it was deleted), so there is nothing to send.' };
  const bundle = draft.bundle;
  if (!bundle) return { ok: false, kind: 'unknown', message: 'The report has not been built yet. Build it, then send it again.' };
  const connection = await defaultConnection(tracker);
  if (!connection)
    return { ok: false, kind: 'not-configured', message: `No ${name} connection is set up yet. Add one in Repro's settings.` };
  const definition = trackerById(tracker);
  const client = clients[tracker];
  if (!definition || !client) return { ok: false, kind: 'not-configured', message: `Repro cannot send to ${name}: no such tracker.` };
  const stored = await getSecret(connection);
  if (!stored && (await hasSecret(connection.id))) {
    return {
      ok: false,
      kind: 'not-configured',
      message: `The ${name} token was saved for another address. Enter it again in Repro's settings (the report is kept).`,
    };
  }
  if (!stored && !definition.secret.optional) {
    return {
      ok: false,
      kind: 'not-configured',
      message: `The ${name} token was forgotten. Enter it again in Repro's settings (the report is kept).`,
    };
  }
  // An optional secret (a webhook's signing secret) that is not set: the client sends unsigned.
  const secret = stored ?? { token: '' };
  if (!(await hasHostAccess(connection))) {
    return {
      ok: false,
      kind: 'not-configured',
      message: `Repro has no access to ${connectionOrigin(connection)}. Save the connection again in Repro's settings and allow access (the report is kept).`,
    };
  }
  await syncTrackers(definition);

  const previous = findDelivery(draft, connection);
  const allFiles = (definition.attachments?.(bundle, connection) ?? attachmentsOf(bundle)).map((f) => f.name);
  // Tracker answers are untrusted: only a link on the connection's own origin is kept or shown.
  const trusted = (ref: IssueRef): IssueRef => {
    const url = ref.url ? trustedLink(ref.url, linkOrigins(connection)) : undefined;
    return url ? { key: ref.key, url } : { key: ref.key };
  };
  const created: IssueRef | undefined = previous?.key ? trusted({ url: previous.url, key: previous.key }) : undefined;
  if (created && previous?.status === 'complete') return { ok: true, ...created, attachmentErrors: [] };
  let pending = created ? (previous?.pendingAttachments ?? allFiles) : allFiles;
  const failures = new Map<string, string>();
  const record = (change: Partial<Delivery>) =>
    updateDraft(draftId, (d) => {
      const base: Delivery = findDelivery(d, connection) ?? { tracker, connectionId: connection.id, status: 'pending', at: Date.now() };
      return replaceDelivery(d, { ...base, ...change, at: Date.now() });
    });

  const progress: DeliveryProgress = {
    created,
    reportId: draftId,
    // An attempt that got as far as sending the issue, without a recorded answer, may have created it.
    mayExist: !created && previous !== undefined && previous.attempted === true,
    pending,
    async onCreated(answered) {
      const ref = trusted(answered);
      await record({ status: 'created', url: ref.url, key: ref.key, pendingAttachments: pending, error: undefined });
    },
    async onAttached(file) {
      pending = pending.filter((n) => n !== file);
      await record({ pendingAttachments: pending });
    },
    async onAttachmentFailed(file, message) {
      failures.set(file, message);
    },
  };

  await record({ status: created ? 'created' : 'pending', attempted: true });
  let ref: IssueRef;
  try {
    ref = trusted(await client.send({ ...bundle, highlights: await readHighlights(bundle) }, { connection, secret }, progress));
  } catch (error) {
    const failure =
      error instanceof TrackerError
        ? error.toResult()
        : ({ ok: false, kind: 'unknown', message: `Sending to ${name} failed: ${String(error)}` } as const);
    // The issue may exist from an earlier attempt: keep that, only note the error. A refusal (4xx) says
    // nothing was created; a lost answer does not.
    const refused = ['bad-request', 'unauthorized', 'forbidden', 'not-found', 'too-large', 'rate-limited', 'not-configured'].includes(
      failure.kind,
    );
    await record(created ? { error: failure.message } : { status: 'failed', error: failure.message, attempted: !refused });
    return failure;
  }
  const attachmentErrors = [...failures].map(([file, message]) => `${file}: ${message}`);
  await record({
    status: pending.length ? 'created' : 'complete',
    url: ref.url,
    key: ref.key,
    pendingAttachments: pending,
    error: attachmentErrors.length ? attachmentErrors.join('\n') : undefined,
  });
  return { ok: true, ...ref, attachmentErrors };
}
