/** What the popup knows of the tracker integrations, and the outcome of sending a report. */
import type { Tracker } from '../report/drafts';

export interface TrackerStatus {
  /** The tracker's name as the tester knows it ("Jira"): the reporter's Send buttons say it. */
  name?: string;
  configured: boolean;
  /** A short label of the default connection (`acme.atlassian.net · WEB`, `acme/shop`). */
  label?: string;
}

export type IntegrationStatus = Record<Tracker, TrackerStatus>;

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
  | { ok: true; url: string; key: string; /** Attachments that failed after the issue was created. */ attachmentErrors: string[] }
  | { ok: false; kind: SendErrorKind; message: string; retryAfterSeconds?: number; fieldErrors?: Record<string, string> };
