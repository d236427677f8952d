/** Page-world side of the page channel. Safe to run in the page: no extension API here. */
import { PAGE_NAMESPACE, type PageMessage } from './protocol';

type WithoutNs<T> = T extends unknown ? Omit<T, 'ns'> : never;

/** Posts a message to this window's isolated content script (same window only, never to frames). */
export function postToIsolated(message: WithoutNs<PageMessage>): void {
  window.postMessage({ ns: PAGE_NAMESPACE, ...message }, window.location.origin === 'null' ? '*' : window.location.origin);
}
