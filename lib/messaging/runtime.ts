/**
 * The only door for runtime messages, generic over a feature's protocol map (`./define`): typed send,
 * and handlers that check sender and shape first. It knows no feature: each binds its own map with
 * `defineMessaging`, as `@webext-core/messaging`'s `defineExtensionMessaging<ProtocolMap>()` does.
 *
 * We do not use @webext-core/messaging itself: its v4 calls `chrome.*` directly, which bypasses the
 * polyfilled `browser` (and so WXT's fake browser in unit tests), and it has no place for the
 * sender and schema checks every handler here must make.
 */
import * as v from 'valibot';
import { browser, type Browser } from 'wxt/browser';
import type { MessageData, MessageName, MessageResult, ProtocolMap, SenderRule } from './define';

type Sender = Browser.runtime.MessageSender;

interface Envelope {
  repro: 1;
  type: string;
  data: unknown;
}

/** Error answered to a sender; carried back as a value because runtime messaging drops Error objects. */
export interface ErrorReply {
  reproError: string;
}

function isErrorReply(value: unknown): value is ErrorReply {
  return typeof value === 'object' && value !== null && typeof (value as ErrorReply).reproError === 'string';
}

function extensionOrigin(): string {
  return new URL(browser.runtime.getURL('/')).origin;
}

/** True when `sender` satisfies `rule`. Exported for tests. */
export function senderAllowed(rule: SenderRule, sender: Sender): boolean {
  if (sender.id !== browser.runtime.id) return false;
  const origin = sender.url ? safeOrigin(sender.url) : undefined;
  const fromExtensionOrigin = origin === extensionOrigin();
  switch (rule) {
    case 'extension-page':
      return fromExtensionOrigin;
    case 'content-script':
      return !fromExtensionOrigin && sender.tab?.id !== undefined;
    case 'content-script-top':
      return !fromExtensionOrigin && sender.tab?.id !== undefined && sender.frameId === 0;
    case 'background':
      // Messages from the worker carry no tab; in Chromium their url is the worker script.
      return sender.tab === undefined && (origin === undefined || fromExtensionOrigin);
  }
}

function safeOrigin(url: string): string | undefined {
  try {
    return new URL(url).origin;
  } catch {
    return undefined;
  }
}

function isEnvelope(value: unknown, type: string): value is Envelope {
  return typeof value === 'object' && value !== null && (value as Envelope).repro === 1 && (value as Envelope).type === type;
}

async function unwrap<T>(reply: unknown): Promise<T> {
  if (isErrorReply(reply)) throw new Error(reply.reproError);
  return reply as T;
}

/**
 * Messages are structured clones (`message_serialization` in the manifest on Chromium; always so in
 * Firefox): strings and plain data cross as copies of their bytes, with no JSON text built and parsed on
 * either side. A value the clone refuses (a UI state proxy, a function) is sent as its JSON instead, as
 * JSON messaging would have sent it.
 */
async function posted(post: (message: unknown) => Promise<unknown>, envelope: Envelope): Promise<unknown> {
  try {
    return await post(envelope);
  } catch (error) {
    if (!isCloneError(error)) throw error;
    return post(JSON.parse(JSON.stringify(envelope)));
  }
}

/** Chromium: "Could not serialize message."; Firefox and the HTML spec: a DataCloneError. */
export function isCloneError(error: unknown): boolean {
  return error instanceof Error && (error.name === 'DataCloneError' || /could not (?:serialize|be cloned)/i.test(error.message));
}

/** Counts of refused messages, for diagnostics and tests. */
export const refused = { sender: 0, shape: 0 };

type Answerer = (message: unknown, sender: Sender) => Promise<unknown> | undefined;

/** The listener `handle()` registered for each type, which channel messages are answered by too. */
const answerers = new Map<string, Answerer>();

/** Message types that may also travel over a long-lived port (see `defineMessaging`'s `channels`). */
const channelTypes = new Set<string>();

const CHANNEL_PREFIX = 'repro:';

export type Handler<P extends ProtocolMap, K extends MessageName<P>> = (
  data: MessageData<P, K>,
  sender: Sender,
) => MessageResult<P, K> | Promise<MessageResult<P, K>>;

export interface Channel<P extends ProtocolMap, K extends MessageName<P>> {
  /** Sends one message and resolves with its answer; rejects when the port goes first (the worker stopped). */
  send(data: MessageData<P, K>): Promise<MessageResult<P, K>>;
  close(): void;
}

/** One feature's messages, bound to the runtime. */
export interface Messaging<P extends ProtocolMap> {
  readonly protocol: P;
  /** Sends a message to the background worker (or, from the worker, to extension pages). */
  send<K extends MessageName<P>>(type: K, data: MessageData<P, K>): Promise<MessageResult<P, K>>;
  /** Sends a message to the content script of a tab (top frame unless `frameId` is given). */
  sendToTab<K extends MessageName<P>>(tabId: number, type: K, data: MessageData<P, K>, frameId?: number): Promise<MessageResult<P, K>>;
  /**
   * Registers the handler of one message type. Messages of other types, from other senders, or whose
   * data fails the schema are ignored (no answer), so a forged message can do nothing.
   * Returns a function that removes the handler.
   */
  handle<K extends MessageName<P>>(type: K, handler: Handler<P, K>): () => void;
  /**
   * A sender of one channel message type over a long-lived runtime port. It connects on first use and
   * again after the worker stopped (MV3 stops idle workers, which closes the port and fails the messages
   * still unanswered). Messages arrive in the order they were sent.
   */
  openChannel<K extends MessageName<P>>(type: K, connect?: (name: string) => Browser.runtime.Port): Channel<P, K>;
}

/**
 * Binds a protocol map. `channels` names the messages that may also travel over a long-lived port
 * (`openChannel` / `serveChannels`), with the same data, sender rule, handler and answer. Only for what
 * flows continuously: a port message costs the sender about half of a `sendMessage` per byte (each of
 * those opens and closes a port of its own), and recorded batches are sent from the page's main thread.
 */
export function defineMessaging<P extends ProtocolMap>(protocol: P, options: { channels?: readonly MessageName<P>[] } = {}): Messaging<P> {
  for (const type of options.channels ?? []) channelTypes.add(type);
  const envelope = (type: string, data: unknown): Envelope => ({ repro: 1, type, data });
  return {
    protocol,
    async send(type, data) {
      return unwrap(await posted((m) => browser.runtime.sendMessage(m), envelope(type, data)));
    },
    async sendToTab(tabId, type, data, frameId = 0) {
      return unwrap(await posted((m) => browser.tabs.sendMessage(tabId, m, { frameId }), envelope(type, data)));
    },
    handle(type, handler) {
      const def = protocol[type]!;
      const listener: Answerer = (message, sender) => {
        if (!isEnvelope(message, type)) return undefined;
        if (!senderAllowed(def.from, sender)) {
          refused.sender++;
          return undefined;
        }
        const parsed = v.safeParse(def.data, message.data);
        if (!parsed.success) {
          refused.shape++;
          return undefined;
        }
        return Promise.resolve()
          .then(() => handler(parsed.output as MessageData<P, typeof type>, sender))
          .then(
            (result) => result ?? null,
            (error: unknown) => ({ reproError: error instanceof Error ? error.message : String(error) }) satisfies ErrorReply,
          );
      };
      // The polyfilled onMessage sends a listener's promise back as its answer; its types say void.
      // eslint-disable-next-line @typescript-eslint/no-misused-promises
      browser.runtime.onMessage.addListener(listener);
      answerers.set(type, listener);
      return () => {
        // eslint-disable-next-line @typescript-eslint/no-misused-promises
        browser.runtime.onMessage.removeListener(listener);
        if (answerers.get(type) === listener) answerers.delete(type);
      };
    },
    openChannel(type, connect = (name) => browser.runtime.connect({ name })) {
      return channelSender(type, connect);
    },
  };
}

interface ChannelRequest {
  seq: number;
  message: unknown;
}

interface ChannelReply {
  seq: number;
  reply: unknown;
}

const isSeq = (value: unknown): value is number => typeof value === 'number' && Number.isSafeInteger(value);

function channelType(name: string): string | null {
  const type = name.startsWith(CHANNEL_PREFIX) ? name.slice(CHANNEL_PREFIX.length) : '';
  return channelTypes.has(type) ? type : null;
}

/**
 * Answers channel messages with the handlers `handle()` registered: the same sender and shape checks,
 * the port's sender standing for the message's. Every request gets a reply, so a refused one fails at
 * the sender instead of waiting forever. Returns a function that stops.
 */
export function serveChannels(): () => void {
  const onConnect = (port: Browser.runtime.Port) => {
    const type = channelType(port.name);
    if (!type) return;
    // One at a time, in the order sent: a port carries a stream (recorded batches) whose order matters.
    let chain: Promise<void> = Promise.resolve();
    port.onMessage.addListener((request: unknown) => {
      const r = request as ChannelRequest | null;
      if (typeof r !== 'object' || r === null || !isSeq(r.seq)) return;
      const message = r.message;
      chain = chain
        .then(() => (isEnvelope(message, type) ? answerers.get(type)?.(message, port.sender ?? {}) : undefined))
        .then(
          (reply) => reply ?? ({ reproError: 'The message was refused.' } satisfies ErrorReply),
          (error: unknown) => ({ reproError: error instanceof Error ? error.message : String(error) }) satisfies ErrorReply,
        )
        .then((reply) => {
          try {
            port.postMessage({ seq: r.seq, reply } satisfies ChannelReply);
          } catch {
            // The sender went away (its page closed) before the answer.
          }
        });
    });
  };
  browser.runtime.onConnect.addListener(onConnect);
  return () => browser.runtime.onConnect.removeListener(onConnect);
}

function channelSender<P extends ProtocolMap, K extends MessageName<P>>(
  type: K,
  connect: (name: string) => Browser.runtime.Port,
): Channel<P, K> {
  let port: Browser.runtime.Port | null = null;
  let seq = 0;
  const waiting = new Map<number, { resolve(value: unknown): void; reject(error: Error): void }>();

  function failAll(error: Error): void {
    const all = [...waiting.values()];
    waiting.clear();
    for (const w of all) w.reject(error);
  }

  function open(): Browser.runtime.Port {
    if (port) return port;
    const p = connect(`${CHANNEL_PREFIX}${type}`);
    p.onMessage.addListener((message: unknown) => {
      const m = message as ChannelReply | null;
      if (typeof m !== 'object' || m === null || !isSeq(m.seq)) return;
      const w = waiting.get(m.seq);
      if (!w) return;
      waiting.delete(m.seq);
      if (isErrorReply(m.reply)) w.reject(new Error(m.reply.reproError));
      else w.resolve(m.reply);
    });
    p.onDisconnect.addListener(() => {
      if (port === p) port = null;
      failAll(new Error('The connection to the extension closed before an answer.'));
    });
    port = p;
    return p;
  }

  return {
    send(data) {
      return new Promise((resolve, reject) => {
        const id = ++seq;
        const envelope: Envelope = { repro: 1, type, data };
        try {
          const p = open();
          waiting.set(id, { resolve: resolve as (value: unknown) => void, reject });
          try {
            p.postMessage({ seq: id, message: envelope } satisfies ChannelRequest);
          } catch (error) {
            if (!isCloneError(error)) throw error;
            p.postMessage(JSON.parse(JSON.stringify({ seq: id, message: envelope })));
          }
        } catch (error) {
          // A disconnected port, or an extension context that is gone: the next send connects afresh.
          waiting.delete(id);
          port = null;
          reject(error instanceof Error ? error : new Error(String(error)));
        }
      });
    },
    close() {
      const p = port;
      port = null;
      p?.disconnect();
      failAll(new Error('The channel was closed.'));
    },
  };
}
