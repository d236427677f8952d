import { beforeEach, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { defaultRedactionSettings, redactionSettings } from '../settings/redaction';
import { recordingTabs, setRecordingTab } from './recording-tabs';

beforeEach(() => fakeBrowser.reset());

it('keeps the tab address without the secrets of its query and fragment', async () => {
  await setRecordingTab(7, {
    url: 'https://shop.test/account?session=S3ss10nV4lue&tab=2#access_token=Fr4gT0ken',
    mode: 'rolling',
    since: 1,
  });
  const stored = (await recordingTabs.getValue())[7]!;
  expect(stored).toMatchObject({ mode: 'rolling', since: 1 });
  expect(new URL(stored.url).origin).toBe('https://shop.test');
  expect(stored.url).toContain('tab=2');
  expect(JSON.stringify(stored)).not.toMatch(/S3ss10nV4lue|Fr4gT0ken/);
});

it("applies the tester's rules to the tab address", async () => {
  await redactionSettings.setValue({ ...defaultRedactionSettings, fields: ['employeeId'] });
  await setRecordingTab(7, { url: 'https://shop.test/u?employeeId=e-77&tab=2', mode: 'rolling', since: 1 });
  expect((await recordingTabs.getValue())[7]!.url).not.toContain('e-77');
});

it('clears a tab with null', async () => {
  await setRecordingTab(7, { url: 'https://shop.test/', mode: 'repro', since: 1 });
  await setRecordingTab(7, null);
  expect(await recordingTabs.getValue()).toEqual({});
});
