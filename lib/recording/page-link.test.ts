import { describe, expect, it } from 'vitest';
import { DEFAULT_RECORDER_CONFIG } from '../page/rrweb-options';
import { HANDOVER_EVENTS, offerRecorderPort } from '../page/handover';
import { createPageLink, type PageLinkSink } from './page-link';

function sink() {
  const got = { port: [] as unknown[], logs: [] as string[], urls: [] as (string | undefined)[], metadata: [] as unknown[], forged: 0 };
  const s: PageLinkSink = {
    fromPort: (d) => got.port.push(d),
    appLog: (e) => {
      got.logs.push(e.message);
      got.urls.push(e.url);
    },
    appMetadata: (d) => got.metadata.push(d),
    forged: () => got.forged++,
  };
  return { s, got };
}

const tick = () => new Promise((r) => setTimeout(r, 10));
const event = (data: unknown, ports: MessagePort[] = [], source: unknown = window) => ({ data, ports, source }) as unknown as MessageEvent;

/** The recorder's side: offers a port in the hand-over and keeps the other end. */
function recorder() {
  const received: unknown[] = [];
  let port: MessagePort | null = null;
  const offer = offerRecorderPort((p) => {
    port = p;
    p.onmessage = (e) => received.push(e.data);
  });
  return {
    received,
    key: offer.key,
    get port() {
      return port!;
    },
    close() {
      offer.stop();
      port?.close();
    },
  };
}

/** A page link that took the recorder's port (the recorder injected first, as a repro does, its key passed on). */
function linked(s: PageLinkSink) {
  const r = recorder();
  const link = createPageLink(s);
  link.connect(r.key);
  return { r, link };
}

describe('createPageLink', () => {
  it("redacts app log lines with the tester's rules", () => {
    const { s, got } = sink();
    const link = createPageLink({ ...s, rules: { headers: [], fields: [], patterns: ['EMP-\\d+'] } });
    link.onWindowMessage(event({ ns: 'repro:app', type: 'log', message: 'user EMP-1234 checked out' }));
    expect(got.logs).toEqual(['user [redacted] checked out']);
  });

  it("gives app log lines the page address without its secrets, by the tester's rules", () => {
    const { s, got } = sink();
    const before = location.href;
    history.replaceState(null, '', '/cb?employeeId=e-77&page=2#access_token=at-5ecr3t&expires_in=3600');
    try {
      const link = createPageLink({ ...s, rules: { headers: [], fields: ['employeeId'], patterns: [] } });
      link.onWindowMessage(event({ ns: 'repro:app', type: 'log', message: 'signed in' }));
    } finally {
      history.replaceState(null, '', before);
    }
    expect(got.urls[0]).toMatch(/\/cb\?employeeId=\[redacted\]&page=2#access_token=\[redacted\]&expires_in=3600$/);
  });

  it("takes the recorder's port, sends it the held command, and relays what the recorder sends", async () => {
    const { s, got } = sink();
    const r = recorder();
    const link = createPageLink(s);
    link.command({ type: 'start', config: DEFAULT_RECORDER_CONFIG });
    expect(link.bound).toBe(false);
    link.connect(r.key);
    expect(link.bound).toBe(true);
    r.port.postMessage({ type: 'batch' });
    await tick();
    expect(r.received).toEqual([{ type: 'start', config: DEFAULT_RECORDER_CONFIG }]);
    expect(got.port).toEqual([{ type: 'batch' }]);
    r.close();
    link.close();
  });

  it('a page cannot take the place of the recorder: its offer and its ask are counted, not heard', async () => {
    const { s, got } = sink();
    const { r, link } = linked(s);
    const fake = new MessageChannel();
    const fakeReceived: unknown[] = [];
    fake.port1.onmessage = (e) => fakeReceived.push(e.data);
    window.dispatchEvent(new MessageEvent(HANDOVER_EVENTS.offer, { cancelable: true, ports: [fake.port2] }));
    window.dispatchEvent(new Event(HANDOVER_EVENTS.ask, { cancelable: true }));
    fake.port1.postMessage({ type: 'batch', forged: true });
    link.command({ type: 'stop' });
    await tick();
    expect(got.port).toEqual([]);
    expect(fakeReceived).toEqual([]);
    expect(r.received).toEqual([{ type: 'stop' }]);
    expect(got.forged).toBe(2);
    r.close();
    fake.port1.close();
    link.close();
  });

  it('counts everything posted on window in the recorder namespace as forged, and ignores other windows', () => {
    const { s, got } = sink();
    const link = createPageLink(s);
    const channel = new MessageChannel();
    link.onWindowMessage(event({ ns: 'repro:page', type: 'batch', events: [] }));
    link.onWindowMessage(event({ ns: 'repro:page', type: 'ready', href: 'https://site.test/' }, [channel.port2]));
    link.onWindowMessage(event({ ns: 'repro:page', type: 'stop' }));
    link.onWindowMessage(event({ ns: 'repro:page', type: 'connect' }));
    link.onWindowMessage(event({ ns: 'repro:page', type: 'batch' }, [], {}));
    link.onWindowMessage(event({ hello: 'unrelated' }));
    expect(got.forged).toBe(4);
    expect(link.bound).toBe(false);
    channel.port1.close();
  });

  it('routes the app API: log lines and metadata, nothing else', () => {
    const { s, got } = sink();
    const link = createPageLink(s);
    link.onWindowMessage(event({ ns: 'repro:app', type: 'log', message: 'hello' }));
    link.onWindowMessage(event({ ns: 'repro:app', type: 'metadata', data: { build: '1' } }));
    link.onWindowMessage(event({ ns: 'repro:app', type: 'clear' }));
    expect(got.logs).toEqual(['hello']);
    expect(got.metadata).toEqual([{ build: '1' }]);
    expect(got.forged).toBe(0);
  });

  it('a flush resolves once the recorder answers, after what it posted before the answer has reached the sink', async () => {
    const { s, got } = sink();
    expect(await createPageLink(s).flush(100)).toBe(false);
    const { r, link } = linked(s);
    r.port.onmessage = (e) => {
      if ((e.data as { type?: string }).type !== 'flush') return;
      r.port.postMessage({ type: 'batch', n: 1 });
      r.port.postMessage({ type: 'flushed' });
    };
    expect(await link.flush(1000)).toBe(true);
    expect(got.port).toEqual([{ type: 'batch', n: 1 }]);
    r.close();
    link.close();
  });

  it('a flush the recorder does not answer gives up, and its late answer cannot end a later flush early', async () => {
    const { s } = sink();
    const { r, link } = linked(s);
    const asked: number[] = [];
    r.port.onmessage = (e) => {
      if ((e.data as { type?: string }).type === 'flush') asked.push(asked.length);
    };
    expect(await link.flush(20)).toBe(false);
    const second = link.flush(200);
    await tick();
    // The first flush's late answer arrives now: the second one must still be waiting.
    r.port.postMessage({ type: 'flushed' });
    const early = await Promise.race([second, new Promise((res) => setTimeout(() => res('waiting'), 50))]);
    expect(early).toBe('waiting');
    r.port.postMessage({ type: 'flushed' });
    expect(await second).toBe(true);
    expect(asked).toEqual([0, 1]);
    r.close();
    link.close();
  });
});
