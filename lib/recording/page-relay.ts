/**
 * Isolated-world relay: takes what the page world sends (recorder batches on the private port, app
 * messages on `window`), validates and bounds it, and forwards it to the worker in order, one
 * `recording:batch` message at a time, in parts that each stay under 64 KiB.
 * Recorded events and console lines pass through as the JSON text the page world wrote: the worker
 * parses, checks and redacts them (`checkRecordedEvents`, `checkConsoleJson`), so that work runs in the
 * extension's process, not on the page's main thread. Nothing a page sends can do more than add data to
 * the recording.
 */
import * as v from 'valibot';
import { noExtraRules, redactUrl, type RedactionRules } from '../redact';
import { portBatchSchema, type PortBatch } from '../page/protocol';
import type { MessageData } from '../messaging/define';
import type { RecordingProtocol } from './messages';
import type { ConsoleEntry } from '../model/report';

export type BatchData = MessageData<RecordingProtocol, 'recording:batch'>;
type Custom = Record<string, string | number | boolean | null>;

export const RELAY_LIMITS = {
  /**
   * Most bytes of event text in one message to the worker; a batch with more goes in parts. Chromium
   * sends a message over 64 KiB through shared memory, at about 2 ms more of the page's thread each
   * time (a 64 KB message costs 0.2 ms, one of 66 KB 2.4 ms, one of 4 MB 74 ms, where 64 parts of it
   * at 0.2 ms each come to about 13 ms); this leaves room for the rest of the message.
   */
  messageBytes: 56 * 1024,
  /** A single event above this is left out (and the gap recorded): one message could not carry it. */
  eventBytes: 48 * 1024 * 1024,
  /** Batches held while the worker has not yet said whether this page records. */
  heldBatches: 200,
  /** Bytes of events sent to the worker and not yet answered; above it, events wait for the next snapshot. */
  inflightBytes: 64 * 1024 * 1024,
} as const;

/** A burst, then a steady rate: what one kind of entry may come at from a page. */
export interface Rate {
  burst: number;
  perSecond: number;
}

/**
 * How fast a page may send steps and gaps. A person acts a few times a second at most (a typing burst,
 * a click, a scroll burst are one step each), and the recorder leaves a gap at most every two seconds
 * (its storm cooldown); a page that sends more (a script calling `history.pushState` in a loop) is not a
 * tester, and what it sends beyond this is left out and counted as dropped.
 */
export const ENTRY_RATES = {
  steps: { burst: 50, perSecond: 5 },
  gaps: { burst: 10, perSecond: 0.5 },
} as const satisfies Record<string, Rate>;

/** A token bucket: `take()` says whether one more may go now. */
export function createRateLimit(rate: Rate, now: () => number): { take(): boolean } {
  let tokens = rate.burst;
  let last = now();
  return {
    take() {
      const at = now();
      tokens = Math.min(rate.burst, tokens + ((at - last) / 1000) * rate.perSecond);
      last = at;
      if (tokens < 1) return false;
      tokens--;
      return true;
    },
  };
}

/** Why events were left out until a fresh snapshot: the worker fell behind, or a batch never reached it. */
const FELL_BEHIND = 'Repro fell behind storing the recording; it resumed with a fresh snapshot.';
const LOST_REASON = 'Part of the recording could not be handed to Repro (the extension was restarting); it resumed with a fresh snapshot.';

export interface PageRef {
  pageId: string;
  url: string;
  title: string;
}

export interface Diagnostics {
  pageErrors: number;
  forged: number;
  dropped: number;
}

/** True when `text` holds a character outside Latin-1, which the clone copies as two bytes (instant for Latin-1 strings). */
// eslint-disable-next-line no-control-regex -- the range starts at U+0000 on purpose: all of Latin-1.
const WIDE = /[^\u0000-\u00ff]/;

/** The address last redacted, with the rules it was redacted by: it seldom changes from one batch to the next. */
let lastPageUrl: { raw: string; rules: RedactionRules; redacted: string } | null = null;

/** `redactUrl` of the page address, done again only when the address or the rules change. */
function redactedPageUrl(raw: string, rules: RedactionRules): string {
  if (lastPageUrl?.raw !== raw || lastPageUrl.rules !== rules) lastPageUrl = { raw, rules, redacted: redactUrl(raw, rules) };
  return lastPageUrl.redacted;
}

/**
 * Splits a validated port batch (plus app data) into the parts of one worker message, each carrying at
 * most `limits.messageBytes` of console and event text. The console text, or an event, too long for one
 * part is cut across several (for events, `cont` on each piece but the last). Pure.
 */
export function toBatchMessages(
  batch: PortBatch,
  page: PageRef,
  extra: { console?: ConsoleEntry[]; custom?: Custom; diagnostics?: Diagnostics },
  rules: RedactionRules = noExtraRules,
  limits: { messageBytes: number; eventBytes: number } = RELAY_LIMITS,
): BatchData[] {
  const diagnostics = { ...(extra.diagnostics ?? { pageErrors: 0, forged: 0, dropped: 0 }) };
  diagnostics.pageErrors += batch.errors;
  const gaps = batch.gaps.map((g) => ({ ...g }));
  const events: BatchData['events'] = [];
  for (const event of batch.events) {
    if (event.json.length > limits.eventBytes) {
      diagnostics.dropped++;
      gaps.push({
        from: event.t,
        to: event.t,
        reason: `A recorded event of ${Math.round(event.json.length / 1e6)} MB was too large to keep.`,
      });
      continue;
    }
    events.push(event);
  }
  // The page address is stored with the recording and shown in the report: no secrets in its query or fragment.
  const ref: PageRef = { ...page, url: redactedPageUrl(page.url, rules) };
  const head: BatchData = {
    ...ref,
    events: [],
    // The app's own lines, parsed and redacted by the page link; the recorder's travel in `consoleJson`.
    console: extra.console ?? [],
    steps: batch.steps,
    gaps,
    custom: extra.custom ?? {},
    diagnostics,
  };
  const out: BatchData[] = [head];
  let current = head;
  let bytes = 0;
  const nextPart = () => {
    current.more = true;
    current = {
      ...ref,
      events: [],
      console: [],
      steps: [],
      gaps: [],
      custom: {},
      diagnostics: { pageErrors: 0, forged: 0, dropped: 0 },
      part: out.length,
    };
    out.push(current);
    bytes = 0;
  };
  /** Cuts `text` into pieces that each fill what is left of a part, placing each in the part it fills. */
  const cut = (text: string, width: number, place: (piece: string, last: boolean) => void) => {
    let at = 0;
    while (at < text.length) {
      const room = Math.floor((limits.messageBytes - bytes) / width);
      if (room < 2 && bytes > 0) {
        nextPart();
        continue;
      }
      let end = Math.min(at + Math.max(2, room), text.length);
      // Not between the two halves of a surrogate pair.
      if (end < text.length && (text.charCodeAt(end - 1) & 0xfc00) === 0xd800) end--;
      place(text.slice(at, end), end >= text.length);
      bytes += (end - at) * width;
      at = end;
      if (at < text.length) nextPart();
    }
  };
  // The recorder's console lines as the page wrote them, first (cut across parts when long): the
  // worker joins, parses, checks and redacts them.
  if (batch.consoleJson) cut(batch.consoleJson, WIDE.test(batch.consoleJson) ? 2 : 1, (piece) => (current.consoleJson = piece));
  for (const event of events) {
    const width = WIDE.test(event.json) ? 2 : 1;
    const cost = event.json.length * width;
    if (bytes > 0 && bytes + cost > limits.messageBytes) nextPart();
    if (cost <= limits.messageBytes) {
      current.events.push(event);
      bytes += cost;
      continue;
    }
    // Too long for one part: its text is cut into pieces that each fill one (`cont` on all but the last).
    cut(event.json, width, (json, last) =>
      current.events.push(last ? { t: event.t, type: event.type, json } : { t: event.t, type: event.type, json, cont: true }),
    );
  }
  return out;
}

export interface PageRelayOptions {
  page: () => PageRef;
  send: (data: BatchData) => Promise<{ record: boolean; checkout?: boolean }>;
  /** Called once when the worker stops this page's recording. */
  onStop: () => void;
  /** Asks the page-world recorder for a fresh full snapshot (after events had to be left out). */
  onCheckout?: () => void;
  /** Bound of unanswered event bytes (defaults to RELAY_LIMITS.inflightBytes). */
  inflightBytes?: number;
  /** How fast steps and gaps may come (defaults to ENTRY_RATES). */
  rates?: { steps: Rate; gaps: Rate };
  /** Clock of the rate limits, for tests. */
  now?: () => number;
  rules?: RedactionRules;
  timers?: { setTimeout(fn: () => void, ms: number): unknown };
}

export interface PageRelay {
  /** A message from the recorder's port. */
  fromPort(data: unknown): void;
  /** A console line from the app under test (already parsed and redacted). */
  appLog(entry: ConsoleEntry): void;
  appMetadata(data: Custom): void;
  /** Something on `window` claimed to be the recorder and was ignored. */
  forged(): void;
  /** The worker's answer to hello: forward (true) or drop (false) what the page sends. */
  setRecording(recording: boolean): void;
  /** The tester's redaction rules, applied to everything forwarded from now on. */
  setRules(rules: RedactionRules): void;
  /** The rules in force (for app messages parsed by the page link). */
  readonly rules: RedactionRules;
  /** Resolves when everything accepted so far has been answered by the worker. */
  idle(): Promise<void>;
  readonly diagnostics: Diagnostics;
}

export function createPageRelay(options: PageRelayOptions): PageRelay {
  const timers = options.timers ?? { setTimeout: (fn: () => void, ms: number) => globalThis.setTimeout(fn, ms) };
  let recording: boolean | null = null;
  let chain: Promise<void> = Promise.resolve();
  const held: PortBatch[] = [];
  let appConsole: ConsoleEntry[] = [];
  let appCustom: Custom = {};
  const diagnostics: Diagnostics = { pageErrors: 0, forged: 0, dropped: 0 };
  const unsent: Diagnostics = { pageErrors: 0, forged: 0, dropped: 0 };
  let appTimer: unknown = null;
  let rules: RedactionRules = options.rules ?? noExtraRules;

  const maxInflight = options.inflightBytes ?? RELAY_LIMITS.inflightBytes;
  const rates = options.rates ?? ENTRY_RATES;
  const stepLimit = createRateLimit(rates.steps, options.now ?? Date.now);
  const gapLimit = createRateLimit(rates.gaps, options.now ?? Date.now);

  /** Keeps what the page sends within the rate of its kind; the rest is dropped and counted. */
  function limited<T>(entries: T[], limit: { take(): boolean }): T[] {
    const kept = entries.filter(() => limit.take());
    diagnostics.dropped += entries.length - kept.length;
    unsent.dropped += entries.length - kept.length;
    return kept;
  }
  let inflight = 0;
  /** Set while events are left out because the worker fell behind: from when, until the next snapshot. */
  let behindSince: number | null = null;
  let behindReason = FELL_BEHIND;

  /**
   * When the worker falls behind, events are left out until the next Meta event (the start of a full
   * snapshot, which the recorder is asked for at once), so what is stored always replays; the stretch
   * is recorded as a gap.
   */
  function throttle(batch: PortBatch): PortBatch {
    const events: PortBatch['events'] = [];
    const gaps = [...batch.gaps];
    for (const event of batch.events) {
      if (behindSince !== null && event.type === 4 && inflight < maxInflight / 2) {
        gaps.push({ from: behindSince, to: event.t, reason: behindReason });
        behindSince = null;
      }
      if (behindSince === null && inflight >= maxInflight) {
        behindSince = event.t;
        behindReason = FELL_BEHIND;
        options.onCheckout?.();
      }
      if (behindSince !== null) {
        diagnostics.dropped++;
        unsent.dropped++;
        continue;
      }
      events.push(event);
    }
    return { ...batch, events, gaps };
  }

  function forward(raw: PortBatch): void {
    const batch = throttle({ ...raw, steps: limited(raw.steps, stepLimit), gaps: limited(raw.gaps, gapLimit) });
    const messages = toBatchMessages(batch, options.page(), { console: appConsole, custom: appCustom, diagnostics: { ...unsent } }, rules);
    diagnostics.pageErrors += batch.errors;
    appConsole = [];
    appCustom = {};
    unsent.pageErrors = unsent.forged = unsent.dropped = 0;
    const bytes = messages.map((m) => m.events.reduce((n, e) => n + e.json.length, 0));
    // Events that end in each part (a cut event counts once, in the part with its last piece).
    const ending = messages.map((m) => m.events.reduce((n, e) => n + (e.cont ? 0 : 1), 0));
    for (const b of bytes) inflight += b;
    // Every part goes now, in order, over the one port, without waiting for the answers to the batch
    // before: a batch held back for an answer dies with the content script when the page goes (the
    // step of a click on a link), and waiting for each answer would send one part per frame on a
    // page whose thread is busy, seconds for a snapshot. Only the answers are taken in turn.
    const answers = messages.map((message) =>
      options.send(message).then(
        (answer) => answer,
        () => 'lost' as const,
      ),
    );
    chain = chain.then(async () => {
      for (const [i, message] of messages.entries()) {
        const answer = await answers[i]!;
        inflight -= bytes[i]!;
        // Stopped by an earlier answer: what was already on its way is the worker's to drop.
        if (recording === false) continue;
        if (answer !== 'lost') {
          if (!answer.record) stop();
          else if (answer.checkout) options.onCheckout?.();
          continue;
        }
        // The worker is restarting or the extension was updated: this part is lost, and with it its
        // batch, which the worker cannot join. What follows would not replay without it, so events
        // wait for a fresh snapshot, and the report shows the gap.
        diagnostics.dropped += ending[i]!;
        if (message.events.length && behindSince === null) {
          behindSince = message.events[0]!.t;
          behindReason = LOST_REASON;
          options.onCheckout?.();
        }
      }
    });
  }

  function stop(): void {
    if (recording === false) return;
    recording = false;
    held.length = 0;
    options.onStop();
  }

  function accept(batch: PortBatch): void {
    if (recording === false) return;
    if (recording === null) {
      if (held.length < RELAY_LIMITS.heldBatches) held.push(batch);
      return;
    }
    forward(batch);
  }

  function scheduleApp(): void {
    if (appTimer !== null) return;
    appTimer = timers.setTimeout(() => {
      appTimer = null;
      accept({ type: 'batch', events: [], consoleJson: '', steps: [], gaps: [], errors: 0 });
    }, 500);
  }

  return {
    diagnostics,
    get rules() {
      return rules;
    },
    setRules(next) {
      rules = next;
    },
    fromPort(data) {
      const parsed = v.safeParse(portBatchSchema, data);
      if (!parsed.success) {
        diagnostics.forged++;
        unsent.forged++;
        return;
      }
      accept(parsed.output);
    },
    appLog(entry) {
      if (appConsole.length >= 500) return;
      appConsole.push(entry);
      scheduleApp();
    },
    appMetadata(data) {
      appCustom = { ...appCustom, ...data };
      scheduleApp();
    },
    forged() {
      diagnostics.forged++;
      unsent.forged++;
    },
    setRecording(next) {
      if (!next) return stop();
      if (recording !== null) return;
      recording = true;
      for (const batch of held.splice(0)) forward(batch);
    },
    idle: () => chain,
  };
}
