import { describe, expect, it } from 'vitest';
import type { PortBatch } from '../page/protocol';
import { createBatchJoiner } from './batch-parts';
import { createPageRelay, ENTRY_RATES, toBatchMessages, type BatchData } from './page-relay';

const page = { pageId: 'p1', url: 'https://site.test/', title: 'Site' };
const batch = (over: Partial<PortBatch> = {}): PortBatch => ({
  type: 'batch',
  events: [],
  consoleJson: '',
  steps: [],
  gaps: [],
  errors: 0,
  ...over,
});
const line = (message: string) => ({ level: 'log' as const, time: 1, message, args: [message] });
/** An event as the page world sends it: its JSON text, with its time and type. */
const ev = (t: number, size = 10, type = 3) => ({ t, type, json: JSON.stringify({ type, timestamp: t, data: { s: 'x'.repeat(size) } }) });
const JWT = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U';

describe('toBatchMessages', () => {
  it('passes events on as the text the page world wrote, with their time and type', () => {
    const [m] = toBatchMessages(batch({ events: [ev(5)] }), page, {});
    expect(m!.events).toEqual([ev(5)]);
    expect(m!.pageId).toBe('p1');
  });

  it('splits events across numbered parts of bounded size, in order, each but the last saying more follow', () => {
    const events = Array.from({ length: 10 }, (_, i) => ev(i, 100));
    const messages = toBatchMessages(batch({ events }), page, {}, undefined, { messageBytes: 300, eventBytes: 10_000 });
    expect(messages.length).toBeGreaterThan(3);
    for (const m of messages) expect(m.events.reduce((n, e) => n + e.json.length, 0)).toBeLessThanOrEqual(300);
    expect(messages.flatMap((m) => m.events.map((e) => e.t))).toEqual(events.map((e) => e.t));
    expect(messages.map((m) => m.part ?? 0)).toEqual(messages.map((_, i) => i));
    expect(messages.map((m) => m.more ?? false)).toEqual(messages.map((_, i) => i < messages.length - 1));
  });

  it('sends a batch that fits in one part as one message, with no part fields', () => {
    const messages = toBatchMessages(batch({ events: [ev(1), ev(2)] }), page, {});
    expect(messages).toHaveLength(1);
    expect(messages[0]).not.toHaveProperty('part');
    expect(messages[0]).not.toHaveProperty('more');
  });

  it('cuts the text of an event too long for one part across parts, which the worker joins back', () => {
    const big = ev(7, 1000, 2);
    const consoleJson = JSON.stringify([line('x')]);
    const messages = toBatchMessages(batch({ events: [ev(6), big, ev(8)], consoleJson }), page, {}, undefined, {
      messageBytes: 300,
      eventBytes: 10_000,
    });
    for (const m of messages) expect(m.events.reduce((n, e) => n + e.json.length, 0)).toBeLessThanOrEqual(300);
    const pieces = messages.flatMap((m) => m.events).filter((e) => e.t === 7);
    expect(pieces.length).toBeGreaterThanOrEqual(4);
    expect(pieces.slice(0, -1).every((e) => e.cont)).toBe(true);
    expect(pieces.at(-1)).not.toHaveProperty('cont');
    expect(messages[0]!.consoleJson).toBe(consoleJson);
    expect(messages.slice(1).every((m) => m.consoleJson === undefined)).toBe(true);
    const joiner = createBatchJoiner();
    const results = messages.map((m) => joiner.add('tab/0/p1', m, 0));
    expect(results.slice(0, -1).map((r) => r.batch)).toEqual(messages.slice(0, -1).map(() => null));
    const whole = results.at(-1)!;
    expect(whole.dropped).toBe(0);
    expect(whole.batch!.events).toEqual([ev(6), big, ev(8)]);
    expect(whole.batch!.consoleJson).toBe(consoleJson);
  });

  it('counts console text in the part budget and cuts it across parts when long, ahead of the events', () => {
    const consoleJson = JSON.stringify(Array.from({ length: 20 }, (_, i) => line(`line ${i} ${'y'.repeat(40)}`)));
    const messages = toBatchMessages(batch({ events: [ev(1), ev(2)], consoleJson }), page, {}, undefined, {
      messageBytes: 300,
      eventBytes: 10_000,
    });
    for (const m of messages) expect(m.events.reduce((n, e) => n + e.json.length, m.consoleJson?.length ?? 0)).toBeLessThanOrEqual(300);
    expect(messages.length).toBeGreaterThan(Math.floor(consoleJson.length / 300));
    expect(messages.map((m) => m.consoleJson ?? '').join('')).toBe(consoleJson);
    const joiner = createBatchJoiner();
    const whole = messages.map((m) => joiner.add('tab/0/p1', m, 0)).at(-1)!;
    expect(whole.batch!.consoleJson).toBe(consoleJson);
    expect(whole.batch!.events).toEqual([ev(1), ev(2)]);
  });

  it('counts characters outside Latin-1 twice, as the clone copies them, and never cuts a surrogate pair', () => {
    const wide = { t: 1, type: 3, json: JSON.stringify({ s: '\u{1F600}'.repeat(200) }) };
    const narrow = { t: 2, type: 3, json: JSON.stringify({ s: 'x'.repeat(wide.json.length - 8) }) };
    const messages = toBatchMessages(batch({ events: [wide, narrow] }), page, {}, undefined, { messageBytes: 301, eventBytes: 10_000 });
    const widePieces = messages.flatMap((m) => m.events).filter((e) => e.t === 1);
    const narrowPieces = messages.flatMap((m) => m.events).filter((e) => e.t === 2);
    expect(widePieces.length).toBeGreaterThan(narrowPieces.length);
    for (const piece of widePieces) {
      expect(piece.json.length * 2).toBeLessThanOrEqual(301);
      expect(piece.json.charCodeAt(piece.json.length - 1) & 0xfc00).not.toBe(0xd800);
    }
    expect(widePieces.map((e) => e.json).join('')).toBe(wide.json);
  });

  it('leaves out an event too large for one message and records the gap', () => {
    const [m] = toBatchMessages(batch({ events: [ev(1, 5000), ev(2)] }), page, {}, undefined, { messageBytes: 100, eventBytes: 1000 });
    expect(m!.events.map((e) => e.t)).toEqual([2]);
    expect(m!.gaps[0]).toMatchObject({ from: 1, to: 1 });
    expect(m!.diagnostics.dropped).toBe(1);
  });

  it("passes the recorder's console text on as the page wrote it, the worker's to check and redact, after the app's own lines", () => {
    const consoleJson = JSON.stringify([{ level: 'error', time: 1, message: `token ${JWT}`, args: [] }]);
    const app = { ...line('from the app'), source: 'page' as const };
    const [m] = toBatchMessages(batch({ consoleJson }), page, { console: [app] });
    expect(m!.consoleJson).toBe(consoleJson);
    expect(m!.console).toEqual([app]);
  });

  it("redacts the page address before it leaves the page; event text is the worker's to check and redact", () => {
    const secretPage = { ...page, url: 'https://site.test/app?session=s3cr3tSess10n#access_token=fr4gT0ken' };
    const meta = { t: 1, type: 4, json: JSON.stringify({ type: 4, timestamp: 1, data: { href: secretPage.url, width: 1, height: 1 } }) };
    const [m] = toBatchMessages(batch({ events: [meta] }), secretPage, {});
    expect(m!.url).not.toContain('s3cr3tSess10n');
    expect(m!.url).not.toContain('fr4gT0ken');
    expect(m!.url).toMatch(/^https:\/\/site\.test\/app\?session=/);
    expect(m!.events).toEqual([meta]);
  });

  it('redacts the page address again when the address or the rules change', () => {
    const url = 'https://site.test/?emp=EMP-4242&token=t0kenV4lue';
    const first = toBatchMessages(batch(), { ...page, url }, {})[0]!.url;
    expect(first).not.toContain('t0kenV4lue');
    expect(first).toContain('EMP-4242');
    const rules = { headers: [], fields: [], patterns: ['EMP-\\d+'] };
    expect(toBatchMessages(batch(), { ...page, url }, {}, rules)[0]!.url).not.toContain('EMP-4242');
    expect(toBatchMessages(batch(), { ...page, url: 'https://site.test/other' }, {}, rules)[0]!.url).toBe('https://site.test/other');
  });

  it('adds the recorder error count to the diagnostics', () => {
    const [m] = toBatchMessages(batch({ errors: 3 }), page, { diagnostics: { pageErrors: 1, forged: 2, dropped: 0 } });
    expect(m!.diagnostics).toEqual({ pageErrors: 4, forged: 2, dropped: 0 });
  });
});

function setup() {
  const sent: BatchData[] = [];
  let answer = true;
  let stops = 0;
  const due: (() => void)[] = [];
  const relay = createPageRelay({
    page: () => page,
    send: async (d) => {
      sent.push(d);
      return { record: answer };
    },
    onStop: () => stops++,
    timers: { setTimeout: (fn) => due.push(fn) },
  });
  return { relay, sent, stops: () => stops, refuse: () => (answer = false), runTimers: () => due.splice(0).forEach((fn) => fn()) };
}

describe('createPageRelay', () => {
  it('holds batches until the worker says the page records, then sends them in order', async () => {
    const t = setup();
    t.relay.fromPort(batch({ events: [ev(1)] }));
    t.relay.fromPort(batch({ events: [ev(2)] }));
    await t.relay.idle();
    expect(t.sent).toEqual([]);
    t.relay.setRecording(true);
    await t.relay.idle();
    expect(t.sent.map((m) => m.events[0]!.t)).toEqual([1, 2]);
  });

  it("applies the tester's own redaction rules, once the worker has sent them, to the page address", async () => {
    const t = setup();
    const relay = createPageRelay({
      page: () => ({ ...page, url: 'https://site.test/?emp=EMP-4242' }),
      send: async (d) => (t.sent.push(d), { record: true }),
      onStop: () => undefined,
    });
    relay.setRules({ headers: [], fields: [], patterns: ['EMP-\\d+'] });
    relay.fromPort(batch({ events: [ev(1)] }));
    relay.setRecording(true);
    await relay.idle();
    expect(t.sent[0]!.url).not.toContain('EMP-4242');
  });

  it('drops everything when the page does not record', async () => {
    const t = setup();
    t.relay.fromPort(batch({ events: [ev(1)] }));
    t.relay.setRecording(false);
    t.relay.fromPort(batch({ events: [ev(2)] }));
    await t.relay.idle();
    expect(t.sent).toEqual([]);
    expect(t.stops()).toBe(1);
  });

  it('refuses anything that is not a well-formed batch, and counts it', async () => {
    const t = setup();
    t.relay.setRecording(true);
    for (const bad of [
      { type: 'stop' },
      { type: 'batch', events: [{ t: 1, type: 99, json: '{}' }], console: [], steps: [], gaps: [], errors: 0 },
      // An event object rather than its text.
      { type: 'batch', events: [{ type: 3, timestamp: 1, data: {} }], console: [], steps: [], gaps: [], errors: 0 },
      { type: 'batch', events: 'x', console: [], steps: [], gaps: [], errors: 0 },
      // Console entries as objects (the recorder sends their JSON text), or no console text at all.
      { type: 'batch', events: [], console: [{ level: 'log', time: 1, message: 'x', args: [] }], steps: [], gaps: [], errors: 0 },
      batch({ events: Array.from({ length: 2001 }, () => ev(1)) }),
      null,
    ]) {
      t.relay.fromPort(bad);
    }
    await t.relay.idle();
    expect(t.sent).toEqual([]);
    expect(t.relay.diagnostics.forged).toBe(7);
  });

  it('stops when the worker stops the recording (pause, deny list, end of a repro)', async () => {
    const t = setup();
    t.relay.setRecording(true);
    t.refuse();
    t.relay.fromPort(batch({ events: [ev(1)] }));
    await t.relay.idle();
    t.relay.fromPort(batch({ events: [ev(2)] }));
    await t.relay.idle();
    expect(t.sent).toHaveLength(1);
    expect(t.stops()).toBe(1);
  });

  it('sends app logs and metadata with the next batch, marked as from the page', async () => {
    const t = setup();
    t.relay.setRecording(true);
    t.relay.appMetadata({ build: '1.2.3' });
    t.relay.appLog({ level: 'info', time: 1, message: 'hello', args: ['hello'], source: 'page' });
    t.runTimers();
    await t.relay.idle();
    const all = t.sent.flatMap((m) => m.console);
    expect(all).toEqual([{ level: 'info', time: 1, message: 'hello', args: ['hello'], source: 'page' }]);
    expect(Object.assign({}, ...t.sent.map((m) => m.custom))).toEqual({ build: '1.2.3' });
  });
});

describe('when a batch is lost on its way to the worker', () => {
  it('waits for a fresh snapshot, asks for one, and records the gap instead of storing what would not replay', async () => {
    const sent: BatchData[] = [];
    let fail = true;
    let checkouts = 0;
    const relay = createPageRelay({
      page: () => page,
      send: async (d) => {
        if (fail) throw new Error('Extension context invalidated.');
        sent.push(d);
        return { record: true };
      },
      onStop: () => undefined,
      onCheckout: () => checkouts++,
    });
    relay.setRecording(true);
    relay.fromPort(batch({ events: [ev(1), ev(2)] }));
    await relay.idle();
    expect(checkouts).toBe(1);
    expect(relay.diagnostics.dropped).toBe(2);
    fail = false;
    relay.fromPort(batch({ events: [ev(3)] }));
    relay.fromPort(batch({ events: [ev(4, 10, 4), ev(4, 10, 2), ev(5)] }));
    await relay.idle();
    expect(sent.flatMap((m) => m.events.map((e) => e.t))).toEqual([4, 4, 5]);
    expect(sent.flatMap((m) => m.gaps)).toEqual([{ from: 1, to: 4, reason: expect.stringMatching(/could not be handed to Repro/) }]);
  });
});

/** A worker that answers only when the test says: what was sent, and one answer to give per message. */
function heldAnswers() {
  const sent: BatchData[] = [];
  const answers: (() => void)[] = [];
  const send = (d: BatchData) => {
    sent.push(d);
    return new Promise<{ record: boolean }>((resolve) => answers.push(() => resolve({ record: true })));
  };
  return { sent, answers, send };
}

describe('a batch that follows one not yet answered', () => {
  it('goes at once: the step of a click that leaves the page must not wait for the worker', async () => {
    const { sent, answers, send } = heldAnswers();
    let stops = 0;
    const relay = createPageRelay({ page: () => page, send, onStop: () => stops++ });
    relay.setRecording(true);
    relay.fromPort(batch({ events: [ev(1)] }));
    relay.fromPort(batch({ steps: [{ time: 2, kind: 'click', text: 'Click "Continue"' }] }));
    // Nothing answered yet, and no task run: both are already on their way, in order.
    expect(sent.map((m) => m.events.length)).toEqual([1, 0]);
    expect(sent[1]!.steps.map((s) => s.text)).toEqual(['Click "Continue"']);
    answers.splice(0).forEach((a) => a());
    await relay.idle();
    expect(stops).toBe(0);
  });
});

describe('a batch in parts', () => {
  it('sends every part at once, without waiting for the answer to the one before', async () => {
    const { sent, answers, send } = heldAnswers();
    const relay = createPageRelay({
      page: () => page,
      send,
      onStop: () => undefined,
    });
    relay.setRecording(true);
    // About 3 MB: more than 50 parts.
    relay.fromPort(batch({ events: Array.from({ length: 30 }, (_, i) => ev(i, 100_000)) }));
    await new Promise((r) => setTimeout(r, 0));
    expect(sent.length).toBeGreaterThan(50);
    expect(sent.at(-1)!.more).toBeUndefined();
    let idle = false;
    void relay.idle().then(() => (idle = true));
    answers.splice(0, 10).forEach((a) => a());
    await new Promise((r) => setTimeout(r, 0));
    expect(idle).toBe(false);
    answers.splice(0).forEach((a) => a());
    await relay.idle();
  });

  it('counts the events of a lost part as dropped and has the page take a fresh snapshot', async () => {
    let calls = 0;
    let checkouts = 0;
    const relay = createPageRelay({
      page: () => page,
      send: async () => {
        if (++calls === 2) throw new Error('Extension context invalidated.');
        return { record: true };
      },
      onStop: () => undefined,
      onCheckout: () => checkouts++,
    });
    relay.setRecording(true);
    relay.fromPort(batch({ events: Array.from({ length: 30 }, (_, i) => ev(i, 100_000)) }));
    await relay.idle();
    // The second part held the end of the first event and the start of the second.
    expect(relay.diagnostics.dropped).toBe(1);
    expect(checkouts).toBe(1);
  });
});

describe('when the worker asks for a snapshot', () => {
  it('has the page take one (the worker could not start the next segment, or the open one is full)', async () => {
    let checkouts = 0;
    const answers = [{ record: true }, { record: true, checkout: true }, { record: true }];
    const relay = createPageRelay({
      page: () => page,
      send: async () => answers.shift()!,
      onStop: () => undefined,
      onCheckout: () => checkouts++,
    });
    relay.setRecording(true);
    for (let i = 0; i < 3; i++) relay.fromPort(batch({ events: [ev(i)] }));
    await relay.idle();
    expect(checkouts).toBe(1);
  });
});

describe('when the worker falls behind', () => {
  it('leaves events out until the next snapshot, asks for one, and records the gap', async () => {
    const { sent, answers, send } = heldAnswers();
    let checkouts = 0;
    const relay = createPageRelay({
      page: () => page,
      send,
      onStop: () => undefined,
      onCheckout: () => checkouts++,
      inflightBytes: 100,
    });
    relay.setRecording(true);
    relay.fromPort(batch({ events: [ev(1, 200)] }));
    await Promise.resolve();
    // The first batch is unanswered and over the bound: these are left out.
    relay.fromPort(batch({ events: [ev(2), ev(3)] }));
    expect(checkouts).toBe(1);
    // The worker catches up; the recorder's fresh snapshot starts with a Meta event.
    answers.shift()!();
    await new Promise((r) => setTimeout(r, 0));
    relay.fromPort(batch({ events: [ev(4, 10, 4), ev(4, 10, 2), ev(5)] }));
    for (let i = 0; i < 5; i++) {
      answers.splice(0).forEach((a) => a());
      await new Promise((r) => setTimeout(r, 0));
    }
    await relay.idle();
    expect(sent.flatMap((m) => m.events.map((e) => e.t))).toEqual([1, 4, 4, 5]);
    expect(sent.flatMap((m) => m.gaps)).toEqual([expect.objectContaining({ from: 2, to: 4 })]);
    expect(relay.diagnostics.dropped).toBe(2);
  });
});

describe('rates of steps and gaps', () => {
  const step = (time: number) => ({ time, kind: 'navigate' as const, text: `Go to /p${time}` });
  const gap = (from: number) => ({ from, to: from, reason: 'storm' });

  function limited() {
    const clock = { now: 0 };
    const sent: BatchData[] = [];
    const relay = createPageRelay({
      page: () => page,
      send: async (d) => (sent.push(d), { record: true }),
      onStop: () => undefined,
      now: () => clock.now,
    });
    relay.setRecording(true);
    return { relay, sent, clock, steps: () => sent.flatMap((m) => m.steps), gaps: () => sent.flatMap((m) => m.gaps) };
  }

  it("forwards the steps and gaps of a page at a person's pace, all of them", async () => {
    const t = limited();
    // Two minutes of a busy tester: a step every 300 ms, and a storm gap every 3 s.
    for (let i = 0; i < 400; i++) {
      t.clock.now = i * 300;
      t.relay.fromPort(batch({ steps: [step(t.clock.now)], gaps: i % 10 === 0 ? [gap(t.clock.now)] : [] }));
    }
    await t.relay.idle();
    expect(t.steps()).toHaveLength(400);
    expect(t.gaps()).toHaveLength(40);
    expect(t.relay.diagnostics.dropped).toBe(0);
  });

  it('leaves out what a page sends faster than that, and counts it as dropped', async () => {
    const t = limited();
    // A script that pushes history in a loop for ten seconds: 200 steps and 20 gaps every 100 ms.
    for (let ms = 0; ms < 10_000; ms += 100) {
      t.clock.now = ms;
      t.relay.fromPort(
        batch({ steps: Array.from({ length: 200 }, (_, i) => step(ms + i)), gaps: Array.from({ length: 20 }, () => gap(ms)) }),
      );
    }
    await t.relay.idle();
    const rates = ENTRY_RATES;
    expect(t.steps().length).toBeLessThanOrEqual(rates.steps.burst + 10 * rates.steps.perSecond);
    expect(t.gaps().length).toBeLessThanOrEqual(rates.gaps.burst + 10 * rates.gaps.perSecond);
    expect(t.relay.diagnostics.dropped).toBe(100 * 220 - t.steps().length - t.gaps().length);
    // And the worker hears of it with the batches.
    expect(t.sent.reduce((n, m) => n + m.diagnostics.dropped, 0)).toBe(t.relay.diagnostics.dropped);
  });
});
