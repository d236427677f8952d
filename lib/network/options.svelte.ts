/** Reactive network and redaction settings for the options page. */
import { defaultNetworkSettings, getNetworkSettings, networkSettings, type NetworkSettings } from '../settings/network';
import { defaultRedactionSettings, getRedactionSettings, redactionSettings, type RedactionSettings } from '../settings/redaction';

export class NetworkOptions {
  network = $state<NetworkSettings>(defaultNetworkSettings);
  redaction = $state<RedactionSettings>(defaultRedactionSettings);

  constructor() {
    void getNetworkSettings().then((s) => (this.network = s));
    void getRedactionSettings().then((s) => (this.redaction = s));
    networkSettings.watch((s) => (this.network = { ...defaultNetworkSettings, ...s }));
    redactionSettings.watch((s) => (this.redaction = { ...defaultRedactionSettings, ...s }));
  }

  async saveNetwork(next: NetworkSettings): Promise<void> {
    this.network = next;
    await networkSettings.setValue($state.snapshot(next));
  }

  async saveRedaction(next: RedactionSettings): Promise<void> {
    this.redaction = next;
    await redactionSettings.setValue($state.snapshot(next));
  }
}
