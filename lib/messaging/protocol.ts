/**
 * Every runtime message exchanged between extension contexts, declared once.
 *
 * Each message has a name `area:verb`, the shape of its data (a valibot schema, checked at the door),
 * who may send it, and the type of its answer. Handlers are registered with `handle()` from
 * `./runtime`, which refuses anything that fails the schema or comes from the wrong sender.
 *
 * Areas keep their own section below so that the map reads like a table of contents of the product.
 */
import * as v from 'valibot';
import { connectionSchema } from '../trackers/connection';
import type { ConnectionView, ProjectsAnswer, TestAnswer } from '../trackers/views';
import type { IntegrationStatus, SendResult } from '../trackers/types';
import type { NetworkStatus } from '../network/status';
import type { DeleteAllSummary } from '../privacy/delete-all';
import type { ImportResult, SettingsFile } from '../privacy/settings-file';
import type { RecorderConfig } from '../page/rrweb-options';
import type { RedactionRules } from '../redact/redact';
import type { CaptureDiagnostics } from '../recording/diagnostics';
import type { TabStatus } from '../recording/status';
import type { ScreenshotResult } from '../screenshot/screenshot';
import { CONSOLE_JSON_LIMIT, consoleEntrySchema, recordingGapSchema, stepSchema } from '../page/protocol';

/** Who may send a message. `page` (a web page) is never allowed: pages talk only through `page-protocol`. */
export type SenderRule =
  /** An extension page (popup, options, viewer), including one opened in a tab. */
  | 'extension-page'
  /** A content script of this extension, in any frame of a tab. */
  | 'content-script'
  /** A content script of this extension in the top frame of a tab. */
  | 'content-script-top'
  /** The background service worker (for messages the worker sends to content scripts). */
  | 'background';

const tabId = v.pipe(v.number(), v.integer(), v.minValue(0));

/** A message definition: schema of its data, sender rule, and (as a phantom) the result type. */
export interface MessageDef<TSchema extends v.GenericSchema, TResult> {
  data: TSchema;
  from: SenderRule;
  /** Never read at runtime; carries the answer's type. */
  result?: TResult;
}

function message<TResult>() {
  return <TSchema extends v.GenericSchema>(data: TSchema, from: SenderRule): MessageDef<TSchema, TResult> => ({
    data,
    from,
  });
}

// ---------------------------------------------------------------------------------------------------
// capture: the rolling buffer and repro recording in a tab (content scripts ⇄ worker ⇄ popup)
// ---------------------------------------------------------------------------------------------------
const counter = v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(1_000_000));
const scalar = v.union([v.pipe(v.string(), v.maxLength(1000)), v.number(), v.boolean(), v.null()]);

export const captureMessages = {
  /**
   * A content script announces itself; the worker answers whether to record, and with which recorder
   * settings (the page world gets them through its port).
   */
  'capture:hello': message<{ record: boolean; config?: RecorderConfig; rules?: RedactionRules }>()(
    v.object({ url: v.pipe(v.string(), v.maxLength(8192)), title: v.pipe(v.string(), v.maxLength(2048)) }),
    'content-script',
  ),
  /** Recording state of a tab, for the popup and the badge. */
  'capture:status': message<TabStatus>()(v.object({ tabId }), 'extension-page'),
  /**
   * Recorded data of one page, in order. Steps, the app's console lines and the page address come
   * validated (and redacted) by the isolated script; events and the recorder's console lines
   * (`consoleJson`, one JSON array) travel as the text the page world wrote, which the worker parses,
   * checks and redacts before storing it.
   * One batch of the page may come as several parts (`part` counts from 0, `more` says another follows):
   * Chromium copies a message over 64 KiB through shared memory, which costs the page about 2 ms more
   * each time, so the relay keeps every part under that, cutting a large event's text across parts
   * (`cont`: its text goes on in the next event) and the console text across the first parts (each
   * carries its piece). The worker joins the parts before it handles the batch.
   * The answer says whether the page should go on recording.
   */
  'capture:batch': message<{ record: boolean }>()(
    v.object({
      pageId: v.pipe(v.string(), v.minLength(1), v.maxLength(64)),
      url: v.pipe(v.string(), v.maxLength(8192)),
      title: v.pipe(v.string(), v.maxLength(2048)),
      events: v.pipe(
        v.array(
          v.object({
            t: v.pipe(v.number(), v.finite()),
            type: v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(6)),
            json: v.pipe(v.string(), v.maxLength(48 * 1024 * 1024)),
            cont: v.optional(v.literal(true)),
          }),
        ),
        v.maxLength(5000),
      ),
      console: v.pipe(
        v.array(v.object({ ...consoleEntrySchema.entries, source: v.optional(v.picklist(['console', 'error', 'rejection', 'page'])) })),
        v.maxLength(1000),
      ),
      consoleJson: v.optional(v.pipe(v.string(), v.maxLength(CONSOLE_JSON_LIMIT))),
      steps: v.pipe(v.array(stepSchema), v.maxLength(500)),
      gaps: v.pipe(v.array(recordingGapSchema), v.maxLength(50)),
      custom: v.pipe(v.record(v.pipe(v.string(), v.maxLength(100)), scalar), v.check((r) => Object.keys(r).length <= 50)),
      diagnostics: v.object({ pageErrors: counter, forged: counter, dropped: counter }),
      part: v.optional(v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(100_000))),
      more: v.optional(v.literal(true)),
    }),
    'content-script',
  ),
  /**
   * Has the tab's recorder hand over what it still holds (the reporter asks before it reads the
   * recording, so the last seconds before the click are in the report). False when the tab has no
   * live recorder or it did not answer in time: the report then has what was stored.
   */
  'capture:flush': message<{ flushed: boolean }>()(v.object({ tabId }), 'extension-page'),
  /** "Start recording" a repro on one tab (injects the recorder there if the site is not allowed). */
  'capture:start-repro': message<TabStatus>()(v.object({ tabId }), 'extension-page'),
  /** Stops the repro of a tab; what it recorded stays for the report. */
  'capture:stop-repro': message<TabStatus>()(v.object({ tabId }), 'extension-page'),
  /** Counts of errors kept from pages, forged page messages, and dropped data, for the options page. */
  'capture:diagnostics': message<CaptureDiagnostics>()(v.object({}), 'extension-page'),
} as const;

// ---------------------------------------------------------------------------------------------------
// network: devtools-protocol capture of the recorded tab's traffic
// ---------------------------------------------------------------------------------------------------
export const networkMessages = {
  /** Whether the tab's traffic is being captured, and why not (site off, debugger bar closed …). */
  'network:status': message<NetworkStatus>()(v.object({ tabId }), 'extension-page'),
  /** Turns network capture on or off for one site (the popup's per-site switch). */
  'network:set-site': message<{ ok: true }>()(
    v.object({ origin: v.pipe(v.string(), v.url(), v.maxLength(2048)), enabled: v.boolean() }),
    'extension-page',
  ),
} as const;

// ---------------------------------------------------------------------------------------------------
// report: screenshot, drafts, building and downloading the report zip
// ---------------------------------------------------------------------------------------------------
export const reportMessages = {
  /** A PNG of the tab as it looks now (queued: the browser allows two captures a second). */
  'report:screenshot': message<ScreenshotResult>()(v.object({ tabId, fullPage: v.optional(v.boolean()) }), 'extension-page'),
} as const;

// ---------------------------------------------------------------------------------------------------
// integrations: Jira and GitHub connections and sending
// ---------------------------------------------------------------------------------------------------
const connectionId = v.pipe(v.string(), v.minLength(1), v.maxLength(64));
const connectionToken = v.pipe(v.string(), v.maxLength(4096));

export const integrationMessages = {
  /** Which trackers have a default connection (the popup enables its Send buttons from this). */
  'integrations:status': message<IntegrationStatus>()(v.object({}), 'extension-page'),
  /** Sends a draft (whose bundle is built) to a tracker; safe to retry, never creates duplicates. */
  'integrations:send': message<SendResult>()(
    v.object({ draftId: v.pipe(v.string(), v.minLength(1), v.maxLength(128)), tracker: v.picklist(['jira', 'github']) }),
    'extension-page',
  ),
  /** Saved connections of every tracker, without tokens (only whether one is stored). */
  'integrations:list': message<ConnectionView[]>()(v.object({}), 'extension-page'),
  /** Saves a connection (and its token when one is given); host access must be granted first. */
  'integrations:save': message<ConnectionView[]>()(v.object({ connection: connectionSchema, token: v.optional(connectionToken) }), 'extension-page'),
  /** Tries a connection as filled in (token given, or the saved one): who you are, what you may do. */
  'integrations:test': message<TestAnswer>()(v.object({ connection: connectionSchema, token: v.optional(connectionToken) }), 'extension-page'),
  /** Jira projects the token sees, and, for a chosen project, its issue types and the priorities. */
  'integrations:load-projects': message<ProjectsAnswer>()(v.object({ connection: connectionSchema, token: v.optional(connectionToken) }), 'extension-page'),
  /** "Forget credentials": deletes the stored token of a connection. */
  'integrations:forget': message<ConnectionView[]>()(v.object({ id: connectionId }), 'extension-page'),
  /** Deletes a connection and its token. */
  'integrations:remove': message<ConnectionView[]>()(v.object({ id: connectionId }), 'extension-page'),
} as const;

// ---------------------------------------------------------------------------------------------------
// data: retention, deletion, settings export/import
// ---------------------------------------------------------------------------------------------------
export const dataMessages = {
  /** Wipes buffers, recordings, drafts, history and caches; settings and credentials only when chosen. */
  'data:delete-all': message<DeleteAllSummary>()(
    v.object({ settings: v.boolean(), credentials: v.boolean() }),
    'extension-page',
  ),
  /** The team settings file (every `settings.*` item, never credentials). */
  'data:export-settings': message<SettingsFile>()(v.object({}), 'extension-page'),
  /** Validates a settings file and, only when all of it is valid, applies it. */
  'data:import-settings': message<ImportResult>()(
    v.object({ text: v.pipe(v.string(), v.maxLength(1_000_000)) }),
    'extension-page',
  ),
} as const;

// ---------------------------------------------------------------------------------------------------
// content: messages the worker sends to a tab's content script
// ---------------------------------------------------------------------------------------------------
export const contentMessages = {
  /** Liveness and identity of the content script in a tab (used by status and tests). */
  'content:ping': message<{ url: string; recording: boolean; pageWorldReady: boolean }>()(v.object({}), 'background'),
  /** Hands over what the page's recorder holds; answered once the worker has stored it. */
  'content:flush': message<{ flushed: boolean }>()(v.object({}), 'background'),
} as const;

export const protocol = {
  ...captureMessages,
  ...networkMessages,
  ...reportMessages,
  ...integrationMessages,
  ...dataMessages,
  ...contentMessages,
} as const;

export type Protocol = typeof protocol;
export type MessageType = keyof Protocol;

/**
 * Messages that may also travel over a long-lived port (`openChannel` / `serveChannels` in `./runtime`),
 * with the same data, sender rule, handler and answer. Only for what flows continuously: a port message
 * costs the sender about half of a `sendMessage` per byte (each of those opens and closes a port of its
 * own), and recorded batches are sent from the page's main thread.
 */
export const channelMessages: ReadonlySet<MessageType> = new Set<MessageType>(['capture:batch']);
export type MessageData<K extends MessageType> = v.InferOutput<Protocol[K]['data']>;
export type MessageResult<K extends MessageType> = Protocol[K] extends MessageDef<v.GenericSchema, infer R> ? R : never;
