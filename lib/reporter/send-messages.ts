/** What the popup says, and offers, after sending a report to a tracker failed. */
import type { SendErrorKind, SendResult } from '../trackers/types';

export type FailureAction = 'retry' | 'download' | 'without-replay' | 'settings';

export interface FailureView {
  title: string;
  detail: string;
  actions: FailureAction[];
  /** Epoch ms before which "Retry" waits (the tracker's `Retry-After`). */
  retryAt?: number;
}

const TITLES: Record<SendErrorKind, string> = {
  'not-configured': 'No connection is set up for this tracker.',
  'bad-request': 'The tracker refused the issue.',
  unauthorized: 'The tracker did not accept the token.',
  forbidden: 'The token may not create issues there.',
  'not-found': 'The project or repository was not found.',
  'too-large': 'The report is too large for the tracker.',
  'rate-limited': 'The tracker asks to slow down.',
  server: 'The tracker had an error.',
  offline: 'No network connection.',
  timeout: 'The tracker did not answer in time.',
  unknown: 'Sending failed.',
};

/** The message and actions for a failed send. The draft is always kept, so "Download instead" is always there. */
export function failureView(result: Extract<SendResult, { ok: false }>, now = Date.now()): FailureView {
  const { kind } = result;
  const wait = kind === 'rate-limited' && result.retryAfterSeconds ? result.retryAfterSeconds : 0;
  const detail = [
    result.message,
    ...Object.entries(result.fieldErrors ?? {}).map(([field, error]) => `${field}: ${error}`),
    wait && !/try again in/i.test(result.message) ? `Try again in ${wait} s.` : '',
  ]
    .filter(Boolean)
    .join(' ');
  const actions: FailureAction[] = [];
  if (kind === 'not-configured' || kind === 'unauthorized' || kind === 'forbidden' || kind === 'not-found') actions.push('settings');
  if (kind === 'too-large') actions.push('without-replay');
  if (kind !== 'not-configured') actions.push('retry');
  actions.push('download');
  return { title: TITLES[kind], detail, actions, ...(wait ? { retryAt: now + wait * 1000 } : {}) };
}
