/**
 * The isolated script's end of the page channel: takes the page-world recorder's private port in the
 * hand-over (`lib/page/handover.ts`), passes what arrives on it to the relay, routes app-API messages,
 * and counts as forged every hand-over event that was not the recorder's and anything posted on `window`
 * that claims the recorder's namespace (the recorder never posts there). See `lib/page/protocol.ts`.
 */
import * as v from 'valibot';
import { takeRecorderPort } from '../page/handover';
import { PAGE_NAMESPACE, portFlushedSchema, type PortCommand } from '../page/protocol';
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
  /**
   * Takes the recorder's port: at document_start, or at once from a recorder injected before this script
   * (`key` is that recorder's, passed on by the worker).
   */
  connect(key?: string): void;
  /** Stops listening for hand-over events (the content script was invalidated). */
  close(): void;
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
  let stopTaking: (() => void) | null = null;
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
      // The recorder never posts on `window`: whatever claims its namespace there is a page's.
      if (data?.ns === PAGE_NAMESPACE) sink.forged();
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
    connect(key) {
      if (stopTaking) return;
      stopTaking = takeRecorderPort(
        {
          onPort(taken) {
            port = taken;
            port.onmessage = (e: MessageEvent) => {
              if (v.is(portFlushedSchema, e.data)) flushes.shift()?.(true);
              else sink.fromPort(e.data);
            };
            if (pending) port.postMessage(pending);
            pending = null;
          },
          onForged: () => sink.forged(),
        },
        win,
        key,
      );
    },
    close() {
      stopTaking?.();
    },
  };
}
