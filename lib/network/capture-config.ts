/** The settings network capture works with, read once and kept until they change. */
import { defaultNetworkSettings, getNetworkSettings, type NetworkSettings } from '../settings/network';
import { getRedactionSettings, toRules, type RedactionSettings } from '../settings/redaction';
import type { LogOptions } from './log-state';

export interface CaptureConfigValue {
  settings: NetworkSettings;
  redaction: RedactionSettings;
  options: LogOptions;
}

/** Bounds of the WebSocket / EventSource messages kept per connection. */
const MESSAGES = { maxMessages: 500, maxMessageBytes: 16 * 1024 };

export class CaptureConfig {
  private settings: NetworkSettings | null = null;
  private redaction: RedactionSettings | null = null;

  /** The current settings and the log options made from them. */
  async get(): Promise<CaptureConfigValue> {
    const settings = (this.settings ??= await getNetworkSettings());
    const redaction = (this.redaction ??= await getRedactionSettings());
    return { settings, redaction, options: { rules: toRules(redaction), noBodyUrls: redaction.noBodyUrls, ...MESSAGES } };
  }

  /** Network settings changed (null: read them again when next needed); fields an older version lacks keep their value. */
  setSettings(value: NetworkSettings | null): void {
    this.settings = value ? { ...defaultNetworkSettings, ...this.settings, ...value } : null;
  }

  /** Redaction rules changed: read them again when next needed. */
  redactionChanged(): void {
    this.redaction = null;
  }
}
