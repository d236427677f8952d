/** Reactive state of the options page's Data section: retention, delete all, settings file. */
import { privacyMessages } from './messages';
import {
  DEFAULT_RETENTION_DAYS,
  MAX_RETENTION_DAYS,
  MIN_RETENTION_DAYS,
  getRetentionSettings,
  retentionSettings,
} from '../settings/retention';
import type { DeleteAllSummary } from './delete-all';

export interface DeleteChoice {
  settings: boolean;
  credentials: boolean;
}

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

export class DataControl {
  retentionDays = $state(DEFAULT_RETENTION_DAYS);
  busy = $state(false);
  /** Outcome of the last action, for the tester. */
  notice = $state<string | null>(null);
  errors = $state<string[]>([]);
  lastDeletion = $state<DeleteAllSummary | null>(null);

  /** Loads the stored retention and follows changes; returns a function that stops following. */
  start(): () => void {
    void getRetentionSettings().then((s) => (this.retentionDays = s.days));
    return retentionSettings.watch((s) => (this.retentionDays = s?.days ?? DEFAULT_RETENTION_DAYS));
  }

  async setRetentionDays(days: number): Promise<void> {
    if (!Number.isInteger(days) || days < MIN_RETENTION_DAYS || days > MAX_RETENTION_DAYS) {
      this.errors = [`Keep reports for a whole number of days from ${MIN_RETENTION_DAYS} to ${MAX_RETENTION_DAYS}.`];
      return;
    }
    await retentionSettings.setValue({ days });
    this.retentionDays = days;
    this.errors = [];
    this.notice = `Drafts and sent reports are now kept for ${days} day${days === 1 ? '' : 's'}.`;
  }

  async deleteAll(choice: DeleteChoice): Promise<void> {
    await this.run(async () => {
      const summary = await privacyMessages.send('privacy:delete-all', choice);
      this.lastDeletion = summary;
      const kept = [!choice.settings && 'settings', !choice.credentials && 'tracker connections'].filter(Boolean).join(' and ');
      this.notice =
        summary.blocked.length > 0
          ? `Deleted, except ${summary.blocked.join(', ')}: another Repro page still has it open. Close the other Repro tabs; deletion completes then.`
          : `All Repro data deleted${kept ? ` (${kept} kept)` : ''}.`;
    });
  }

  /** The settings file as JSON text (the page saves it). */
  async exportSettings(): Promise<string | null> {
    let text: string | null = null;
    await this.run(async () => {
      text = `${JSON.stringify(await privacyMessages.send('privacy:export-settings', {}), null, 2)}\n`;
      this.notice = 'Settings exported (no credentials).';
    });
    return text;
  }

  async importSettings(text: string): Promise<void> {
    await this.run(async () => {
      const result = await privacyMessages.send('privacy:import-settings', { text });
      if (result.ok) this.notice = `Imported settings: ${result.applied.join(', ') || 'nothing to change'}.`;
      else this.errors = result.errors;
    });
  }

  private async run(action: () => Promise<void>): Promise<void> {
    this.busy = true;
    this.notice = null;
    this.errors = [];
    try {
      await action();
    } catch (error) {
      this.errors = [`Could not reach the Repro worker: ${message(error)}`];
    } finally {
      this.busy = false;
    }
  }
}
