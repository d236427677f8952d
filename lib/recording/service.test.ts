// @vitest-environment node
// Node's own Blob, which IndexedDB (fake-indexeddb here) can store and give back: happy-dom's cannot be cloned.
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { deliver, senders } from '../messaging/testing';
import { captureSettings, defaultCaptureSettings } from '../settings/capture';
import { defaultRedactionSettings, redactionSettings } from '../settings/redaction';
import { clearAll, getTabRow } from './capture-db';
import { diagnosticsItem } from './diagnostics';
import { toBatchMessages } from './page-relay';
import { recordingTabs } from './recording-tabs';
import { FLUSH_WAIT_MS, registerCaptureService, type RecorderInjector } from './service';
import { readCapture } from './store';

const ALLOWED = 'https://allowed.test';
const zero = { pageErrors: 0, forged: 0, dropped: 0 };

/** An event as the page world writes it. */
const eventText = (type: number, data: unknown = {}, t = Date.now()) => ({ t, type, json: JSON.stringify({ type, timestamp: t, data }) });

function batchData(pageId = 'p1', url = `${ALLOWED}/`) {
  return {
    pageId,
    url,
    title: 't',
    events: [eventText(4), eventText(2)],
    console: [],
    steps: [],
    gaps: [],
    custom: {},
    diagnostics: { ...zero, forged: 2 },
  };
}

let injected: number[] = [];
const injector: RecorderInjector = { inject: async (tabId: number) => void injected.push(tabId) };

async function openTab(url: string): Promise<number> {
  const tab = await fakeBrowser.tabs.create({ url });
  return tab.id!;
}

beforeEach(async () => {
  fakeBrowser.reset();
  // The fake browser has no scripting: registration is tested end to end.
  vi.spyOn(fakeBrowser.scripting, 'getRegisteredContentScripts').mockResolvedValue([] as never);
  vi.spyOn(fakeBrowser.scripting, 'registerContentScripts').mockResolvedValue(undefined);
  injected = [];
  injector.inject = async (tabId) => void injected.push(tabId);
  await clearAll();
  await captureSettings.setValue({ ...defaultCaptureSettings, allowedOrigins: [ALLOWED] });
  registerCaptureService(injector);
});

describe('capture service', () => {
  it('records an allowed site: hello gives the private recorder config, batches are stored', async () => {
    const tabId = await openTab(`${ALLOWED}/`);
    const sender = senders.contentScript(tabId, 0, `${ALLOWED}/`);
    const hello = (await deliver('recording:hello', { url: `${ALLOWED}/`, title: 't' }, sender)) as {
      record: boolean;
      config: { unmaskInputs: boolean };
    };
    expect(hello.record).toBe(true);
    expect(hello.config.unmaskInputs).toBe(false);
    expect(hello).toMatchObject({ rules: { headers: [], fields: [], patterns: [] } });
    expect((await recordingTabs.getValue())[tabId]?.mode).toBe('rolling');
    expect(await deliver('recording:batch', batchData(), sender)).toEqual({ record: true });
    expect((await readCapture(tabId)).events).toHaveLength(2);
    expect((await diagnosticsItem.getValue()).forged).toBe(2);
  });

  it('checks and redacts the event text of a batch before storing it, counting what it refused', async () => {
    await redactionSettings.setValue({ ...defaultRedactionSettings, patterns: ['EMP-\\d+'] });
    const tabId = await openTab(`${ALLOWED}/`);
    const sender = senders.contentScript(tabId, 0, `${ALLOWED}/`);
    await deliver('recording:hello', { url: `${ALLOWED}/`, title: 't' }, sender);
    const link = {
      source: 0,
      texts: [],
      removes: [],
      attributes: [],
      adds: [
        {
          parentId: 1,
          nextId: null,
          node: { type: 2, id: 5, tagName: 'a', attributes: { href: '/p?token=s3cretT0ken42&u=EMP-4242' }, childNodes: [] },
        },
      ],
    };
    const forged = { ...eventText(3), json: '{"type":3,"timestamp":1}' };
    const data = {
      ...batchData(),
      events: [
        eventText(4, { href: `${ALLOWED}/?session=s3ssi0nS3cret` }),
        eventText(2),
        eventText(3, link),
        forged,
        { ...eventText(3), json: 'not json' },
      ],
    };
    expect(await deliver('recording:batch', data, sender)).toEqual({ record: true });
    const stored = (await readCapture(tabId)).events;
    expect(stored.map((e) => (e as { type: number }).type)).toEqual([4, 2, 3]);
    const text = JSON.stringify(stored);
    for (const secret of ['s3ssi0nS3cret', 's3cretT0ken42', 'EMP-4242']) expect(text).not.toContain(secret);
    expect((await diagnosticsItem.getValue()).dropped).toBe(2);
  });

  it('joins a batch sent in parts before it checks, redacts and stores it, so a secret cut between parts is still found', async () => {
    await redactionSettings.setValue({ ...defaultRedactionSettings, patterns: ['EMP-\\d+'] });
    const tabId = await openTab(`${ALLOWED}/`);
    const sender = senders.contentScript(tabId, 0, `${ALLOWED}/`);
    await deliver('recording:hello', { url: `${ALLOWED}/`, title: 't' }, sender);
    const snapshotWith = (pad: number) =>
      eventText(
        2,
        {
          node: {
            type: 0,
            id: 1,
            childNodes: [
              { type: 3, id: 2, textContent: 'x'.repeat(pad) },
              {
                type: 2,
                id: 3,
                tagName: 'a',
                attributes: { href: '/p?u=EMP-4242' },
                childNodes: [{ type: 3, id: 4, textContent: 'y'.repeat(300) }],
              },
            ],
          },
          initialOffset: { top: 0, left: 0 },
        },
        1,
      );
    // Padded so that a cut (every 160 characters of its text) falls inside the pattern.
    const at = snapshotWith(0).json.indexOf('EMP-4242');
    const snapshot = snapshotWith(160 - (at % 160) - 4 + 160);
    const port = {
      type: 'batch' as const,
      events: [eventText(4), snapshot, eventText(3, { source: 0, texts: [], attributes: [], removes: [], adds: [] })],
      consoleJson: '',
      steps: [],
      gaps: [],
      errors: 0,
    };
    const parts = toBatchMessages(port, { pageId: 'p1', url: `${ALLOWED}/`, title: 't' }, {}, undefined, {
      messageBytes: 160,
      eventBytes: 10_000,
    });
    expect(parts.length).toBeGreaterThan(3);
    // The pattern's text is cut between two parts.
    expect(parts.some((p) => p.events.some((e) => e.json.includes('EMP-4242')))).toBe(false);
    for (const part of parts.slice(0, -1)) {
      expect(await deliver('recording:batch', part, sender)).toEqual({ record: true });
      expect((await readCapture(tabId)).events).toHaveLength(0);
    }
    expect(await deliver('recording:batch', parts.at(-1)!, sender)).toEqual({ record: true });
    const stored = (await readCapture(tabId)).events as { type: number }[];
    expect(stored.map((e) => e.type)).toEqual([4, 2, 3]);
    expect(JSON.stringify(stored)).not.toContain('EMP-4242');
    expect(JSON.stringify(stored)).toContain('y'.repeat(300));
  });

  it("redacts steps and the app's console lines with the tester's rules before storing them", async () => {
    await redactionSettings.setValue({ ...defaultRedactionSettings, fields: ['employeeId'] });
    const tabId = await openTab(`${ALLOWED}/`);
    const sender = senders.contentScript(tabId, 0, `${ALLOWED}/`);
    await deliver('recording:hello', { url: `${ALLOWED}/`, title: 't' }, sender);
    const now = Date.now();
    const step = {
      time: now,
      kind: 'navigate' as const,
      text: 'Go to /u?employeeId=e-77',
      url: `${ALLOWED}/u?employeeId=e-77&code=SplxlOBeZQQYbYS6WxSbIA`,
    };
    const app = {
      level: 'info' as const,
      time: now,
      message: 'signed in',
      args: [],
      source: 'page' as const,
      url: `${ALLOWED}/cb#access_token=at-5ecr3t`,
    };
    await deliver('recording:batch', { ...batchData(), steps: [step], console: [app] }, sender);
    const text = JSON.stringify(await readCapture(tabId));
    for (const secret of ['e-77', 'SplxlOBeZQQYbYS6WxSbIA', 'at-5ecr3t']) expect(text).not.toContain(secret);
    expect(text).toContain('Go to /u?employeeId=');
  });

  it("parses, checks and redacts the recorder's console text (joined from its parts) with the tester's rules before storing it", async () => {
    await redactionSettings.setValue({ ...defaultRedactionSettings, fields: ['employeeId'], patterns: ['EMP-\\d+'] });
    const tabId = await openTab(`${ALLOWED}/`);
    const sender = senders.contentScript(tabId, 0, `${ALLOWED}/`);
    await deliver('recording:hello', { url: `${ALLOWED}/`, title: 't' }, sender);
    const JWT = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U';
    const lines = [
      {
        level: 'log',
        time: Date.now(),
        message: `saved EMP-4242 ${'z'.repeat(200)}`,
        args: [{ employeeId: 'e-77', ok: true }],
        source: 'console',
      },
      { level: 'error', time: Date.now(), message: `token ${JWT}`, args: [], stack: 'at f (app.js:1)' },
      // Forged: a level the recorder never writes, and the app's own source, which only the page link may claim.
      { level: 'shout', time: 1, message: 'x', args: [] },
      { level: 'log', time: 1, message: 'x', args: [], source: 'page' },
    ];
    const port = {
      type: 'batch' as const,
      events: [eventText(4), eventText(2)],
      consoleJson: JSON.stringify(lines),
      steps: [],
      gaps: [],
      errors: 0,
    };
    const app = { level: 'info' as const, time: Date.now(), message: 'from the app', args: [], source: 'page' as const };
    const parts = toBatchMessages(port, { pageId: 'p1', url: `${ALLOWED}/`, title: 't' }, { console: [app] }, undefined, {
      messageBytes: 160,
      eventBytes: 10_000,
    });
    expect(parts.filter((p) => p.consoleJson).length).toBeGreaterThan(1);
    for (const part of parts) await deliver('recording:batch', part, sender);
    const stored = (await readCapture(tabId)).console;
    expect(stored.map((e) => e.level)).toEqual(['log', 'error', 'info']);
    const text = JSON.stringify(stored);
    for (const secret of ['EMP-4242', 'e-77', JWT]) expect(text).not.toContain(secret);
    expect(text).toContain('"ok":true');
    expect((await diagnosticsItem.getValue()).forged).toBe(2);
  });

  it('stores no console line from text that is not a JSON array of entries, and counts it', async () => {
    const tabId = await openTab(`${ALLOWED}/`);
    const sender = senders.contentScript(tabId, 0, `${ALLOWED}/`);
    await deliver('recording:hello', { url: `${ALLOWED}/`, title: 't' }, sender);
    for (const consoleJson of ['[{"level":"log"', '{"level":"log"}']) {
      expect(await deliver('recording:batch', { ...batchData(), diagnostics: zero, consoleJson }, sender)).toEqual({ record: true });
    }
    expect((await readCapture(tabId)).console).toEqual([]);
    expect((await readCapture(tabId)).events).toHaveLength(4);
    expect((await diagnosticsItem.getValue()).forged).toBe(2);
  });

  it('clears the badge of a tab whose recording ended without a stop (Delete all data)', async () => {
    const tabId = await openTab(`${ALLOWED}/`);
    await deliver('recording:hello', { url: `${ALLOWED}/`, title: 't' }, senders.contentScript(tabId, 0, `${ALLOWED}/`));
    await vi.waitFor(async () => expect(await fakeBrowser.action.getBadgeText({ tabId })).toBe('REC'));
    await recordingTabs.setValue({});
    await vi.waitFor(async () => expect(await fakeBrowser.action.getBadgeText({ tabId })).toBe(''));
  });

  it('refuses (and stores nothing from) a tab that is not recording', async () => {
    const tabId = await openTab('https://other.test/');
    const sender = senders.contentScript(tabId, 0, 'https://other.test/');
    expect(await deliver('recording:hello', { url: 'https://other.test/', title: '' }, sender)).toEqual({ record: false });
    expect(await deliver('recording:batch', batchData('p', 'https://other.test/'), sender)).toEqual({ record: false });
    expect((await readCapture(tabId)).events).toEqual([]);
  });

  it('stops a recording tab on its next batch once recording is paused', async () => {
    const tabId = await openTab(`${ALLOWED}/`);
    const sender = senders.contentScript(tabId, 0, `${ALLOWED}/`);
    await deliver('recording:hello', { url: `${ALLOWED}/`, title: 't' }, sender);
    await captureSettings.setValue({ ...defaultCaptureSettings, allowedOrigins: [ALLOWED], paused: true });
    expect(await deliver('recording:batch', batchData(), sender)).toEqual({ record: false });
  });

  it('a repro that follows its tab to a site it may not run on says so, and marks the stretch as a gap once it records again', async () => {
    const tabId = await openTab('https://elsewhere.test/app');
    const sender = senders.contentScript(tabId, 0, 'https://elsewhere.test/app');
    await deliver('recording:start-repro', { tabId }, senders.popup());
    await deliver('recording:hello', { url: 'https://elsewhere.test/app', title: '' }, sender);
    expect(await deliver('recording:batch', batchData('p', 'https://elsewhere.test/app'), sender)).toEqual({ record: true });

    injector.inject = async () => {
      throw new Error('Cannot access contents of the page.');
    };
    const away = await fakeBrowser.tabs.update(tabId, { url: 'https://sso.other.test/login' });
    await fakeBrowser.tabs.onUpdated.trigger(tabId, { status: 'loading' }, away!);
    await vi.waitFor(async () => expect((await recordingTabs.getValue())[tabId]?.lostAccess).toMatchObject({ host: 'sso.other.test' }));
    const status = (await deliver('recording:status', { tabId }, senders.popup())) as { lostAccess: { host: string } | null };
    expect(status.lostAccess).toMatchObject({ host: 'sso.other.test' });

    // Back on the first site, the recorder runs again: the stretch away becomes a recording gap.
    expect(await deliver('recording:batch', batchData('p2', 'https://elsewhere.test/app'), sender)).toEqual({ record: true });
    expect((await recordingTabs.getValue())[tabId]?.lostAccess).toBeUndefined();
    const session = await readCapture(tabId);
    expect(session.gaps).toContainEqual(
      expect.objectContaining({ kind: 'recording', reason: expect.stringMatching(/no access to sso\.other\.test/) }),
    );
  });

  it('a repro injects the recorder into a tab the site policy does not cover, and records there until stopped', async () => {
    const tabId = await openTab('https://elsewhere.test/app');
    const sender = senders.contentScript(tabId, 0, 'https://elsewhere.test/app');
    const status = (await deliver('recording:start-repro', { tabId }, senders.popup())) as { repro: { until: null } };
    expect(injected).toEqual([tabId]);
    expect(status.repro.until).toBeNull();
    expect((await recordingTabs.getValue())[tabId]?.mode).toBe('repro');
    expect(await deliver('recording:hello', { url: 'https://elsewhere.test/app', title: '' }, sender)).toMatchObject({ record: true });
    // The hello of the injected script does not turn the repro into a rolling recording.
    expect((await recordingTabs.getValue())[tabId]?.mode).toBe('repro');
    expect(await deliver('recording:batch', batchData('p', 'https://elsewhere.test/app'), sender)).toEqual({ record: true });

    await deliver('recording:stop-repro', { tabId }, senders.popup());
    expect((await getTabRow(tabId)).repro?.until).toEqual(expect.any(Number));
    expect((await recordingTabs.getValue())[tabId]).toBeUndefined();
    expect(await deliver('recording:batch', batchData('p', 'https://elsewhere.test/app'), sender)).toEqual({ record: false });
    const session = await readCapture(tabId);
    expect(session.mode).toBe('repro');
    expect(session.events).toHaveLength(2);
  });

  it('refuses a repro on a denied site, with a message the popup can show', async () => {
    await captureSettings.setValue({ ...defaultCaptureSettings, denyPatterns: ['bank.test'] });
    const tabId = await openTab('https://bank.test/');
    expect(await deliver('recording:start-repro', { tabId }, senders.popup())).toEqual({
      reproError: expect.stringMatching(/never-record list/),
    });
    expect(injected).toEqual([]);
  });

  it('only extension pages may start a repro or read diagnostics', async () => {
    const tabId = await openTab(`${ALLOWED}/`);
    expect(await deliver('recording:start-repro', { tabId }, senders.contentScript(tabId))).toBeUndefined();
    expect(await deliver('recording:diagnostics', {}, senders.contentScript(tabId))).toBeUndefined();
    expect(await deliver('recording:diagnostics', {}, senders.popup())).toMatchObject({ forged: 0, storeErrors: 0 });
  });

  it('forgets a closed tab', async () => {
    const tabId = await openTab(`${ALLOWED}/`);
    const sender = senders.contentScript(tabId, 0, `${ALLOWED}/`);
    await deliver('recording:hello', { url: `${ALLOWED}/`, title: 't' }, sender);
    await deliver('recording:batch', batchData(), sender);
    await fakeBrowser.tabs.onRemoved.trigger(tabId, { windowId: 1, isWindowClosing: false });
    await expect.poll(async () => (await readCapture(tabId)).events.length).toBe(0);
    expect((await recordingTabs.getValue())[tabId]).toBeUndefined();
  });

  describe('recording an open tab as soon as its site is allowed', () => {
    /** A tab whose recorder, once injected, says hello and records (as the real scripts do). */
    function liveAfterInjection(tabId: number, url: string) {
      let live = false;
      const frames: ('top' | 'all' | undefined)[] = [];
      injector.inject = async (id, which) => {
        frames.push(which);
        await deliver('recording:hello', { url, title: 't' }, senders.contentScript(id, 0, url));
        live = true;
      };
      vi.spyOn(fakeBrowser.tabs, 'sendMessage').mockImplementation((async () => {
        if (!live) throw new Error('Could not establish connection. Receiving end does not exist.');
        return { url, recording: true, pageWorldReady: true };
      }) as never);
      return frames;
    }

    it('injects the recorder into every frame of the open tab and answers once it records, from that moment', async () => {
      const tabId = await openTab(`${ALLOWED}/app`);
      const frames = liveAfterInjection(tabId, `${ALLOWED}/app`);
      const before = Date.now();
      const status = (await deliver('recording:record-tab', { tabId }, senders.popup())) as {
        recording: boolean;
        mode: string;
        since: number;
      };
      expect(frames).toEqual(['all']);
      expect(status).toMatchObject({ recording: true, mode: 'rolling' });
      expect(status.since).toBeGreaterThanOrEqual(before);
    });

    it('injects nothing into a site that is not allowed, or where a recorder already runs', async () => {
      const elsewhere = await openTab('https://elsewhere.test/');
      const frames = liveAfterInjection(elsewhere, 'https://elsewhere.test/');
      expect(await deliver('recording:record-tab', { tabId: elsewhere }, senders.popup())).toMatchObject({
        recording: false,
        decision: 'not-allowed',
      });
      expect(frames).toEqual([]);

      const allowed = await openTab(`${ALLOWED}/`);
      vi.spyOn(fakeBrowser.tabs, 'sendMessage').mockResolvedValue({ url: `${ALLOWED}/`, recording: false, pageWorldReady: true } as never);
      expect(await deliver('recording:record-tab', { tabId: allowed }, senders.popup())).toMatchObject({
        recording: false,
        contentScript: true,
      });
      expect(frames).toEqual([]);
    });

    it('says why when the page cannot be entered', async () => {
      const tabId = await openTab(`${ALLOWED}/`);
      injector.inject = async () => {
        throw new Error('Cannot access contents of the page.');
      };
      expect(await deliver('recording:record-tab', { tabId }, senders.popup())).toEqual({
        reproError: expect.stringMatching(/could not start recording in this tab: Cannot access/),
      });
    });

    it('is refused from a content script', async () => {
      const tabId = await openTab(`${ALLOWED}/`);
      expect(await deliver('recording:record-tab', { tabId }, senders.contentScript(tabId))).toBeUndefined();
      expect(injected).toEqual([]);
    });
  });

  describe('flush before the reporter reads', () => {
    it('asks the top frame of the tab and passes on its answer', async () => {
      const tabId = await openTab(`${ALLOWED}/`);
      const asked: unknown[] = [];
      vi.spyOn(fakeBrowser.tabs, 'sendMessage').mockImplementation((async (
        id: number,
        message: { type: string },
        options: { frameId?: number },
      ) => {
        asked.push([id, message.type, options.frameId]);
        return { flushed: true };
      }) as never);
      expect(await deliver('recording:flush', { tabId }, senders.popup())).toEqual({ flushed: true });
      expect(asked).toEqual([[tabId, 'recording:tab-flush', 0]]);
    });

    it('answers false when the tab has no recorder, or it does not answer in time', async () => {
      const tabId = await openTab(`${ALLOWED}/`);
      vi.spyOn(fakeBrowser.tabs, 'sendMessage').mockRejectedValueOnce(
        new Error('Could not establish connection. Receiving end does not exist.'),
      );
      expect(await deliver('recording:flush', { tabId }, senders.popup())).toEqual({ flushed: false });

      vi.useFakeTimers();
      try {
        vi.spyOn(fakeBrowser.tabs, 'sendMessage').mockReturnValueOnce(new Promise(() => undefined) as never);
        const answer = deliver('recording:flush', { tabId }, senders.popup());
        await vi.advanceTimersByTimeAsync(FLUSH_WAIT_MS);
        expect(await answer).toEqual({ flushed: false });
      } finally {
        vi.useRealTimers();
      }
    });

    it('is refused from a content script: a page cannot make other tabs flush', async () => {
      const tabId = await openTab(`${ALLOWED}/`);
      expect(await deliver('recording:flush', { tabId }, senders.contentScript(tabId))).toBeUndefined();
    });
  });
});

describe('segments started by the worker', () => {
  it('writes the next segment from its replica once the open one is half a window old, with what was redacted still redacted', async () => {
    await captureSettings.setValue({ ...defaultCaptureSettings, allowedOrigins: [ALLOWED], windowMs: 30_000 });
    const tabId = await openTab(`${ALLOWED}/`);
    const sender = senders.contentScript(tabId, 0, `${ALLOWED}/`);
    await deliver('recording:hello', { url: `${ALLOWED}/`, title: 't' }, sender);
    const t0 = Date.now() - 20_000;
    const tree = { type: 0, id: 1, childNodes: [{ type: 2, id: 2, tagName: 'html', attributes: {}, childNodes: [] }] };
    const link = {
      source: 0,
      texts: [],
      removes: [],
      attributes: [],
      adds: [
        {
          parentId: 2,
          nextId: null,
          node: { type: 2, id: 3, tagName: 'a', attributes: { href: '/p?token=s3cretT0ken42' }, childNodes: [] },
        },
      ],
    };
    const first = {
      ...batchData(),
      events: [
        eventText(4, { href: `${ALLOWED}/`, width: 800, height: 600 }, t0),
        eventText(2, { node: tree, initialOffset: { left: 0, top: 0 } }, t0),
        eventText(3, link, t0 + 1000),
      ],
    };
    expect(await deliver('recording:batch', first, sender)).toEqual({ record: true });
    expect(
      await deliver('recording:batch', { ...batchData(), events: [eventText(3, { source: 1, positions: [] }, t0 + 16_000)] }, sender),
    ).toEqual({ record: true });
    const row = await getTabRow(tabId);
    expect(row.buffer.segments.map((s) => s.start)).toEqual([t0, t0 + 16_000]);
    const events = (await readCapture(tabId)).events as { type: number; timestamp: number; data: { node?: unknown } }[];
    const written = events.filter((e) => e.timestamp === t0 + 16_000 && e.type === 2);
    expect(written).toHaveLength(1);
    expect(JSON.stringify(written[0]!.data.node)).toContain('"tagName":"a"');
    expect(JSON.stringify(events)).not.toContain('s3cretT0ken42');
  });
});
