/** Reactive network-capture state of one tab for the popup: status, the per-site switch, the bar note. */
import { networkMessages } from './messages';
import { getNetworkSettings, networkSettings } from '../settings/network';
import { networkLabel, type NetworkStatus } from './status';

export class NetworkState {
  status = $state<NetworkStatus | null>(null);
  error = $state<string | null>(null);

  constructor(readonly tabId: number) {}

  get label(): string {
    return networkLabel(this.status);
  }

  /** Show the note about the browser's "started debugging this browser" bar (once, while the devtools protocol captures). */
  get explainBar(): boolean {
    return Boolean(this.status?.attached && this.status.source === 'devtools' && !this.status.barExplained);
  }

  async refresh(): Promise<void> {
    try {
      this.status = await networkMessages.send('network:status', { tabId: this.tabId });
      this.error = null;
    } catch (e) {
      this.error = `Could not read the network capture state: ${e instanceof Error ? e.message : String(e)}`;
    }
  }

  /** The per-site switch. */
  async setSite(enabled: boolean): Promise<void> {
    const origin = this.status?.origin;
    if (!origin) return;
    try {
      await networkMessages.send('network:set-site', { origin, enabled });
    } catch (e) {
      this.error = `Could not change network capture for this site: ${e instanceof Error ? e.message : String(e)}`;
    }
    await this.refresh();
  }

  /** The tester has read the note about the debugging bar. */
  async dismissBarNote(): Promise<void> {
    await networkSettings.setValue({ ...(await getNetworkSettings()), debuggerBarExplained: true });
    if (this.status) this.status = { ...this.status, barExplained: true };
  }
}
