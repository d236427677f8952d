/**
 * Reports recorded before the recorder waited for a loading frame document can attach one document
 * twice under the same id: first still empty (its `srcdoc` had just replaced the blank document), then
 * whole, once loaded. rrweb's Replayer builds an id once and keeps the empty one, so the frame replays
 * empty. The viewer drops such an empty attach when the same document is attached again before the next
 * full snapshot; every other event is left as it is.
 */
import { EventType, IncrementalSource, NodeType } from '../model/rrweb-events';

/** An rrweb event, as far as this reads it. */
type Event = { type: number; data: unknown };

type Add = { node?: { type?: unknown; id?: unknown; childNodes?: unknown } };

/** The adds of a mutation event that attaches a frame's document, or null. */
function attachAdds(event: Event): Add[] | null {
  if (event.type !== EventType.IncrementalSnapshot) return null;
  const data = event.data as { source?: unknown; isAttachIframe?: unknown; adds?: unknown } | null;
  if (!data || data.source !== IncrementalSource.Mutation || data.isAttachIframe !== true || !Array.isArray(data.adds)) return null;
  return data.adds as Add[];
}

function documentId(add: Add): number | null {
  const node = add?.node;
  return node && node.type === NodeType.Document && typeof node.id === 'number' ? node.id : null;
}

/** `events` without the empty frame documents attached again later in their segment (the same array when there are none). */
export function dropEmptyFrameAttaches<E extends Event>(events: E[]): E[] {
  const superseded = new Set<Add>();
  let empty = new Map<number, Add>();
  for (const event of events) {
    if (event.type === EventType.FullSnapshot) empty = new Map();
    for (const add of attachAdds(event) ?? []) {
      const id = documentId(add);
      if (id === null) continue;
      const earlier = empty.get(id);
      if (earlier) superseded.add(earlier);
      const children = add.node!.childNodes;
      if (Array.isArray(children) && children.length === 0) empty.set(id, add);
      else empty.delete(id);
    }
  }
  if (!superseded.size) return events;
  return events.flatMap((event) => {
    const adds = attachAdds(event);
    if (!adds || !adds.some((a) => superseded.has(a))) return [event];
    const kept = adds.filter((a) => !superseded.has(a));
    return kept.length ? [{ ...event, data: { ...(event.data as object), adds: kept } }] : [];
  });
}
