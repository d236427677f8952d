/** What a devtools-protocol event handler gets: the tab's log, the event's parameters and where to put what finished. */
import type { LogOptions, LogOutput, LogState, TrackedRequest } from '../log-state';

export interface EventContext {
  state: LogState;
  params: Record<string, unknown>;
  options: LogOptions;
  out: LogOutput;
  /** The event's `requestId` ('' when it has none). */
  id: string;
  /** The request in flight under `id`, if capture saw it start. */
  req: TrackedRequest | undefined;
}

/** Applies one protocol event to the log in `ctx` (mutating it). */
export type EventHandler = (ctx: EventContext) => void;
