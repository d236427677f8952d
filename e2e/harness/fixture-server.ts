/**
 * Serves the fixture sites on 127.0.0.1 (never any other address), plus a few dynamic routes that
 * tests use to produce network traffic. Each call starts its own server on a free port.
 */
import { createReadStream, existsSync, statSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import type { AddressInfo } from 'node:net';
import path from 'node:path';

export const SITES_DIR = path.resolve(import.meta.dirname, '../fixtures/sites');

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.png': 'image/png',
  '.svg': 'image/svg+xml',
};

export type Route = (req: IncomingMessage, res: ServerResponse, body: Buffer) => void | Promise<void>;

/** Takes an HTTP upgrade (a WebSocket) of the request's path. */
export type UpgradeRoute = (req: IncomingMessage, socket: Duplex, head: Buffer) => void;

export interface FixtureServer {
  origin: string;
  url(pathname: string): string;
  /** Adds or replaces a dynamic route (exact pathname match). */
  route(pathname: string, handler: Route): void;
  /** Adds or replaces the handler of upgrade requests (WebSockets) to `pathname`. */
  upgrade(pathname: string, handler: UpgradeRoute): void;
  close(): Promise<void>;
}

/** Starts a server for `dir` on 127.0.0.1 at a free port. */
export async function startFixtureServer(dir = SITES_DIR): Promise<FixtureServer> {
  const routes = new Map<string, Route>();
  const upgrades = new Map<string, UpgradeRoute>();
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      const route = routes.get(url.pathname);
      if (route) {
        Promise.resolve(route(req, res, Buffer.concat(chunks))).catch(() => {
          if (!res.headersSent) res.writeHead(500);
          res.end();
        });
        return;
      }
      let file = path.normalize(path.join(dir, decodeURIComponent(url.pathname)));
      if (!file.startsWith(dir)) {
        res.writeHead(403).end();
        return;
      }
      if (existsSync(file) && statSync(file).isDirectory()) file = path.join(file, 'index.html');
      if (!existsSync(file)) {
        res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
        return;
      }
      res.writeHead(200, { 'content-type': TYPES[path.extname(file)] ?? 'application/octet-stream', 'cache-control': 'no-store' });
      createReadStream(file).pipe(res);
    });
  });
  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    const handler = upgrades.get(new URL(req.url ?? '/', 'http://127.0.0.1').pathname);
    if (handler) handler(req, socket, head);
    else socket.destroy();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const origin = `http://127.0.0.1:${port}`;
  return {
    origin,
    url: (pathname) => new URL(pathname, origin).toString(),
    route: (pathname, handler) => void routes.set(pathname, handler),
    upgrade: (pathname, handler) => void upgrades.set(pathname, handler),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
