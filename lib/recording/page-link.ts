/**
 * The isolated script's end of the page channel: binds the page-world recorder's private port (the
 * first one offered), passes what arrives on it to the relay, routes app-API messages, and counts
 * anything else on `window` that claims the recorder's namespace. See `lib/page/protocol.ts`.
 */
import * as v from 'valibot';
import { PAGE_NAMESPACE, parsePageMessage, portFlushedSchema, type PortCommand } from '../page/protocol';
import type { ConsoleEntry } from '../model/report';
import { REDACTED, redactUrl, type RedactionRules } from '../redact';
import { APP_NAMESPACE, parseAppMessage } from './app-messages';

export interface PageLinkSink {
  fromPort(data: unknown): void;
  appLog(entry: ConsoleEntry): void;
  appMetadata(data: Record<string, string | number | boolean | null>): void;
  forged(): void;
  /** Redaction rules for app messages (the tester's own, once the worker has sent them). */
  readonly rules?: RedactionRules;
}

export interface PageLink {
  /** The window `message` listener. */
  onWindowMessage(event: MessageEvent): void;
  /** Sends a command to the recorder (held until its port is bound; the latest one wins). */
  command(command: PortCommand): void;
  /** Asks the recorder for a handshake, in case its first one went unheard. */
  connect(): void;
  /**
   * Asks the recorder to hand over everything it holds. True once it has (all of it has reached the
   * sink by then); false when no recorder is bound or it did not answer within `timeoutMs`.
   */
  flush(timeoutMs: number): Promise<boolean>;
  readonly bound: boolean;
}

export function createPageLink(sink: PageLinkSink, win: Window = window): PageLink {
  let port: MessagePort | null = null;
  let pending: PortCommand | null = null;
  /** Flushes asked for and not yet answered, oldest first (the port keeps order). */
  const flushes: ((done: boolean) => void)[] = [];
  return {
    get bound() {
      return port !== null;
    },
    onWindowMessage(event) {
      if (event.source !== win) return;
      const data = event.data as { ns?: unknown } | null;
      if (data?.ns === APP_NAMESPACE) {
        const app = parseAppMessage(data, sink.rules);
        // The address can carry a token in its fragment (`#access_token=`): the same URL rules as everywhere.
        if (app?.type === 'log') sink.appLog({ ...app.entry, url: redactUrl(win.location.href, sink.rules, { marker: REDACTED }) });
        else if (app?.type === 'metadata') sink.appMetadata(app.data);
        return;
      }
      if (data?.ns !== PAGE_NAMESPACE) return;
      const message = parsePageMessage(data);
      if (message?.type === 'connect') return;
      if (message?.type === 'ready' && event.ports.length === 1) {
        // Only the first port is the recorder's; later offers (the recorder answering a late `connect`) are left unheard.
        if (port) return;
        port = event.ports[0]!;
        port.onmessage = (e: MessageEvent) => {
          if (v.is(portFlushedSchema, e.data)) flushes.shift()?.(true);
          else sink.fromPort(e.data);
        };
        port.postMessage({ type: 'bound' } satisfies PortCommand);
        if (pending) port.postMessage(pending);
        pending = null;
        return;
      }
      sink.forged();
    },
    command(command) {
      if (port) port.postMessage(command);
      else pending = command;
    },
    flush(timeoutMs) {
      if (!port) return Promise.resolve(false);
      const bound = port;
      return new Promise<boolean>((resolve) => {
        let settled = false;
        const settle = (done: boolean) => {
          if (settled) return;
          settled = true;
          clearTimeout(timer);
          resolve(done);
        };
        // A late answer still takes this one's place in the queue, so it cannot answer a later flush.
        const timer = setTimeout(() => settle(false), timeoutMs);
        flushes.push(settle);
        bound.postMessage({ type: 'flush' } satisfies PortCommand);
      });
    },
    connect() {
      win.postMessage({ ns: PAGE_NAMESPACE, type: 'connect' }, win.location.origin === 'null' ? '*' : win.location.origin);
    },
  };
}
