/**
 * Messages between the page's own world (the MAIN-world recorder) and the isolated content script. The
 * page is untrusted: every message is data to validate, never a command, and the only thing any of them
 * can do is add to the recording.
 *
 * The recorder's one channel is a `MessagePort` handed to the isolated script at document_start, before
 * any page script runs (`lib/page/handover.ts`): recorded batches go MAIN → isolated, the recorder's
 * commands isolated → MAIN. No page script holds either end, so none can read, post into or close it.
 * The app under test has its own channel on `window` (`repro:app`, `lib/recording/app-messages.ts`),
 * which can only add log lines and metadata.
 */
import * as v from 'valibot';

/**
 * The namespace the recorder would use on `window`. It never posts there: a message claiming it is a
 * page pretending to be the recorder, ignored and counted.
 */
export const PAGE_NAMESPACE = 'repro:page';

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
  /** Hand over everything held now (the reporter is about to read the recording); answered by `flushed`. */
  v.object({ type: v.literal('flush') }),
]);

export type PortCommand = v.InferOutput<typeof portCommandSchema>;
