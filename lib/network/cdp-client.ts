/**
 * The devtools protocol of a tab, behind a small interface so tests can fake it (WXT's fake browser has
 * no `debugger`). The Chromium implementation wraps `chrome.debugger`, which the polyfill does not type.
 */

/** Why a session ended, as `chrome.debugger.onDetach` says: `target_closed` or `canceled_by_user`. */
export type DetachReason = string;

export interface CdpClient {
  attach(tabId: number): Promise<void>;
  detach(tabId: number): Promise<void>;
  sendCommand<T = unknown>(tabId: number, method: string, params?: Record<string, unknown>): Promise<T>;
  /** Calls `listener` for every protocol event of any attached tab. Returns a function that stops it. */
  onEvent(listener: (tabId: number, method: string, params: Record<string, unknown>) => void): () => void;
  /** Calls `listener` when a session ends without our asking (tab closed, infobar dismissed, crash). */
  onDetach(listener: (tabId: number, reason: DetachReason) => void): () => void;
}

/** Protocol version `chrome.debugger.attach` asks for. */
const PROTOCOL_VERSION = '1.3';

/** The `chrome.debugger` client, or null where the API does not exist (Firefox). */
export function chromeDebuggerClient(): CdpClient | null {
  const api = (globalThis as { chrome?: typeof chrome }).chrome?.debugger;
  if (!api) return null;
  return {
    attach: (tabId) => api.attach({ tabId }, PROTOCOL_VERSION),
    detach: (tabId) => api.detach({ tabId }),
    sendCommand: <T>(tabId: number, method: string, params?: Record<string, unknown>) =>
      api.sendCommand({ tabId }, method, params) as Promise<T>,
    onEvent(listener) {
      const wrapped = (source: chrome.debugger.Debuggee, method: string, params?: object) => {
        if (source.tabId !== undefined) listener(source.tabId, method, (params ?? {}) as Record<string, unknown>);
      };
      api.onEvent.addListener(wrapped);
      return () => api.onEvent.removeListener(wrapped);
    },
    onDetach(listener) {
      const wrapped = (source: chrome.debugger.Debuggee, reason: string) => {
        if (source.tabId !== undefined) listener(source.tabId, reason);
      };
      api.onDetach.addListener(wrapped);
      return () => api.onDetach.removeListener(wrapped);
    },
  };
}
