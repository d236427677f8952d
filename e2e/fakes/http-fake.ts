/**
 * Shared machinery of the fake trackers: a node http server on 127.0.0.1 that records every request,
 * collects contract violations (a request the real API would not accept as documented), and can be told
 * to answer the next matching request with a failure, drop the connection, or never answer.
 */
import { createServer, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RecordedRequest {
  method: string;
  /** The path, percent-decoded. */
  path: string;
  /** The path as sent, for APIs that put an encoded `/` in one segment (GitLab's project ids). */
  rawPath?: string;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  body: Buffer;
  /** Parsed JSON body, when it was JSON. */
  json?: unknown;
}

export type Failure =
  | { status: number; body?: unknown; headers?: Record<string, string> }
  | 'drop'
  /** Does what was asked (creates the issue), then drops the connection before answering. */
  | 'drop-after'
  | 'hang';

export interface Reply {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

export type Handler = (req: RecordedRequest) => Reply | Promise<Reply>;

interface Injected {
  match: (req: RecordedRequest) => boolean;
  failure: Failure;
  times: number;
}

export interface HttpFake {
  origin: string;
  requests: RecordedRequest[];
  /** Contract violations, each "METHOD path: what is wrong". Tests assert this stays empty. */
  violations: string[];
  /** Answers the next `times` requests matching `match` with `failure` instead of the normal answer. */
  fail(match: (req: RecordedRequest) => boolean, failure: Failure, times?: number): void;
  close(): Promise<void>;
}

/** Starts a fake on a free port of 127.0.0.1. `handler` returns the normal answer; it may push violations. */
export async function startHttpFake(handler: (req: RecordedRequest, violations: string[]) => Reply | Promise<Reply>): Promise<HttpFake> {
  const requests: RecordedRequest[] = [];
  const violations: string[] = [];
  const injected: Injected[] = [];
  const hanging = new Set<ServerResponse>();

  const server = createServer((incoming: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    incoming.on('data', (c: Buffer) => chunks.push(c));
    incoming.on('end', () => {
      void (async () => {
        const url = new URL(incoming.url ?? '/', 'http://127.0.0.1');
        const body = Buffer.concat(chunks);
        const req: RecordedRequest = {
          method: incoming.method ?? 'GET',
          path: decodeURIComponent(url.pathname),
          rawPath: url.pathname,
          query: url.searchParams,
          headers: incoming.headers,
          body,
        };
        if (/json/.test(String(incoming.headers['content-type'] ?? '')) && body.length) {
          try {
            req.json = JSON.parse(body.toString('utf8'));
          } catch {
            violations.push(`${req.method} ${req.path}: body is not valid JSON`);
          }
        }
        requests.push(req);
        const rule = injected.find((i) => i.times > 0 && i.match(req));
        if (rule) {
          rule.times--;
          if (rule.failure === 'drop') {
            incoming.socket.destroy();
            return;
          }
          if (rule.failure === 'drop-after') {
            await handler(req, violations);
            incoming.socket.destroy();
            return;
          }
          if (rule.failure === 'hang') {
            hanging.add(res);
            return;
          }
          send(res, rule.failure);
          return;
        }
        try {
          send(res, await handler(req, violations));
        } catch (error) {
          violations.push(`${req.method} ${req.path}: fake failed: ${String(error)}`);
          send(res, { status: 500, body: { message: 'fake failed' } });
        }
      })();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    requests,
    violations,
    fail(match, failure, times = 1) {
      injected.push({ match, failure, times });
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const res of hanging) res.destroy();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function send(res: ServerResponse, reply: Reply): void {
  if (Buffer.isBuffer(reply.body)) {
    res.writeHead(reply.status, { 'content-type': 'application/octet-stream', ...reply.headers });
    res.end(reply.body);
    return;
  }
  const isText = typeof reply.body === 'string';
  const payload = reply.body === undefined ? '' : isText ? (reply.body as string) : JSON.stringify(reply.body);
  res.writeHead(reply.status, {
    'content-type': isText ? 'text/plain; charset=utf-8' : 'application/json; charset=utf-8',
    ...reply.headers,
  });
  res.end(payload);
}

/** One part of a multipart/form-data body. */
export interface Part {
  name: string;
  filename?: string;
  contentType?: string;
  data: Buffer;
}

/** Parses multipart/form-data (RFC 7578) enough to check what a client uploaded. */
export function parseMultipart(body: Buffer, contentType: string): Part[] | undefined {
  const boundary = /boundary=(?:"([^"]+)"|([^;]+))/i.exec(contentType);
  const b = boundary?.[1] ?? boundary?.[2];
  if (!b) return undefined;
  const delimiter = Buffer.from(`--${b}`);
  const parts: Part[] = [];
  let start = body.indexOf(delimiter);
  while (start !== -1) {
    const next = body.indexOf(delimiter, start + delimiter.length);
    if (next === -1) break;
    const chunk = body.subarray(start + delimiter.length + 2, next - 2); // skip CRLF after delimiter, before next
    const headerEnd = chunk.indexOf('\r\n\r\n');
    if (headerEnd !== -1) {
      const head = chunk.subarray(0, headerEnd).toString('utf8');
      const disposition = /content-disposition:([^\r\n]*)/i.exec(head)?.[1] ?? '';
      parts.push({
        name: /\bname="([^"]*)"/.exec(disposition)?.[1] ?? '',
        filename: /filename="([^"]*)"/.exec(disposition)?.[1],
        contentType: /content-type:\s*([^\r\n]*)/i.exec(head)?.[1]?.trim(),
        data: chunk.subarray(headerEnd + 4),
      });
    }
    start = next;
  }
  return parts;
}

/** Checks a header's value and records a violation when it differs. */
export function expectHeader(
  req: RecordedRequest,
  violations: string[],
  name: string,
  test: (value: string) => boolean,
  why: string,
): void {
  const value = req.headers[name.toLowerCase()];
  const text = Array.isArray(value) ? value.join(',') : (value ?? '');
  if (!test(text)) violations.push(`${req.method} ${req.path}: header ${name} ${why} (got ${JSON.stringify(text)})`);
}
