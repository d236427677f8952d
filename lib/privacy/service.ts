/** Background side of data control: deletion, the settings file, and the retention sweep. */
import { privacyMessages } from './messages';
import { deleteAllData } from './delete-all';
import { scheduleRetentionSweep } from './retention';
import { exportSettings, importSettings } from './settings-file';

/** Registers the data handlers and the retention alarm. */
export function registerDataService(): void {
  privacyMessages.handle('privacy:delete-all', (options) => deleteAllData(options));
  privacyMessages.handle('privacy:export-settings', () => exportSettings());
  privacyMessages.handle('privacy:import-settings', ({ text }) => importSettings(text));
  void scheduleRetentionSweep().catch((error) => console.warn('Repro: could not schedule the retention sweep', error));
}
