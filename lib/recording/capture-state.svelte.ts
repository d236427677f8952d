/** Reactive capture state of one tab for the popup: status, repro recording and the tester's site switches. */
import { recordingMessages } from './messages';
import { captureSettings, getCaptureSettings } from '../settings/capture';
import { allowSite, disallowSite } from './site-access';
import { formatElapsed, type TabStatus } from './status';

export class CaptureState {
  status = $state<TabStatus | null>(null);
  error = $state<string | null>(null);
  busy = $state(false);
  /** Ticks every second while a clock runs, for the elapsed time of a repro. */
  now = $state(Date.now());
  /** When recording started from this page (allowed just now): the report covers what happens from then. */
  startedAt = $state<number | null>(null);

  constructor(readonly tabId: number) {}

  /** The origin of the tab, when it is a web page. */
  get origin(): string | null {
    try {
      return this.status?.url ? new URL(this.status.url).origin : null;
    } catch {
      return null;
    }
  }

  /** True while a repro records in this tab. */
  get reproRunning(): boolean {
    return Boolean(this.status?.repro && this.status.repro.until === null);
  }

  /** Elapsed time of the running repro (`m:ss`), or null. */
  get reproElapsed(): string | null {
    const repro = this.status?.repro;
    if (!repro || repro.until !== null) return null;
    return formatElapsed(this.now - repro.since);
  }

  /** Length of time the kept recording covers, `m:ss`, or null when nothing is kept. */
  get covered(): string | null {
    const c = this.status?.captured;
    if (!c || c.windowStart === null || c.windowEnd === null) return null;
    // A live recording covers up to now: a quiet page adds no events, yet nothing happened that is missing.
    const end = this.status?.recording ? Math.max(c.windowEnd, this.now) : c.windowEnd;
    return formatElapsed(end - c.windowStart);
  }

  /** Starts the clock of the elapsed time (refreshing the status every few seconds). Returns its stop. */
  startClock(): () => void {
    let ticks = 0;
    const id = setInterval(() => {
      this.now = Date.now();
      if (++ticks % 5 === 0) void this.refresh();
    }, 1000);
    return () => clearInterval(id);
  }

  async refresh(): Promise<void> {
    try {
      this.status = await recordingMessages.send('recording:status', { tabId: this.tabId });
      this.now = Date.now();
      this.error = null;
    } catch (e) {
      this.error = `Could not reach the Repro worker: ${message(e)}`;
    }
  }

  /**
   * "Always record on this site": asks for host access (needs the click's user gesture, so it comes
   * first), then starts recording the open tab at once, without a reload.
   */
  async allow(): Promise<void> {
    const origin = this.origin;
    if (!origin) return;
    if (!(await allowSite(origin))) {
      await this.refresh();
      // After the refresh, which clears the error line when the worker answers.
      this.error = 'Permission was not granted, so Repro cannot record this site.';
      return;
    }
    await this.record();
  }

  /** Starts the rolling buffer in this tab of an allowed site (the recorder is injected; no reload). */
  async record(): Promise<void> {
    await this.run(async () => {
      const status = await recordingMessages.send('recording:record-tab', { tabId: this.tabId });
      this.status = status;
      this.now = Date.now();
      if (status.recording && status.mode === 'rolling') this.startedAt = status.since ?? this.now;
    }, 'The site is allowed, but recording could not start in this tab');
  }

  /** What the tab is doing, in a few words. */
  get label(): string {
    const status = this.status;
    if (!status) return 'Checking this tab…';
    if (this.reproRunning && status.lostAccess) return `Repro paused: no access to ${status.lostAccess.host}`;
    if (this.reproRunning) return `Recording a repro · ${this.reproElapsed ?? ''}`;
    if (status.recording) return 'Recording this tab';
    switch (status.decision) {
      case 'unsupported':
        return 'Repro cannot record this kind of page';
      case 'denied':
        return 'This site is on your never-record list';
      case 'paused':
        return 'Recording is paused';
      case 'not-allowed':
        return 'Not recording this site';
      case 'record':
        // A recorder that runs in the page but does not record was stopped for good: only a new page records.
        return status.contentScript ? 'Allowed: reload the page to record it' : 'Allowed: not recording this page yet';
    }
  }

  /** The site is allowed and nothing runs in the page yet: it can start at once. */
  get canRecordNow(): boolean {
    return this.status?.decision === 'record' && !this.status.recording && !this.status.contentScript;
  }

  async disallow(): Promise<void> {
    const origin = this.origin;
    if (!origin) return;
    await disallowSite(origin);
    await this.refresh();
  }

  /** "Start a repro" in this tab. */
  async startRepro(): Promise<void> {
    await this.run(async () => {
      this.status = await recordingMessages.send('recording:start-repro', { tabId: this.tabId });
    }, 'Could not start recording');
  }

  /** "Stop": the repro stays for the report. */
  async stopRepro(): Promise<void> {
    await this.run(async () => {
      this.status = await recordingMessages.send('recording:stop-repro', { tabId: this.tabId });
    }, 'Could not stop recording');
  }

  /** Pauses or resumes the rolling buffer everywhere. */
  async setPaused(paused: boolean): Promise<void> {
    await this.run(async () => {
      await captureSettings.setValue({ ...(await getCaptureSettings()), paused });
      await this.refresh();
    }, 'Could not change the pause');
  }

  /** "Never record on this site": adds the tab's host to the deny list, which wins over everything. */
  async neverRecord(): Promise<void> {
    const origin = this.origin;
    if (!origin) return;
    await this.run(async () => {
      const host = new URL(origin).hostname;
      const settings = await getCaptureSettings();
      if (!settings.denyPatterns.includes(host))
        await captureSettings.setValue({ ...settings, denyPatterns: [...settings.denyPatterns, host] });
      if (this.reproRunning) await recordingMessages.send('recording:stop-repro', { tabId: this.tabId });
      await this.refresh();
    }, 'Could not add this site to the never-record list');
  }

  private async run(action: () => Promise<void>, what: string): Promise<void> {
    this.busy = true;
    try {
      await action();
      this.error = null;
    } catch (e) {
      this.error = `${what}: ${message(e)}`;
    } finally {
      this.busy = false;
    }
  }
}

function message(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}
