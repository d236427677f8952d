/** The screenshot's runtime message: the reporter asks the worker for a picture of the tab. */
import * as v from 'valibot';
import { message, tabIdSchema as tabId } from '../messaging/define';
import { defineMessaging } from '../messaging/runtime';
import type { ScreenshotResult } from './screenshot';

export const screenshotProtocol = {
  /** A PNG of the tab as it looks now (queued: the browser allows two captures a second). */
  'screenshot:take': message<ScreenshotResult>()(v.object({ tabId, fullPage: v.optional(v.boolean()) }), 'extension-page'),
} as const;

export const screenshotMessages = defineMessaging(screenshotProtocol);
