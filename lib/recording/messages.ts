/**
 * The recording's runtime messages: content scripts announce pages and hand over what they record, the
 * popup asks for a tab's state, starts and stops a repro; the worker pings and flushes a tab's relay.
 */
import * as v from 'valibot';
import { message, tabIdSchema as tabId } from '../messaging/define';
import { defineMessaging } from '../messaging/runtime';
import { CONSOLE_JSON_LIMIT, consoleEntrySchema, recordingGapSchema, stepSchema } from '../page/protocol';
import type { RecorderConfig } from '../page/rrweb-options';
import type { RedactionRules } from '../redact';
import type { CaptureDiagnostics } from './diagnostics';
import type { TabStatus } from './status';

const counter = v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(1_000_000));
const scalar = v.union([v.pipe(v.string(), v.maxLength(1000)), v.number(), v.boolean(), v.null()]);

export const recordingProtocol = {
  /**
   * A content script announces itself; the worker answers whether to record, and with which recorder
   * settings (the page world gets them through its port).
   */
  'recording:hello': message<{ record: boolean; config?: RecorderConfig; rules?: RedactionRules }>()(
    v.object({ url: v.pipe(v.string(), v.maxLength(8192)), title: v.pipe(v.string(), v.maxLength(2048)) }),
    'content-script',
  ),
  /** Recording state of a tab, for the popup and the badge. */
  'recording:status': message<TabStatus>()(v.object({ tabId }), 'extension-page'),
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
   * The answer says whether the page should go on recording, and whether it should take a full snapshot
   * now (the worker cannot start the next segment from its replica, or the open segment is full).
   */
  'recording:batch': message<{ record: boolean; checkout?: boolean }>()(
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
      custom: v.pipe(
        v.record(v.pipe(v.string(), v.maxLength(100)), scalar),
        v.check((r) => Object.keys(r).length <= 50),
      ),
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
  'recording:flush': message<{ flushed: boolean }>()(v.object({ tabId }), 'extension-page'),
  /** "Start a repro" on one tab (injects the recorder there if the site is not allowed). */
  'recording:start-repro': message<TabStatus>()(v.object({ tabId }), 'extension-page'),
  /**
   * Starts the rolling buffer in an open tab of a site the tester allowed, without a reload: injects the
   * recorder into its frames and answers once it records (or after a short wait).
   */
  'recording:record-tab': message<TabStatus>()(v.object({ tabId }), 'extension-page'),
  /** Stops the repro of a tab; what it recorded stays for the report. */
  'recording:stop-repro': message<TabStatus>()(v.object({ tabId }), 'extension-page'),
  /** Counts of errors kept from pages, forged page messages, and dropped data, for the options page. */
  'recording:diagnostics': message<CaptureDiagnostics>()(v.object({}), 'extension-page'),

  /** Liveness and identity of the content script in a tab (used by status and tests). */
  'recording:tab-ping': message<{ url: string; recording: boolean; pageWorldReady: boolean }>()(v.object({}), 'background'),
  /** Hands over what the page's recorder holds; answered once the worker has stored it. */
  'recording:tab-flush': message<{ flushed: boolean }>()(v.object({}), 'background'),
} as const;

export type RecordingProtocol = typeof recordingProtocol;

/** Recorded batches may also travel over a long-lived port: they flow all the time, from the page's thread. */
export const recordingMessages = defineMessaging(recordingProtocol, { channels: ['recording:batch'] });
