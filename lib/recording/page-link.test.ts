import { describe, expect, it } from 'vitest';
import { DEFAULT_RECORDER_CONFIG } from '../page/rrweb-options';
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
const ready = { ns: 'repro:page', type: 'ready', href: 'https://site.test/' };

/** The recorder's side: a channel whose port1 it keeps. */
function recorder() {
  const channel = new MessageChannel();
  const received: unknown[] = [];
  channel.port1.onmessage = (e) => received.push(e.data);
  return { channel, received };
}

describe('createPageLink', () => {
  it('redacts app log lines with the tester\'s rules', () => {
    const { s, got } = sink();
    const link = createPageLink({ ...s, rules: { headers: [], fields: [], patterns: ['EMP-\\d+'] } });
    link.onWindowMessage(event({ ns: 'repro:app', type: 'log', message: 'user EMP-1234 checked out' }));
    expect(got.logs).toEqual(['user [redacted] checked out']);
  });

  it('gives app log lines the page address without its secrets, by the tester\'s rules', () => {
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

  it('binds the first offered port, confirms it, and relays what the recorder sends on it', async () => {
    const { s, got } = sink();
    const link = createPageLink(s);
    const r = recorder();
    link.command({ type: 'start', config: DEFAULT_RECORDER_CONFIG });
    link.onWindowMessage(event(ready, [r.channel.port2]));
    expect(link.bound).toBe(true);
    r.channel.port1.postMessage({ type: 'batch' });
    await tick();
    expect(r.received).toEqual([{ type: 'bound' }, { type: 'start', config: DEFAULT_RECORDER_CONFIG }]);
    expect(got.port).toEqual([{ type: 'batch' }]);
    r.channel.port1.close();
  });

  it('ignores a later port: a page cannot take the place of the recorder', async () => {
    const { s, got } = sink();
    const link = createPageLink(s);
    const real = recorder();
    const fake = recorder();
    link.onWindowMessage(event(ready, [real.channel.port2]));
    link.onWindowMessage(event(ready, [fake.channel.port2]));
    fake.channel.port1.postMessage({ type: 'batch', forged: true });
    link.command({ type: 'stop' });
    await tick();
    expect(got.port).toEqual([]);
    expect(fake.received).toEqual([]);
    expect(real.received).toEqual([{ type: 'bound' }, { type: 'stop' }]);
    real.channel.port1.close();
    fake.channel.port1.close();
  });

  it('counts anything else in the recorder namespace as forged, and ignores other windows', () => {
    const { s, got } = sink();
    const link = createPageLink(s);
    link.onWindowMessage(event({ ns: 'repro:page', type: 'batch', events: [] }));
    link.onWindowMessage(event(ready)); // a handshake without a port
    link.onWindowMessage(event({ ns: 'repro:page', type: 'stop' }));
    link.onWindowMessage(event({ ns: 'repro:page', type: 'connect' }));
    link.onWindowMessage(event({ ns: 'repro:page', type: 'batch' }, [], {}));
    link.onWindowMessage(event({ hello: 'unrelated' }));
    expect(got.forged).toBe(3);
    expect(link.bound).toBe(false);
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
    const link = createPageLink(s);
    expect(await link.flush(100)).toBe(false);
    const r = recorder();
    link.onWindowMessage(event(ready, [r.channel.port2]));
    r.channel.port1.onmessage = (e) => {
      if ((e.data as { type?: string }).type !== 'flush') return;
      r.channel.port1.postMessage({ type: 'batch', n: 1 });
      r.channel.port1.postMessage({ type: 'flushed' });
    };
    expect(await link.flush(1000)).toBe(true);
    expect(got.port).toEqual([{ type: 'batch', n: 1 }]);
    r.channel.port1.close();
  });

  it('a flush the recorder does not answer gives up, and its late answer cannot end a later flush early', async () => {
    const { s } = sink();
    const link = createPageLink(s);
    const r = recorder();
    link.onWindowMessage(event(ready, [r.channel.port2]));
    const asked: number[] = [];
    r.channel.port1.onmessage = (e) => {
      if ((e.data as { type?: string }).type === 'flush') asked.push(asked.length);
    };
    expect(await link.flush(20)).toBe(false);
    const second = link.flush(200);
    await tick();
    // The first flush's late answer arrives now: the second one must still be waiting.
    r.channel.port1.postMessage({ type: 'flushed' });
    const early = await Promise.race([second, new Promise((res) => setTimeout(() => res('waiting'), 50))]);
    expect(early).toBe('waiting');
    r.channel.port1.postMessage({ type: 'flushed' });
    expect(await second).toBe(true);
    expect(asked).toEqual([0, 1]);
    r.channel.port1.close();
  });
});
