/** Reactive capture state of one tab for the popup: status and the tester's site switches. */
import { send } from '../messaging/runtime';
import { allowSite, disallowSite } from './site-access';
import type { TabStatus } from './status';

export class CaptureState {
  status = $state<TabStatus | null>(null);
  error = $state<string | null>(null);

  constructor(readonly tabId: number) {}

  /** The origin of the tab, when it is a web page. */
  get origin(): string | null {
    try {
      return this.status?.url ? new URL(this.status.url).origin : null;
    } catch {
      return null;
    }
  }

  async refresh(): Promise<void> {
    try {
      this.status = await send('capture:status', { tabId: this.tabId });
      this.error = null;
    } catch (e) {
      this.error = `Could not reach the Repro worker: ${e instanceof Error ? e.message : String(e)}`;
    }
  }

  /** "Always record on this site": asks for host access (needs the click's user gesture). */
  async allow(): Promise<void> {
    const origin = this.origin;
    if (!origin) return;
    const granted = await allowSite(origin);
    this.error = granted ? null : 'Permission was not granted, so Repro cannot record this site.';
    await this.refresh();
  }

  async disallow(): Promise<void> {
    const origin = this.origin;
    if (!origin) return;
    await disallowSite(origin);
    await this.refresh();
  }
}
