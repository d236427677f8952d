/**
 * Background side of the integrations: answers the popup about configured trackers and sends drafts.
 * Until the integrations issue lands no tracker can be configured, so sending answers `not-configured`.
 */
import { handle } from '../messaging/runtime';
import type { IntegrationStatus, SendResult } from './types';

export function registerIntegrationService(): void {
  handle('integrations:status', (): IntegrationStatus => ({ jira: { configured: false }, github: { configured: false } }));
  handle(
    'integrations:send',
    ({ tracker }): SendResult => ({
      ok: false,
      kind: 'not-configured',
      message: `No ${tracker === 'jira' ? 'Jira' : 'GitHub'} connection is set up yet. Add one in Repro's settings.`,
    }),
  );
}
