/**
 * Recording events pass the same redaction as network data before they are stored, in the worker (off
 * the page's thread): rrweb writes the page address into every Meta event and keeps text nodes and
 * attribute values verbatim in snapshots and mutations. Here URL attributes get the URL rules; every
 * other attribute value, text node, style rule and input value gets the free-text rules and the
 * tester's patterns; `data-*` attributes named after a secret, secret-named or hidden inputs' values
 * and `<meta name="csrf-token">` contents lose their value whatever it looks like.
 */
import { holdsSecret, isSecretField, isSecretHeader, noExtraRules, REDACTED, redactText, redactUrl, type RedactionRules } from '../redact';
import { EventType, IncrementalSource, NodeType } from '../model/rrweb-events';
import type { PortEvent } from '../page/protocol';
import { isAlwaysMaskedField } from '../page/rrweb-options';

/** Attributes whose value is one URL. */
const URL_ATTRIBUTES = new Set([
  'href',
  'src',
  'action',
  'formaction',
  'cite',
  'poster',
  'data',
  'background',
  'ping',
  'xlink:href',
  'longdesc',
  'manifest',
]);
/** Attributes whose value is a list of `url descriptor` candidates. */
const SRCSET_ATTRIBUTES = new Set(['srcset', 'imagesrcset']);
/** Attributes of a `<meta>` that name what its `content` holds. */
const META_NAMES = ['name', 'property', 'http-equiv', 'itemprop'];
/** Incremental sources whose data holds page text (style rules, declarations, adopted sheets, custom elements). */
const TEXT_SOURCES = new Set<number>([
  IncrementalSource.StyleSheetRule,
  IncrementalSource.StyleDeclaration,
  IncrementalSource.AdoptedStyleSheet,
  IncrementalSource.CustomElement,
]);

const MAX_DEPTH = 512;

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

/** An attribute value with its secrets redacted (URL rules for URL attributes, free-text rules for the rest). */
export function redactAttribute(name: string, value: unknown, rules: RedactionRules = noExtraRules): unknown {
  if (typeof value !== 'string' || !value) return value;
  const n = name.toLowerCase();
  if (URL_ATTRIBUTES.has(n)) return redactUrl(value, rules);
  if (SRCSET_ATTRIBUTES.has(n)) {
    return value
      .split(',')
      .map((candidate) => {
        const m = /^(\s*)(\S+)(.*)$/s.exec(candidate);
        return m ? `${m[1]}${redactUrl(m[2]!, rules)}${m[3]}` : candidate;
      })
      .join(',');
  }
  // `data-api-key="…"`, `data-session="…"`: named after a secret, whatever the value looks like.
  if (n.startsWith('data-') && isSecretField(n.slice(5), rules) && holdsSecret(n.slice(5), value)) return REDACTED;
  return redactText(value, rules);
}

/** Redacts text in place, noting in `pass` whether anything changed. */
interface Pass {
  rules: RedactionRules;
  changed: boolean;
}

function setIfChanged(target: Json | unknown[], key: string | number, next: unknown, pass: Pass): void {
  if (next === (target as Json)[key as string]) return;
  (target as Json)[key as string] = next;
  pass.changed = true;
}

/** Every string in `value` (a style rule, a declaration, a custom event's payload) through the free-text rules. */
function redactStrings(value: unknown, pass: Pass, depth = 0): void {
  if (depth > 32 || typeof value !== 'object' || value === null) return;
  const entries: Array<[string | number, unknown]> = Array.isArray(value) ? value.map((v, i) => [i, v]) : Object.entries(value);
  for (const [key, v] of entries) {
    if (typeof v === 'string') setIfChanged(value as Json, key, redactText(v, pass.rules), pass);
    else redactStrings(v, pass, depth + 1);
  }
}

function redactAttributes(attributes: unknown, pass: Pass): void {
  if (!isObject(attributes)) return;
  for (const [name, value] of Object.entries(attributes)) {
    // An attribute change of `style` may come as an object of properties.
    if (isObject(value)) redactStrings(value, pass);
    else setIfChanged(attributes, name, redactAttribute(name, value, pass.rules), pass);
  }
}

/** The attributes of one serialized element: what its kind holds, then every value. */
function redactElement(node: Json, pass: Pass): void {
  const attributes = node.attributes;
  if (!isObject(attributes)) return;
  const tag = typeof node.tagName === 'string' ? node.tagName.toLowerCase() : '';
  if (
    (tag === 'input' || tag === 'textarea' || tag === 'select') &&
    typeof attributes.value === 'string' &&
    /[^*]/.test(attributes.value)
  ) {
    if (isAlwaysMaskedField((a) => attributes[a]))
      setIfChanged(attributes, 'value', '*'.repeat(Math.min(attributes.value.length, 64)), pass);
  }
  if (tag === 'meta' && typeof attributes.content === 'string') {
    const named = META_NAMES.some(
      (a) => typeof attributes[a] === 'string' && (isSecretField(attributes[a], pass.rules) || isSecretHeader(attributes[a], pass.rules)),
    );
    if (named && holdsSecret('content', attributes.content)) setIfChanged(attributes, 'content', REDACTED, pass);
  }
  redactAttributes(attributes, pass);
}

/** Walks a serialized node tree (iteratively: a page can nest deeper than the call stack). */
function redactNodeTree(root: unknown, pass: Pass): void {
  const stack: Array<[unknown, number]> = [[root, 0]];
  while (stack.length) {
    const [node, depth] = stack.pop()!;
    if (!isObject(node) || depth > MAX_DEPTH) continue;
    if (node.type === NodeType.Element) redactElement(node, pass);
    else if (
      (node.type === NodeType.Text || node.type === NodeType.CDATA || node.type === NodeType.Comment) &&
      typeof node.textContent === 'string'
    ) {
      setIfChanged(node, 'textContent', redactText(node.textContent, pass.rules), pass);
    }
    if (Array.isArray(node.childNodes)) for (const child of node.childNodes) stack.push([child, depth + 1]);
  }
}

/** Redacts one event's data in place; `pass.changed` tells whether anything was. */
function redactData(event: Json, data: Json, pass: Pass): void {
  if (event.type === EventType.Meta) {
    if (typeof data.href === 'string') setIfChanged(data, 'href', redactUrl(data.href, pass.rules), pass);
  } else if (event.type === EventType.FullSnapshot) {
    redactNodeTree(data.node, pass);
  } else if (event.type === EventType.IncrementalSnapshot) {
    if (data.source === IncrementalSource.Mutation) {
      if (Array.isArray(data.adds)) for (const add of data.adds) if (isObject(add)) redactNodeTree(add.node, pass);
      if (Array.isArray(data.texts))
        for (const t of data.texts)
          if (isObject(t) && typeof t.value === 'string') setIfChanged(t, 'value', redactText(t.value, pass.rules), pass);
      if (Array.isArray(data.attributes))
        for (const change of data.attributes) if (isObject(change)) redactAttributes(change.attributes, pass);
    } else if (data.source === IncrementalSource.Input) {
      if (typeof data.text === 'string') setIfChanged(data, 'text', redactText(data.text, pass.rules), pass);
    } else if (TEXT_SOURCES.has(data.source as number)) {
      redactStrings(data, pass);
    }
  } else if (event.type === EventType.Custom || event.type === EventType.Plugin) {
    redactStrings(data, pass);
  }
}

/**
 * Redacts one rrweb event, in place (events are freshly parsed or about to be serialized, and copying
 * whole snapshots would double the relay's memory). Returns the event.
 */
export function redactRecordingEvent<T>(event: T, rules: RedactionRules = noExtraRules): T {
  redactEventInPlace(event, rules);
  return event;
}

/** Redacts one parsed rrweb event in place; true when anything in it changed. */
export function redactEventInPlace(event: unknown, rules: RedactionRules = noExtraRules): boolean {
  const pass: Pass = { rules, changed: false };
  if (isObject(event) && isObject(event.data)) redactData(event, event.data, pass);
  return pass.changed;
}

/**
 * One recorded event as it reaches the worker, checked and redacted, or null when its text is not the
 * event it claims to be (not JSON, not an object, another type or time): the page world wrote it, so it
 * is parsed here before it can be stored. Its text is kept as it came when nothing in it needed
 * redacting (most events: each string gets one quick look, `mayHoldSecret`), else written again.
 */
export function checkRecordedEvent(event: PortEvent, rules: RedactionRules = noExtraRules): PortEvent | null {
  return checkWithData(event, rules)?.event ?? null;
}

/** `checkRecordedEvent`, with the event as it was parsed and redacted: the data its text now holds. */
function checkWithData(event: PortEvent, rules: RedactionRules): { event: PortEvent; data: Record<string, unknown> } | null {
  let parsed: unknown;
  try {
    parsed = JSON.parse(event.json);
  } catch {
    return null;
  }
  if (!isObject(parsed) || parsed.type !== event.type || parsed.timestamp !== event.t) return null;
  const checked = redactEventInPlace(parsed, rules) ? { t: event.t, type: event.type, json: JSON.stringify(parsed) } : event;
  return { event: checked, data: parsed };
}

/**
 * The events of one batch that pass `checkRecordedEvent`, how many did not, and each kept event as data
 * (same order; the worker's replica reads them so, rather than parsing the text a second time).
 */
export function checkRecordedEvents(
  events: readonly PortEvent[],
  rules: RedactionRules = noExtraRules,
): { events: PortEvent[]; data: Record<string, unknown>[]; rejected: number } {
  const kept: PortEvent[] = [];
  const data: Record<string, unknown>[] = [];
  for (const event of events) {
    const checked = checkWithData(event, rules);
    if (!checked) continue;
    kept.push(checked.event);
    data.push(checked.data);
  }
  return { events: kept, data, rejected: events.length - kept.length };
}
