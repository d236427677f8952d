/**
 * Network capture state that must outlive a worker restart but not the browser: which tabs have a
 * debugger session, why one ended, and the requests in flight. Session storage, never on disk; the
 * in-flight requests are already redacted.
 */
import { storage } from 'wxt/utils/storage';
import type { LogState } from './log-state';

export interface NetworkTabState {
  attached: boolean;
  /** Why the last session ended (`canceled_by_user`, an attach error …), or null. */
  detachReason: string | null;
  /** The tester dismissed the debugging bar: do not attach again until the next page load. */
  userDetached: boolean;
  /** Requests are listed from `webRequest` metadata (no bodies) until a session is attached again. */
  fallback?: boolean;
}

export const networkTabs = storage.defineItem<Record<string, NetworkTabState>>('session:network.tabs', { fallback: {} });

export const inflightStates = storage.defineItem<Record<string, LogState>>('session:network.inflight', { fallback: {} });
