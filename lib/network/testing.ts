/** Fakes for the network tests: a devtools-protocol client that replays recorded events, Firefox's response filter. */
import type { CdpClient } from './cdp-client';
import type { StreamFilterLike } from './response-filter';
import scenario from './fixtures/scenario.json';

type Listener = (tabId: number, method: string, params: Record<string, unknown>) => void;

/** A devtools-protocol client that records commands and lets the test emit events. */
export class FakeCdp implements CdpClient {
  attached = new Set<number>();
  commands: { tabId: number; method: string; params?: Record<string, unknown> }[] = [];
  events: Listener[] = [];
  detaches: ((tabId: number, reason: string) => void)[] = [];
  refuseAttach: string | null = null;

  async attach(tabId: number) {
    if (this.refuseAttach) throw new Error(this.refuseAttach);
    if (this.attached.has(tabId)) throw new Error('Another debugger is already attached to the tab');
    this.attached.add(tabId);
  }
  async detach(tabId: number) {
    this.attached.delete(tabId);
  }
  async sendCommand<T>(tabId: number, method: string, params?: Record<string, unknown>): Promise<T> {
    if (!this.attached.has(tabId)) throw new Error('Debugger is not attached to the tab');
    this.commands.push({ tabId, method, params });
    if (method === 'Page.getFrameTree') return { frameTree: { frame: { id: scenario.mainFrameId, url: 'about:blank' } } } as T;
    if (method === 'Network.getRequestPostData') {
      if (params?.requestId === 'big-post') return { postData: 'x'.repeat(2 * 1024 * 1024) } as T;
      return { postData: '{"card":"4111111111111111","qty":2}' } as T;
    }
    if (method === 'Network.getResponseBody') {
      const body = (scenario.bodies as Record<string, { body: string; base64Encoded: boolean }>)[String(params?.requestId)];
      if (!body) throw new Error('No resource with given identifier found');
      return body as T;
    }
    return {} as T;
  }
  onEvent(listener: Listener) {
    this.events.push(listener);
    return () => void (this.events = this.events.filter((l) => l !== listener));
  }
  onDetach(listener: (tabId: number, reason: string) => void) {
    this.detaches.push(listener);
    return () => void (this.detaches = this.detaches.filter((l) => l !== listener));
  }
  /** Emits recorded events, moved to the present so they fall inside the rolling window. */
  emit(tabId: number, events: { method: string; params: unknown }[]) {
    const shift = Date.now() / 1000 - firstWallTime;
    for (const e of events) {
      const params = { ...(e.params as Record<string, unknown>) };
      if (typeof params.wallTime === 'number') params.wallTime += shift;
      for (const l of this.events) l(tabId, e.method, params);
    }
  }
  userClosesBar(tabId: number) {
    this.attached.delete(tabId);
    for (const l of this.detaches) l(tabId, 'canceled_by_user');
  }
}

export const firstWallTime = (scenario.events.find((e) => e.method === 'Network.requestWillBeSent')!.params as { wallTime: number })
  .wallTime;

/** A stand-in for Firefox's StreamFilter: records what reaches the page and how the filter ended. */
export class FakeFilter implements StreamFilterLike {
  ondata: StreamFilterLike['ondata'] = null;
  onstop: StreamFilterLike['onstop'] = null;
  onerror: StreamFilterLike['onerror'] = null;
  error = '';
  page: number[] = [];
  ended: 'open' | 'closed' | 'disconnected' = 'open';
  refuseWrites = false;

  write(data: ArrayBuffer | Uint8Array) {
    if (this.refuseWrites) throw new Error('Invalid state');
    // A disconnected filter no longer sees data: the browser passes it on itself.
    if (this.ended === 'open') this.page.push(...new Uint8Array(data instanceof ArrayBuffer ? data : data.buffer));
  }
  disconnect() {
    this.ended = 'disconnected';
  }
  close() {
    this.ended = 'closed';
  }
  /** Delivers `bytes` as the network would; after a disconnect they go straight to the page. */
  receive(bytes: number[]) {
    if (this.ended === 'disconnected') this.page.push(...bytes);
    else this.ondata?.({ data: new Uint8Array(bytes).buffer });
  }
  stop() {
    if (this.ended !== 'disconnected') this.onstop?.({});
  }
}
