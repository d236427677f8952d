/** Reactive state of the options page's capture privacy section and recorder diagnostics. */
import { recordingMessages } from './messages';
import { defaultPrivacyCapture, getPrivacyCapture, privacyCapture, type PrivacyCaptureSettings } from '../settings/privacy-capture';
import type { CaptureDiagnostics } from './diagnostics';

export class CaptureOptionsState {
  privacy = $state<PrivacyCaptureSettings>(defaultPrivacyCapture);
  diagnostics = $state<CaptureDiagnostics | null>(null);
  error = $state<string | null>(null);

  /** Loads the settings and diagnostics and follows setting changes. Returns a function that stops following. */
  start(): () => void {
    void getPrivacyCapture().then((p) => (this.privacy = p));
    void this.refreshDiagnostics();
    return privacyCapture.watch(() => void getPrivacyCapture().then((p) => (this.privacy = p)));
  }

  async save(next: PrivacyCaptureSettings): Promise<void> {
    this.privacy = next;
    try {
      await privacyCapture.setValue($state.snapshot(next));
      this.error = null;
    } catch (e) {
      this.error = `Could not save: ${e instanceof Error ? e.message : String(e)}`;
    }
  }

  async refreshDiagnostics(): Promise<void> {
    try {
      this.diagnostics = await recordingMessages.send('recording:diagnostics', {});
    } catch (e) {
      this.error = `Could not read the recorder diagnostics: ${e instanceof Error ? e.message : String(e)}`;
    }
  }
}
