/**
 * Joins the parts of a recorded batch (see `recording:batch` in `./messages.ts`): the relay
 * sends a large batch as numbered parts that each stay under Chromium's 64 KiB copy threshold, with a
 * long event's text, and long console text, cut across parts. The worker holds the parts of each page until the last arrives
 * and handles the batch once, whole. A part that does not follow the one before (the worker restarted
 * in between, or a part was lost) cannot be joined: what was held and the stray part are dropped and
 * counted; the relay, whose send failed, has the page take a fresh snapshot. Pure.
 */
import type { MessageData } from '../messaging/define';
import type { RecordingProtocol } from './messages';

type BatchData = MessageData<RecordingProtocol, 'recording:batch'>;
export type WholeBatch = Omit<BatchData, 'part' | 'more'>;

export interface JoinResult {
  /** The whole batch once its last part is in; null while parts are still to come (or none could be joined). */
  batch: WholeBatch | null;
  /** Events dropped because their batch could not be joined. */
  dropped: number;
}

export interface BatchJoiner {
  /** Adds one message from the page `key` (tab, frame and page), at `now` (ms). */
  add(key: string, message: BatchData, now: number): JoinResult;
  /** Pages with parts held. */
  readonly pending: number;
}

interface Held {
  batch: WholeBatch;
  next: number;
  since: number;
  chars: number;
}

export const JOIN_LIMITS = {
  /** Parts not completed in this long are given up (the page went away mid-batch). */
  staleMs: 120_000,
  /** Characters of event and console text held for one page; past it the batch is dropped (the relay never sends more). */
  maxChars: 64 * 1024 * 1024,
} as const;

const textOf = (part: Pick<BatchData, 'events' | 'consoleJson'>) =>
  part.events.reduce((n, e) => n + e.json.length, part.consoleJson?.length ?? 0);
/** Events in `events`, a cut one counted once (by its last piece, or its first when the rest is missing). */
const countOf = (events: BatchData['events']) => events.reduce((n, e, i) => n + (!e.cont || i === events.length - 1 ? 1 : 0), 0);

/** Puts the pieces of cut events back together; a piece whose rest never came is left out. */
function joinPieces(events: BatchData['events']): { events: WholeBatch['events']; dropped: number } {
  const out: WholeBatch['events'] = [];
  let dropped = 0;
  let pieces: string[] = [];
  let head: BatchData['events'][number] | null = null;
  for (const event of events) {
    if (head && (event.t !== head.t || event.type !== head.type)) {
      dropped++;
      pieces = [];
      head = null;
    }
    if (event.cont) {
      head ??= event;
      pieces.push(event.json);
      continue;
    }
    if (head) {
      pieces.push(event.json);
      out.push({ t: head.t, type: head.type, json: pieces.join('') });
      pieces = [];
      head = null;
    } else out.push({ t: event.t, type: event.type, json: event.json });
  }
  return { events: out, dropped: dropped + (head ? 1 : 0) };
}

export function createBatchJoiner(limits: { staleMs: number; maxChars: number } = JOIN_LIMITS): BatchJoiner {
  const held = new Map<string, Held>();

  function sweep(now: number): number {
    let dropped = 0;
    for (const [key, h] of held) {
      if (now - h.since < limits.staleMs) continue;
      dropped += countOf(h.batch.events);
      held.delete(key);
    }
    return dropped;
  }

  return {
    get pending() {
      return held.size;
    },
    add(key, message, now) {
      let dropped = sweep(now);
      const { part = 0, more, ...rest } = message;
      let current = held.get(key);
      if (part === 0) {
        // A new batch while another was held: the rest of that one is not coming.
        if (current) dropped += countOf(current.batch.events);
        current = { batch: { ...rest, events: [...rest.events] }, next: 1, since: now, chars: textOf(rest) };
      } else if (current && current.next === part) {
        current.batch.events.push(...rest.events);
        // The console text, when long, goes on from one part to the next.
        if (rest.consoleJson) current.batch.consoleJson = (current.batch.consoleJson ?? '') + rest.consoleJson;
        current.next++;
        current.chars += textOf(rest);
      } else {
        if (current) dropped += countOf(current.batch.events);
        held.delete(key);
        return { batch: null, dropped: dropped + countOf(rest.events) };
      }
      if (current.chars > limits.maxChars) {
        held.delete(key);
        return { batch: null, dropped: dropped + countOf(current.batch.events) };
      }
      if (more) {
        held.set(key, current);
        return { batch: null, dropped };
      }
      held.delete(key);
      const joined = joinPieces(current.batch.events);
      return { batch: { ...current.batch, events: joined.events }, dropped: dropped + joined.dropped };
    },
  };
}
