/** Data control's runtime messages: delete all data, and the team settings file. */
import * as v from 'valibot';
import { message } from '../messaging/define';
import { defineMessaging } from '../messaging/runtime';
import type { DeleteAllSummary } from './delete-all';
import type { ImportResult, SettingsFile } from './settings-file';

export const privacyProtocol = {
  /** Wipes buffers, recordings, drafts, history and caches; settings and credentials only when chosen. */
  'privacy:delete-all': message<DeleteAllSummary>()(v.object({ settings: v.boolean(), credentials: v.boolean() }), 'extension-page'),
  /** The team settings file (every `settings.*` item, never credentials). */
  'privacy:export-settings': message<SettingsFile>()(v.object({}), 'extension-page'),
  /** Validates a settings file and, only when all of it is valid, applies it. */
  'privacy:import-settings': message<ImportResult>()(v.object({ text: v.pipe(v.string(), v.maxLength(1_000_000)) }), 'extension-page'),
} as const;

export const privacyMessages = defineMessaging(privacyProtocol);
