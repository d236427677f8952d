/**
 * What the viewer shows, and the normalizers that turn untrusted parsed JSON (a report zip from anyone)
 * into it. Every field the viewer reads is coerced to the type it expects, so a hostile or damaged file
 * can at worst show odd text, never break the page.
 */
import type { Entry, Har, Header, QueryString } from 'har-format';
import type { ConsoleEntry, ConsoleLevel, ReportJson } from '../model/report';
import { dropEmptyFrameAttaches } from './frame-attach';

export interface ViewerData {
  report: ReportJson;
  /** rrweb events in time order, or null when the replay was left out. */
  events: RecordedEvent[] | null;
  console: ConsoleEntry[] | null;
  har: Har | null;
  /**
   * The HAR as the report holds it (pages, cookies, comments and Repro's own fields included), for
   * "Download HAR"; `har` is the shape the viewer reads.
   */
  harOriginal?: unknown;
  /** The screenshot as a `data:` or `blob:` URL, or null. */
  screenshotUrl: string | null;
  /** How many images, fonts and stylesheets of the replay were restored from the HAR (see offline-assets). */
  restoredAssets?: number;
}

/** The part of an rrweb event the viewer relies on; the player reads the rest. */
export interface RecordedEvent {
  type: number;
  timestamp: number;
  data: unknown;
  [key: string]: unknown;
}

const LEVELS: readonly ConsoleLevel[] = ['debug', 'log', 'info', 'warn', 'error'];

const isObject = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null && !Array.isArray(x);
const str = (x: unknown, fallback = ''): string => (typeof x === 'string' ? x : fallback);
const num = (x: unknown, fallback = 0): number => (typeof x === 'number' && Number.isFinite(x) ? x : fallback);

/**
 * Keeps the rrweb events that have a numeric type and timestamp, sorted by time, without a frame
 * document attached empty and then again (see `frame-attach.ts`).
 */
export function normalizeEvents(value: unknown): RecordedEvent[] | null {
  if (!Array.isArray(value)) return null;
  const events = value.filter((e): e is RecordedEvent => isObject(e) && typeof e.type === 'number' && Number.isFinite(e.timestamp));
  return dropEmptyFrameAttaches(events.sort((a, b) => a.timestamp - b.timestamp));
}

/** Turns `console.json` into console entries; entries that are not objects are dropped. */
export function normalizeConsole(value: unknown): ConsoleEntry[] | null {
  if (!Array.isArray(value)) return null;
  const out: ConsoleEntry[] = [];
  for (const e of value) {
    if (!isObject(e)) continue;
    const level = LEVELS.includes(e.level as ConsoleLevel) ? (e.level as ConsoleLevel) : 'log';
    const entry: ConsoleEntry = {
      level,
      time: num(e.time),
      message: typeof e.message === 'string' ? e.message : JSON.stringify(e.message ?? ''),
      args: Array.isArray(e.args) ? e.args : [],
    };
    if (typeof e.stack === 'string') entry.stack = e.stack;
    if (typeof e.url === 'string') entry.url = e.url;
    if (e.source === 'console' || e.source === 'error' || e.source === 'rejection' || e.source === 'page') entry.source = e.source;
    out.push(entry);
  }
  return out;
}

function nameValues(x: unknown): Header[] {
  if (!Array.isArray(x)) return [];
  return x.filter(isObject).map((h) => ({ name: str(h.name), value: str(h.value) }));
}

function normalizeEntry(e: Record<string, unknown>): Entry | null {
  const req = isObject(e.request) ? e.request : null;
  const res = isObject(e.response) ? e.response : {};
  if (!req || typeof req.url !== 'string') return null;
  const content = isObject(res.content) ? res.content : {};
  const post = isObject(req.postData) ? req.postData : null;
  const timings = isObject(e.timings) ? e.timings : {};
  const entry: Entry & Record<string, unknown> = {
    startedDateTime: str(e.startedDateTime),
    time: num(e.time, -1),
    request: {
      method: str(req.method, 'GET'),
      url: req.url,
      httpVersion: str(req.httpVersion),
      cookies: [],
      headers: nameValues(req.headers),
      queryString: nameValues(req.queryString) as QueryString[],
      headersSize: -1,
      bodySize: num(req.bodySize, -1),
      ...(post ? { postData: { mimeType: str(post.mimeType), text: str(post.text) } } : {}),
    },
    response: {
      status: num(res.status),
      statusText: str(res.statusText),
      httpVersion: str(res.httpVersion),
      cookies: [],
      headers: nameValues(res.headers),
      content: {
        size: num(content.size, -1),
        mimeType: str(content.mimeType),
        ...(typeof content.text === 'string' ? { text: content.text } : {}),
        ...(typeof content.encoding === 'string' ? { encoding: content.encoding } : {}),
        ...(typeof content.comment === 'string' ? { comment: content.comment } : {}),
      },
      redirectURL: str(res.redirectURL),
      headersSize: -1,
      bodySize: num(res.bodySize, -1),
      ...(typeof res._error === 'string' ? { _error: res._error } : {}),
    },
    cache: {},
    timings: {
      blocked: num(timings.blocked, -1),
      dns: num(timings.dns, -1),
      connect: num(timings.connect, -1),
      ssl: num(timings.ssl, -1),
      send: num(timings.send),
      wait: num(timings.wait),
      receive: num(timings.receive),
    },
  };
  if (typeof e._resourceType === 'string') entry._resourceType = e._resourceType as Entry['_resourceType'];
  return entry;
}

/** Turns a parsed `network.har` into a HAR whose entries have every field the viewer reads. */
export function normalizeHar(value: unknown): Har | null {
  if (!isObject(value) || !isObject(value.log) || !Array.isArray(value.log.entries)) return null;
  const log = value.log;
  const entries = (log.entries as unknown[])
    .filter(isObject)
    .map(normalizeEntry)
    .filter((e): e is Entry => e !== null);
  const creator = isObject(log.creator) ? log.creator : {};
  return {
    log: {
      version: str(log.version, '1.2'),
      creator: { name: str(creator.name, 'unknown'), version: str(creator.version) },
      entries,
    },
  };
}
