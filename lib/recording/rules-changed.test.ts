import { beforeEach, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { captureSettings, defaultCaptureSettings } from '../settings/capture';
import { defaultRedactionSettings, redactionSettings } from '../settings/redaction';
import { STOPPED_REPRO_KEPT_MS } from './capture-db';
import { redactionChangedAt, rulesChangedSinceRecording, watchRedactionChanges } from './rules-changed';

beforeEach(() => fakeBrowser.reset());

it('notes when the rules change, and asks for the recording to be read again while it may predate them', async () => {
  expect(await rulesChangedSinceRecording()).toBe(false);
  const stop = watchRedactionChanges();
  await redactionSettings.setValue({ ...defaultRedactionSettings, patterns: ['EMP-\\d+'] });
  await expect.poll(() => redactionChangedAt.getValue()).toBeGreaterThan(0);
  stop();
  const changedAt = await redactionChangedAt.getValue();
  await captureSettings.setValue({ ...defaultCaptureSettings, reproCapMs: 30 * 60_000 });
  expect(await rulesChangedSinceRecording(changedAt + 60_000)).toBe(true);
  expect(await rulesChangedSinceRecording(changedAt + 30 * 60_000 + STOPPED_REPRO_KEPT_MS + 1)).toBe(false);
});
