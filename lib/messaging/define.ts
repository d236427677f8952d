/**
 * How a feature declares its runtime messages: a protocol map of `area:verb` names to the shape of the
 * data (a valibot schema, checked at the door), the sender allowed to send it, and the answer's type.
 * Each feature keeps its map in its own `messages.ts` and binds it with `defineMessaging` (`./runtime`).
 */
import * as v from 'valibot';

/** Who may send a message. A web page is never allowed: pages talk only through `lib/page/protocol.ts`. */
export type SenderRule =
  /** An extension page (popup, options, viewer), including one opened in a tab. */
  | 'extension-page'
  /** A content script of this extension, in any frame of a tab. */
  | 'content-script'
  /** A content script of this extension in the top frame of a tab. */
  | 'content-script-top'
  /** The background service worker (for messages the worker sends to content scripts). */
  | 'background';

/** A message definition: schema of its data, sender rule, and (as a phantom) the result type. */
export interface MessageDef<TSchema extends v.GenericSchema, TResult> {
  data: TSchema;
  from: SenderRule;
  /** Never read at runtime; carries the answer's type. */
  result?: TResult;
}

/** A feature's messages by name. */
export type ProtocolMap = Record<string, MessageDef<v.GenericSchema, unknown>>;

/** `message<Answer>()(schema, sender)` declares one message. */
export function message<TResult>() {
  return <TSchema extends v.GenericSchema>(data: TSchema, from: SenderRule): MessageDef<TSchema, TResult> => ({ data, from });
}

export type MessageName<P extends ProtocolMap> = keyof P & string;
export type MessageData<P extends ProtocolMap, K extends MessageName<P>> = v.InferOutput<P[K]['data']>;
export type MessageResult<P extends ProtocolMap, K extends MessageName<P>> = P[K] extends MessageDef<v.GenericSchema, infer R> ? R : never;

/** A tab id in message data. */
export const tabIdSchema = v.pipe(v.number(), v.integer(), v.minValue(0));
