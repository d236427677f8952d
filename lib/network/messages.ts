/** Network capture's runtime messages: the popup asks whether a tab's traffic is captured and turns sites on and off. */
import * as v from 'valibot';
import { message, tabIdSchema as tabId } from '../messaging/define';
import { defineMessaging } from '../messaging/runtime';
import type { NetworkStatus } from './status';

export const networkProtocol = {
  /** Whether the tab's traffic is being captured, and why not (site off, debugger bar closed …). */
  'network:status': message<NetworkStatus>()(v.object({ tabId }), 'extension-page'),
  /**
   * Waits, a moment at most, for the requests that finished to be stored with their bodies: a report
   * read just after a request failed then has its response, not an entry still marked open.
   * `settled` is false when the wait ran out first.
   */
  'network:flush': message<{ settled: boolean }>()(v.object({ tabId }), 'extension-page'),
  /** Turns network capture on or off for one site (the popup's per-site switch). */
  'network:set-site': message<{ ok: true }>()(
    v.object({ origin: v.pipe(v.string(), v.url(), v.maxLength(2048)), enabled: v.boolean() }),
    'extension-page',
  ),
} as const;

export const networkMessages = defineMessaging(networkProtocol);
