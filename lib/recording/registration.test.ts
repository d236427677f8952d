import { beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { defaultCaptureSettings } from '../settings/capture';
import { RECORDER_SCRIPTS, syncRecorderScripts } from './registration';

type Script = Parameters<typeof fakeBrowser.scripting.registerContentScripts>[0][number];

/** The browser's registered scripts, and every call that changed them. */
let held: Map<string, Script>;
let calls: string[];

// The browser's scripting calls as an in-memory registry (the fake browser has none); `as never`: the
// spied functions are typed with their callback overloads, which return void.
const fakeScripting = {
  getRegisteredContentScripts: async (filter?: { ids?: string[] }) =>
    [...held.values()].filter((s) => !filter?.ids || filter.ids.includes(s.id)),
  registerContentScripts: async (scripts: Script[]) => {
    for (const s of scripts) {
      if (held.has(s.id)) throw new Error(`duplicate id ${s.id}`);
      held.set(s.id, s);
    }
    calls.push(`register ${scripts.map((s) => s.id).join(',')}`);
  },
  updateContentScripts: async (scripts: Script[]) => {
    for (const s of scripts) held.set(s.id, { ...held.get(s.id)!, ...s });
    calls.push(`update ${scripts.map((s) => s.id).join(',')}`);
  },
  unregisterContentScripts: async (filter?: { ids?: string[] }) => {
    for (const id of filter?.ids ?? [...held.keys()]) held.delete(id);
    calls.push(`unregister ${(filter?.ids ?? []).join(',')}`);
  },
};

beforeEach(() => {
  vi.restoreAllMocks();
  held = new Map();
  calls = [];
  for (const name of Object.keys(fakeScripting) as (keyof typeof fakeScripting)[])
    vi.spyOn(fakeBrowser.scripting, name).mockImplementation(fakeScripting[name] as never);
});

const allowing = (...origins: string[]) => ({ ...defaultCaptureSettings, everywhere: false, allowedOrigins: origins });

describe('recorder script registration', () => {
  it('registers both scripts at document_start in every frame, the page-world one in the MAIN world', async () => {
    await syncRecorderScripts(allowing('https://shop.test'));
    expect(calls).toEqual([`register ${RECORDER_SCRIPTS.main.id},${RECORDER_SCRIPTS.isolated.id}`]);
    expect(held.get(RECORDER_SCRIPTS.main.id)).toMatchObject({
      matches: ['https://shop.test/*'],
      world: 'MAIN',
      runAt: 'document_start',
      allFrames: true,
    });
    expect(held.get(RECORDER_SCRIPTS.isolated.id)).toMatchObject({
      matches: ['https://shop.test/*'],
      runAt: 'document_start',
      allFrames: true,
    });
  });

  it('leaves registrations the browser already holds alone, as at every browser start', async () => {
    await syncRecorderScripts(allowing('https://shop.test'));
    calls = [];
    await syncRecorderScripts(allowing('https://shop.test'));
    expect(calls).toEqual([]);
  });

  it('updates the scripts in place when a site is added, never leaving a moment with none registered', async () => {
    await syncRecorderScripts(allowing('https://shop.test'));
    calls = [];
    await syncRecorderScripts(allowing('https://shop.test', 'https://admin.test'));
    expect(calls).toEqual([`update ${RECORDER_SCRIPTS.main.id},${RECORDER_SCRIPTS.isolated.id}`]);
    expect(held.get(RECORDER_SCRIPTS.main.id)?.matches).toEqual(['https://shop.test/*', 'https://admin.test/*']);
    expect(held.get(RECORDER_SCRIPTS.main.id)?.world).toBe('MAIN');
  });

  it('unregisters both when no site is recorded any more, and registers only what is missing', async () => {
    await syncRecorderScripts(allowing('https://shop.test'));
    await syncRecorderScripts(allowing());
    expect(held.size).toBe(0);
    held.set(RECORDER_SCRIPTS.isolated.id, {
      id: RECORDER_SCRIPTS.isolated.id,
      js: [RECORDER_SCRIPTS.isolated.js],
      matches: ['https://shop.test/*'],
      runAt: 'document_start',
      allFrames: true,
      persistAcrossSessions: true,
    });
    calls = [];
    await syncRecorderScripts(allowing('https://shop.test'));
    expect(calls).toEqual([`register ${RECORDER_SCRIPTS.main.id}`]);
  });
});
