/**
 * Recording events pass the same URL redaction as network data before they are stored:
 * rrweb writes the page address into every Meta event and keeps URL attributes (`href`, `src`,
 * `action`…) verbatim in snapshots and mutations, so a sign-in link with `user:password@`, a
 * `?token=` or an `#access_token=` fragment would otherwise reach the replay.
 */
import { noExtraRules, redactUrl, type RedactionRules } from '../redact';
import { EventType, IncrementalSource, NodeType } from '../model/rrweb-events';
import type { PortEvent } from '../page/protocol';

/** Attributes whose value is one URL. */
const URL_ATTRIBUTES = new Set(['href', 'src', 'action', 'formaction', 'cite', 'poster', 'data', 'background', 'ping', 'xlink:href', 'longdesc', 'manifest']);
/** Attributes whose value is a list of `url descriptor` candidates. */
const SRCSET_ATTRIBUTES = new Set(['srcset', 'imagesrcset']);

const MAX_DEPTH = 512;

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

/** A URL attribute value with its secrets redacted; other values come back unchanged. */
export function redactAttribute(name: string, value: unknown, rules: RedactionRules = noExtraRules): unknown {
  if (typeof value !== 'string' || !value) return value;
  const n = name.toLowerCase();
  if (URL_ATTRIBUTES.has(n)) return redactUrlValue(value, rules);
  if (SRCSET_ATTRIBUTES.has(n)) {
    return value
      .split(',')
      .map((candidate) => {
        const m = /^(\s*)(\S+)(.*)$/s.exec(candidate);
        return m ? `${m[1]}${redactUrlValue(m[2]!, rules)}${m[3]}` : candidate;
      })
      .join(',');
  }
  return value;
}

/**
 * Whether a URL can hold a secret redaction would find: userinfo, a query or fragment, a JWT or a card
 * number in the path, or anything for the tester's own patterns. Pages carry thousands of plain links;
 * they skip URL parsing.
 */
function mayHoldSecret(value: string, rules: RedactionRules): boolean {
  return rules.patterns.length > 0 || /[@?#]|eyJ|(?:\d[ -]?){12}/.test(value);
}

/** A URL attribute's value (absolute or relative) through the one URL redactor. */
function redactUrlValue(value: string, rules: RedactionRules): string {
  return mayHoldSecret(value, rules) ? redactUrl(value, rules) : value;
}

function redactAttributes(attributes: unknown, rules: RedactionRules): void {
  if (!isObject(attributes)) return;
  for (const [name, value] of Object.entries(attributes)) {
    const redacted = redactAttribute(name, value, rules);
    if (redacted !== value) attributes[name] = redacted;
  }
}

/** Walks a serialized node tree (iteratively: a page can nest deeper than the call stack). */
function redactNodeTree(root: unknown, rules: RedactionRules): void {
  const stack: Array<[unknown, number]> = [[root, 0]];
  while (stack.length) {
    const [node, depth] = stack.pop()!;
    if (!isObject(node) || depth > MAX_DEPTH) continue;
    if (node.type === NodeType.Element) redactAttributes(node.attributes, rules);
    if (Array.isArray(node.childNodes)) for (const child of node.childNodes) stack.push([child, depth + 1]);
  }
}

/**
 * Redacts URLs in one rrweb event, in place (events are freshly parsed or about to be serialized, and
 * copying whole snapshots would double the relay's memory): the Meta event's `href`, URL attributes of
 * full snapshots, added nodes and attribute mutations. Returns the event.
 */
export function redactRecordingEvent<T>(event: T, rules: RedactionRules = noExtraRules): T {
  if (!isObject(event) || !isObject(event.data)) return event;
  const data = event.data;
  if (event.type === EventType.Meta && typeof data.href === 'string') data.href = redactUrl(data.href, rules);
  else if (event.type === EventType.FullSnapshot) redactNodeTree(data.node, rules);
  else if (event.type === EventType.IncrementalSnapshot && data.source === IncrementalSource.Mutation) {
    if (Array.isArray(data.adds)) for (const add of data.adds) if (isObject(add)) redactNodeTree(add.node, rules);
    if (Array.isArray(data.attributes)) for (const change of data.attributes) if (isObject(change)) redactAttributes(change.attributes, rules);
  }
  return event;
}

/** A URL attribute with its value, as JSON.stringify writes it (the value still JSON-escaped). */
const URL_ATTRIBUTE_IN_JSON = /"(href|src|action|formaction|cite|poster|data|background|ping|xlink:href|longdesc|manifest|srcset|imagesrcset)":"((?:[^"\\]|\\.)*)"/gi;
const SECRET_SHAPE = /[@?#]|eyJ|(?:\d[ -]?){12}/;

/**
 * One recorded event as it reaches the worker, checked and with URL secrets redacted, or null when
 * its text is not the event it claims to be (not JSON, not an object, another type or time): the page
 * world wrote it, so it is parsed here before it can be stored. The text is kept as it came when nothing
 * in it needs redacting: it is scanned for URL attributes whose value could hold a secret, and only those
 * events (and Meta events, and every event when the tester has patterns of their own, or when a `\u`
 * escape could spell a name or a character the scan looks for) are walked and written again.
 */
export function checkRecordedEvent(event: PortEvent, rules: RedactionRules = noExtraRules): PortEvent | null {
  let parsed: unknown;
  try {
    parsed = JSON.parse(event.json);
  } catch {
    return null;
  }
  if (!isObject(parsed) || parsed.type !== event.type || parsed.timestamp !== event.t) return null;
  if (event.type !== EventType.Meta && rules.patterns.length === 0 && !event.json.includes('\\u')) {
    let suspicious = false;
    for (const m of event.json.matchAll(URL_ATTRIBUTE_IN_JSON)) {
      if (SECRET_SHAPE.test(m[2]!)) {
        suspicious = true;
        break;
      }
    }
    if (!suspicious) return event;
  }
  return { t: event.t, type: event.type, json: JSON.stringify(redactRecordingEvent(parsed, rules)) };
}

/** The events of one batch that pass `checkRecordedEvent`, and how many did not. */
export function checkRecordedEvents(events: readonly PortEvent[], rules: RedactionRules = noExtraRules): { events: PortEvent[]; rejected: number } {
  const kept: PortEvent[] = [];
  for (const event of events) {
    const checked = checkRecordedEvent(event, rules);
    if (checked) kept.push(checked);
  }
  return { events: kept, rejected: events.length - kept.length };
}
