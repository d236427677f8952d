/** The trackers' runtime messages: connections set up on the options page, and sending from the reporter. */
import * as v from 'valibot';
import { message } from '../messaging/define';
import { defineMessaging } from '../messaging/runtime';
import { connectionSchema, TRACKER_IDS, type ConnectionView } from './registry';
import type { IntegrationStatus, SendResult } from './types';
import type { ChoicesAnswer, TestAnswer } from './views';

const connectionId = v.pipe(v.string(), v.minLength(1), v.maxLength(64));
const connectionToken = v.pipe(v.string(), v.maxLength(4096));

export const trackerProtocol = {
  /** Every registered tracker and whether it has a default connection (the popup's Send buttons). */
  'trackers:status': message<IntegrationStatus>()(v.object({}), 'extension-page'),
  /** Sends a draft (whose bundle is built) to a tracker; safe to retry, never creates duplicates. */
  'trackers:send': message<SendResult>()(
    v.object({ draftId: v.pipe(v.string(), v.minLength(1), v.maxLength(128)), tracker: v.picklist(TRACKER_IDS) }),
    'extension-page',
  ),
  /** Saved connections of every tracker, without tokens (only whether one is stored). */
  'trackers:list': message<ConnectionView[]>()(v.object({}), 'extension-page'),
  /** Saves a connection (and its token when one is given); host access must be granted first. */
  'trackers:save': message<ConnectionView[]>()(
    v.object({ connection: connectionSchema, token: v.optional(connectionToken) }),
    'extension-page',
  ),
  /** Tries a connection as filled in (token given, or the saved one): who you are, what you may do. */
  'trackers:test': message<TestAnswer>()(v.object({ connection: connectionSchema, token: v.optional(connectionToken) }), 'extension-page'),
  /** Lists for the connection's choice fields (Jira projects, issue types and priorities). */
  'trackers:load-choices': message<ChoicesAnswer>()(
    v.object({ connection: connectionSchema, token: v.optional(connectionToken) }),
    'extension-page',
  ),
  /** "Forget credentials": deletes the stored token of a connection. */
  'trackers:forget': message<ConnectionView[]>()(v.object({ id: connectionId }), 'extension-page'),
  /** Deletes a connection and its token. */
  'trackers:remove': message<ConnectionView[]>()(v.object({ id: connectionId }), 'extension-page'),
} as const;

export const trackerMessages = defineMessaging(trackerProtocol);
