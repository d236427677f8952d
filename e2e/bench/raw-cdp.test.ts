// @vitest-environment node
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket, { WebSocketServer } from 'ws';
import { devtoolsAddress, rawCdp } from './raw-cdp';

let server: WebSocketServer | null = null;
afterEach(() => server?.close());

/** A devtools endpoint that answers each command with its method and session, or an error for `Fail.now`. */
async function connect(): Promise<WebSocket> {
  server = new WebSocketServer({ host: '127.0.0.1', port: 0 });
  server.on('connection', (socket) => {
    socket.on('message', (data) => {
      const { id, method, sessionId } = JSON.parse(String(data)) as { id: number; method: string; sessionId?: string };
      // Replies out of order: the later command is answered first.
      const reply = method === 'Fail.now' ? { id, error: { message: 'no such method' } } : { id, result: { method, sessionId } };
      setTimeout(() => socket.send(JSON.stringify(reply)), method === 'Slow.one' ? 30 : 0);
    });
  });
  await new Promise((resolve) => server!.once('listening', resolve));
  const { port } = server.address() as { port: number };
  const socket = new WebSocket(`ws://127.0.0.1:${port}`);
  await new Promise((resolve) => socket.once('open', resolve));
  return socket;
}

describe('a bare devtools connection', () => {
  it('matches replies to commands by id, passes the session, and rejects an error reply', async () => {
    const cdp = rawCdp(await connect());
    const slow = cdp.send('Slow.one');
    const fast = cdp.send('Fast.two', {}, 'S1');
    expect(await fast).toEqual({ method: 'Fast.two', sessionId: 'S1' });
    expect(await slow).toEqual({ method: 'Slow.one' });
    await expect(cdp.send('Fail.now')).rejects.toThrow('no such method');
    cdp.close();
  });

  it('reads the address Chromium prints when it listens', () => {
    const output = '[1:1:WARNING] something\n\nDevTools listening on ws://127.0.0.1:40123/devtools/browser/ab-cd\n';
    expect(devtoolsAddress(output)).toBe('ws://127.0.0.1:40123/devtools/browser/ab-cd');
    expect(devtoolsAddress('DevTools listening on')).toBeNull();
  });
});
