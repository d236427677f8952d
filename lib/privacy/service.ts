/** Background side of data control: deletion, the settings file, and the retention sweep. */
import { handle } from '../messaging/runtime';
import { deleteAllData } from './delete-all';
import { scheduleRetentionSweep } from './retention';
import { exportSettings, importSettings } from './settings-file';

/** Registers the data handlers and the retention alarm. */
export function registerDataService(): void {
  handle('data:delete-all', (options) => deleteAllData(options));
  handle('data:export-settings', () => exportSettings());
  handle('data:import-settings', ({ text }) => importSettings(text));
  void scheduleRetentionSweep().catch((error) => console.warn('Repro: could not schedule the retention sweep', error));
}
