/**
 * Messages between the page's own world (the MAIN-world recorder, or the app under test) and the isolated
 * content script. The page is untrusted: every message is data to validate, never a command, and the only
 * thing any of them can do is add to the recording.
 *
 * Two channels:
 * - `window.postMessage` with namespace `repro:page`: only the handshake (`connect`, then `ready`, which
 *   carries a `MessagePort`). The isolated script binds the first port it sees (the MAIN-world script
 *   runs at document_start, before any page script, and its listener is the first to hear `connect`,
 *   so its `ready` is first in the queue).
 * - that port: recorded batches (MAIN → isolated) and the recorder's commands (isolated → MAIN). A page script
 *   may read from the port but cannot post into the isolated side of it, so a forged `window.postMessage`
 *   batch is ignored.
 */
import * as v from 'valibot';

export const PAGE_NAMESPACE = 'repro:page';

export const pageMessageSchema = v.variant('type', [
  /** The MAIN-world recorder is live in this document; its port travels in `event.ports[0]`. */
  v.object({ ns: v.literal(PAGE_NAMESPACE), type: v.literal('ready'), href: v.pipe(v.string(), v.maxLength(8192)) }),
  /**
   * The isolated script asks for a handshake, in case it started after the recorder's first one went
   * unheard (the order of the two worlds' scripts is not guaranteed). The recorder answers with a new
   * `ready` only until one of its ports is bound.
   */
  v.object({ ns: v.literal(PAGE_NAMESPACE), type: v.literal('connect') }),
]);

export type PageMessage = v.InferOutput<typeof pageMessageSchema>;

/** Parses a `message` event's data as a page message, or returns null. */
export function parsePageMessage(data: unknown): PageMessage | null {
  const parsed = v.safeParse(pageMessageSchema, data);
  return parsed.success ? parsed.output : null;
}

// -------------------------------------------------------------------------------------------------
// Port messages
// -------------------------------------------------------------------------------------------------

/** Bounds of one batch from the page world; the recorder flushes well below them. */
export const BATCH_LIMITS = { events: 2000, console: 500, steps: 200, gaps: 20 } as const;

const time = v.pipe(v.number(), v.finite());
const text = (max: number) => v.pipe(v.string(), v.maxLength(max));

/**
 * An rrweb event as it leaves the page: its JSON text (written once, in the page world, so only a string
 * crosses the worlds), with the type and time the relay orders it by. Nothing here trusts the text: the
 * worker parses it, checks it against `type` and `t`, and redacts it before it is stored.
 */
export const portEventSchema = v.object({
  t: time,
  type: v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(6)),
  json: v.string(),
});

export type PortEvent = v.InferOutput<typeof portEventSchema>;

export const consoleEntrySchema = v.object({
  level: v.picklist(['debug', 'log', 'info', 'warn', 'error']),
  time,
  message: text(20_000),
  args: v.pipe(v.array(v.unknown()), v.maxLength(100)),
  stack: v.optional(text(20_000)),
  url: v.optional(text(8192)),
  // `page` (the app's own logs) comes only from the app API, never from the recorder's channel.
  source: v.optional(v.picklist(['console', 'error', 'rejection'])),
});

export const stepSchema = v.object({
  time,
  kind: v.picklist(['click', 'type', 'select', 'check', 'submit', 'key', 'navigate', 'scroll']),
  text: text(500),
  url: v.optional(text(8192)),
});

export const recordingGapSchema = v.object({ from: time, to: v.nullable(time), reason: text(300) });

/** Longest console text of one batch (a JSON array of at most `BATCH_LIMITS.console` entries). */
export const CONSOLE_JSON_LIMIT = 16 * 1024 * 1024;

/**
 * What the MAIN-world recorder sends on its port. Console entries come as one JSON array (`consoleJson`,
 * '' when none) which, like the events' text, the isolated script passes on unread: the worker parses
 * it, checks each entry against `consoleEntrySchema` and `BATCH_LIMITS.console`, and redacts it.
 */
export const portBatchSchema = v.object({
  type: v.literal('batch'),
  events: v.pipe(v.array(portEventSchema), v.maxLength(BATCH_LIMITS.events)),
  consoleJson: v.pipe(v.string(), v.maxLength(CONSOLE_JSON_LIMIT)),
  steps: v.pipe(v.array(stepSchema), v.maxLength(BATCH_LIMITS.steps)),
  gaps: v.pipe(v.array(recordingGapSchema), v.maxLength(BATCH_LIMITS.gaps)),
  /** Errors the recorder caught (and kept from the page) since the previous batch. */
  errors: v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(1_000_000)),
});

export type PortBatch = v.InferOutput<typeof portBatchSchema>;

/** The recorder's answer to a `flush` command: everything it held has been posted ahead of this. */
export const portFlushedSchema = v.object({ type: v.literal('flushed') });

const selectors = v.pipe(v.array(text(1000)), v.maxLength(100));

/** What the isolated script sends to the MAIN-world recorder. */
export const portCommandSchema = v.variant('type', [
  v.object({
    type: v.literal('start'),
    config: v.object({
      unmaskInputs: v.boolean(),
      maskAllText: v.boolean(),
      blockSelectors: selectors,
      maskSelectors: selectors,
    }),
  }),
  v.object({ type: v.literal('stop') }),
  /** Take a full snapshot now (the extension had to leave events out and needs a new start). */
  v.object({ type: v.literal('checkout') }),
  /** The isolated script took this port: from now on the recorder talks on it alone. */
  v.object({ type: v.literal('bound') }),
  /** Hand over everything held now (the reporter is about to read the recording); answered by `flushed`. */
  v.object({ type: v.literal('flush') }),
]);

export type PortCommand = v.InferOutput<typeof portCommandSchema>;
