/** What the popup knows of the tracker integrations, and the outcome of sending a report. */
import type { Tracker } from '../report/drafts';

/** One registered tracker, for the popup's Send buttons. */
export interface TrackerStatus {
  tracker: Tracker;
  /** Product name: "Send to {name}". */
  name: string;
  configured: boolean;
  /** A short label of the default connection (`acme.atlassian.net · WEB`, `acme/shop`). */
  label?: string;
}

/** Every registered tracker, in the registry's order. */
export type IntegrationStatus = TrackerStatus[];

/** Why a send failed, each with its own message in the popup. */
export type SendErrorKind =
  | 'not-configured'
  | 'bad-request'
  | 'unauthorized'
  | 'forbidden'
  | 'not-found'
  | 'too-large'
  | 'rate-limited'
  | 'server'
  | 'offline'
  | 'timeout'
  | 'unknown';

export type SendResult =
  | {
      ok: true;
      /** The page, when the tracker answered a link on its own origin. */
      url?: string;
      key: string;
      /** Attachments that failed after the issue was created. */
      attachmentErrors: string[];
    }
  | { ok: false; kind: SendErrorKind; message: string; retryAfterSeconds?: number; fieldErrors?: Record<string, string> };
