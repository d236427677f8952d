/**
 * A Chromium started without Playwright, driven over a bare devtools-protocol connection. Playwright
 * enables the Runtime domain on every page it sees, and a page whose console a devtools client listens
 * to pays for each call to be reported (about 130–280 µs a `console.log` here, against tens without):
 * this connection enables only what a measurement asks for, so the page's console is as a tester's is
 * with DevTools closed.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import WebSocket from 'ws';
import { chromiumPath, QUIET_FLAGS } from '../harness/chromium';

export interface RawCdp {
  /** Sends a command (to the browser, or to an attached target's `sessionId`) and resolves with its result. */
  send<T = Record<string, unknown>>(method: string, params?: Record<string, unknown>, sessionId?: string): Promise<T>;
  close(): void;
}

/** A devtools-protocol connection over `socket`: one command id per call, replies matched by id. */
export function rawCdp(socket: WebSocket): RawCdp {
  let nextId = 1;
  const waiting = new Map<number, { resolve: (v: never) => void; reject: (e: Error) => void }>();
  socket.on('message', (data) => {
    const message = JSON.parse(String(data)) as { id?: number; result?: unknown; error?: { message: string } };
    const pending = message.id === undefined ? undefined : waiting.get(message.id);
    if (!pending) return;
    waiting.delete(message.id!);
    if (message.error) pending.reject(new Error(message.error.message));
    else pending.resolve(message.result as never);
  });
  socket.on('close', () => {
    for (const pending of waiting.values()) pending.reject(new Error('the devtools connection closed'));
    waiting.clear();
  });
  return {
    send(method, params = {}, sessionId) {
      const id = nextId++;
      return new Promise((resolve, reject) => {
        waiting.set(id, { resolve, reject });
        socket.send(JSON.stringify({ id, method, params, ...(sessionId ? { sessionId } : {}) }));
      });
    },
    close: () => socket.close(),
  };
}

/** The browser's devtools address from its start-up output, once it prints it. */
export function devtoolsAddress(output: string): string | null {
  return /DevTools listening on (ws:\/\/\S+)/.exec(output)?.[1] ?? null;
}

export interface PlainChromium {
  cdp: RawCdp;
  close(): Promise<void>;
}

/** Starts Chromium headless on `profileDir` with the extension at `extensionDir`, and connects to it. */
export async function launchPlainChromium(profileDir: string, extensionDir: string): Promise<PlainChromium> {
  const args = [
    '--headless',
    `--user-data-dir=${profileDir}`,
    `--disable-extensions-except=${extensionDir}`,
    `--load-extension=${extensionDir}`,
    '--remote-debugging-port=0',
    ...QUIET_FLAGS,
    'about:blank',
  ];
  // Its own process group, so closing it ends its renderers and helpers too.
  const child = spawn(chromiumPath() ?? 'chromium', args, { stdio: ['ignore', 'ignore', 'pipe'], detached: true });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const address = await new Promise<string>((resolve, reject) => {
    let output = '';
    const timer = setTimeout(() => reject(new Error('Chromium printed no devtools address within 30 s')), 30_000);
    child.stderr!.on('data', (chunk: Buffer) => {
      output += String(chunk);
      const found = devtoolsAddress(output);
      if (found) {
        clearTimeout(timer);
        resolve(found);
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`Chromium exited (${code}) before it listened`));
    });
  });
  const socket = new WebSocket(address, { perMessageDeflate: false });
  await new Promise<void>((resolve, reject) => {
    socket.once('open', () => resolve());
    socket.once('error', reject);
  });
  return {
    cdp: rawCdp(socket),
    async close() {
      socket.close();
      stopGroup(child);
      await exited;
    },
  };
}

function stopGroup(child: ChildProcess): void {
  try {
    process.kill(-child.pid!, 'SIGTERM');
  } catch {
    // Already gone.
  }
}
