import { beforeEach, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { deliver, senders } from '../messaging/testing';
import { defaultCaptureSettings, getCaptureSettings } from '../settings/capture';
import { getRetentionSettings } from '../settings/retention';
import { registerDataService } from './service';
import { exportSettings, importSettings, parseSettingsFile } from './settings-file';

beforeEach(() => fakeBrowser.reset());

const file = (settings: Record<string, unknown>, extra: Record<string, unknown> = {}): string =>
  JSON.stringify({ format: 'repro-settings', version: 1, settings, ...extra });

it('exports every settings item, registered or not, and never credentials', async () => {
  await fakeBrowser.storage.local.set({
    'settings.capture': { ...defaultCaptureSettings, denyPatterns: ['bank.test'] },
    'settings.team': { headers: ['x-team'], apiToken: 'tok-1', nested: { password: 'p' } },
    'settings.credentials': { jira: 'secret' },
    'credentials.jira': { token: 'secret' },
    'capture.other': 1,
  });
  const out = await exportSettings(new Date('2026-01-02T03:04:05Z'));
  expect(out).toMatchObject({ format: 'repro-settings', version: 1, exportedAt: '2026-01-02T03:04:05.000Z' });
  expect(Object.keys(out.settings)).toEqual(['capture', 'network', 'privacyCapture', 'redaction', 'retention', 'team']);
  expect(out.settings.capture).toMatchObject({ denyPatterns: ['bank.test'] });
  expect(out.settings.retention).toEqual({ days: 7 });
  expect(out.settings.team).toEqual({ headers: ['x-team'], nested: {} });
  expect(JSON.stringify(out)).not.toMatch(/secret|tok-1/);
});

it('round-trips a file into another profile', async () => {
  await fakeBrowser.storage.local.set({
    'settings.capture': { ...defaultCaptureSettings, windowMs: 300_000 },
    'settings.retention': { days: 30 },
  });
  const text = JSON.stringify(await exportSettings());
  fakeBrowser.reset();
  expect(await importSettings(text)).toEqual({ ok: true, applied: ['capture', 'network', 'privacyCapture', 'redaction', 'retention'] });
  expect((await getCaptureSettings()).windowMs).toBe(300_000);
  expect((await getRetentionSettings()).days).toBe(30);
});

it('fills fields an older file lacks with defaults and keeps unknown areas', () => {
  const parsed = parseSettingsFile(file({ capture: { paused: true }, viewer: { theme: 'dark' } }));
  expect(parsed).toEqual({
    ok: true,
    entries: { 'settings.capture': { ...defaultCaptureSettings, paused: true }, 'settings.viewer': { theme: 'dark' } },
  });
});

it('names every invalid field and applies nothing', async () => {
  const text = file({ capture: { windowMs: 5_000, paused: 'yes' }, privacyCapture: { unmaskInputs: 'please' }, retention: { days: 0 } });
  const result = await importSettings(text);
  expect(result).toEqual({
    ok: false,
    errors: [
      'capture.paused: expected boolean, got "yes".',
      'capture.windowMs must be between 30 s and 15 min (30000–900000 ms).',
      'privacyCapture.unmaskInputs: expected boolean, got "please".',
      'retention.days must be a whole number of days from 1 to 365.',
    ].sort(),
  });
  expect(await fakeBrowser.storage.local.get(null)).toEqual({});
});

it('explains files that are not settings files', () => {
  const errors = (text: string): string[] => {
    const parsed = parseSettingsFile(text);
    return parsed.ok ? [] : parsed.errors;
  };
  expect(errors('{nope')[0]).toMatch(/^The file is not valid JSON/);
  expect(errors('{"a":1}')[0]).toMatch(/not a Repro settings file/);
  expect(errors(file({}, { format: 'other' }))[0]).toMatch(/format is "other"/);
  expect(errors(file({}, { version: 2 }))[0]).toMatch(/version 2, newer than this Repro reads \(1\)/);
  expect(errors(file({ '../x': {} }))[0]).toMatch(/is not a settings name/);
  expect(errors(file({ credentials: { jira: 'x' } }))[0]).toMatch(/credentials are never imported/);
  expect(errors(file({ capture: [1] }))[0]).toBe('capture must be an object of settings.');
});

it('is reachable from extension pages only', async () => {
  registerDataService();
  const text = file({ retention: { days: 9 } });
  expect(await deliver('privacy:import-settings', { text }, senders.contentScript())).toBeUndefined();
  expect(await deliver('privacy:export-settings', {}, senders.otherExtension())).toBeUndefined();
  expect(await deliver('privacy:import-settings', { text }, senders.popup())).toEqual({ ok: true, applied: ['retention'] });
  expect((await getRetentionSettings()).days).toBe(9);
});
