/**
 * Firefox's response filter does not change what the page receives: a server-sent event stream and a
 * chunked response reach the page chunk by chunk (each next chunk is sent only once the page has seen the
 * one before), large bodies over the capture cap arrive whole, as downloads and to fetch(), and a response
 * cut off mid-way gives the page the same bytes as without Repro. The report keeps what it may.
 *
 * One thing Firefox's filter does change, whatever the extension does in it (close, disconnect or nothing
 * at its end, all tried): a filtered response that the network cuts off ends cleanly for the page instead
 * of with a network error. Repro filters only text bodies not known to be over the cap, so a large
 * download that breaks still fails in the page as it should; this spec checks both.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { expect, test } from '@playwright/test';
import type { Har } from 'har-format';
import { startFixtureServer, type FixtureServer } from '../harness/fixture-server';
import { firefoxPath, launchFirefoxWithExtension, savedReportZip, until } from '../harness/firefox';

const executable = firefoxPath();
test.skip(!executable, 'no Firefox found (FIREFOX_PATH, /usr/bin/firefox-esr or /usr/bin/firefox)');

/** 24 MiB of text, far over the 1 MiB capture cap, different on every line so a lost or moved chunk shows. */
const BIG = Buffer.from(
  Array.from({ length: (24 * 1024 * 1024) / 32 }, (_, i) => `line ${String(i).padStart(10, '0')} of text....\n`).join(''),
);
const BIG_SHA = createHash('sha256').update(BIG).digest('hex');
const BINARY = Buffer.from(Array.from({ length: 8 * 1024 * 1024 }, (_, i) => (i * 7919) % 251));
const BINARY_SHA = createHash('sha256').update(BINARY).digest('hex');

const PAGE = `<!doctype html><meta charset="utf-8"><title>Streams</title>
<a id="csv" href="/stream/big.csv" download>csv</a> <a id="bin" href="/stream/big.bin" download>bin</a>
<pre id="log"></pre>
<script>
  const log = (line) => (document.getElementById('log').textContent += line + '\\n');
  const sha = async (buffer) => [...new Uint8Array(await crypto.subtle.digest('SHA-256', buffer))].map((b) => b.toString(16).padStart(2, '0')).join('');
  window.sse = () => new Promise((resolve) => {
    const seen = [];
    const source = new EventSource('/stream/sse');
    source.onmessage = (e) => {
      seen.push(e.data);
      if (e.data === 'one') fetch('/stream/ack?what=sse');
      if (e.data === 'two') { source.close(); resolve(seen); }
    };
  });
  window.chunked = async () => {
    const reader = (await fetch('/stream/chunked')).body.getReader();
    const decoder = new TextDecoder();
    let text = '';
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return text;
      text += decoder.decode(value, { stream: true });
      if (text === 'first chunk;') await fetch('/stream/ack?what=chunked');
    }
  };
  window.bigFetch = async () => sha(await (await fetch('/stream/big.txt')).arrayBuffer());
  window.broken = async (path) => {
    let bytes = 0;
    try {
      const reader = (await fetch(path)).body.getReader();
      for (;;) {
        const { done, value } = await reader.read();
        if (done) return { bytes, failed: false };
        bytes += value.byteLength;
      }
    } catch (e) {
      return { bytes, failed: true, name: e.name };
    }
  };
</script>`;

let server: FixtureServer;
test.beforeAll(async () => {
  server = await startFixtureServer();
  const acks = new Map<string, () => void>();
  const ack = (what: string) => new Promise<void>((resolve) => acks.set(what, resolve));
  server.route('/stream/index.html', (_req, res) => void res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(PAGE));
  server.route('/stream/ack', (req, res) => {
    acks.get(new URL(req.url!, server.origin).searchParams.get('what') ?? '')?.();
    res.writeHead(204).end();
  });
  // Each next chunk waits for the page to say it saw the one before: a filter that held chunks back
  // until the end would stall these forever.
  server.route('/stream/sse', async (_req, res) => {
    const seen = ack('sse');
    res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-store' });
    res.write('data: one\n\n');
    await seen;
    res.end('data: two\n\n');
  });
  server.route('/stream/chunked', async (_req, res) => {
    const seen = ack('chunked');
    res.writeHead(200, { 'content-type': 'text/plain' });
    res.write('first chunk;');
    await seen;
    res.end('second chunk');
  });
  // Chunked, no length: the filter copies up to the cap, then passes the rest on without copying.
  server.route('/stream/big.txt', (_req, res) => {
    res.writeHead(200, { 'content-type': 'text/plain' });
    for (let at = 0; at < BIG.length; at += 256 * 1024) res.write(BIG.subarray(at, at + 256 * 1024));
    res.end();
  });
  server.route(
    '/stream/big.csv',
    (_req, res) =>
      void res.writeHead(200, { 'content-type': 'text/csv', 'content-disposition': 'attachment; filename="big.csv"' }).end(BIG),
  );
  server.route(
    '/stream/big.bin',
    (_req, res) =>
      void res
        .writeHead(200, { 'content-type': 'application/octet-stream', 'content-disposition': 'attachment; filename="big.bin"' })
        .end(BINARY),
  );
  // Cut off by the server: under the cap (filtered) and over it (never filtered).
  server.route('/stream/broken', (_req, res) => {
    res.writeHead(200, { 'content-type': 'text/plain', 'content-length': String(1_000_000) });
    res.write('x'.repeat(100_000), () => setTimeout(() => res.destroy(), 100));
  });
  server.route('/stream/broken-big', (_req, res) => {
    res.writeHead(200, { 'content-type': 'text/plain', 'content-length': String(5_000_000) });
    res.write('x'.repeat(2_000_000), () => setTimeout(() => res.destroy(), 100));
  });
});
test.afterAll(async () => server?.close());

test('Firefox passes streams, large bodies, downloads and broken responses to the page untouched while it captures', async () => {
  test.setTimeout(240_000);
  const ff = await launchFirefoxWithExtension(executable!, server.origin);
  try {
    type StreamsPage = {
      sse(): Promise<string[]>;
      chunked(): Promise<string>;
      bigFetch(): Promise<string>;
      broken(path: string): Promise<{ bytes: number; failed: boolean }>;
    };
    const page = await ff.browser.newPage();
    // First without Repro on the site: what the page gets from the broken responses on its own.
    await page.goto(server.url('/stream/index.html'));
    const broken = () =>
      Promise.all(
        ['/stream/broken', '/stream/broken-big'].map((p) => page.evaluate((q) => (window as unknown as StreamsPage).broken(q), p)),
      );
    const [small, big] = await broken();
    expect(small).toMatchObject({ bytes: 100_000, failed: true });
    expect(big).toMatchObject({ bytes: 2_000_000, failed: true });

    await ff.allowOrigin(server.origin);
    await page.reload();
    const tabId = await ff.tabIdOf(page);
    await ff.networkAttached(tabId);
    expect(await page.evaluate(() => (window as unknown as StreamsPage).sse())).toEqual(['one', 'two']);
    expect(await page.evaluate(() => (window as unknown as StreamsPage).chunked())).toBe('first chunk;second chunk');
    // Three times: a filter that reorders or loses bytes past the cap did so in about a third of tries.
    for (let i = 0; i < 3; i++) expect(await page.evaluate(() => (window as unknown as StreamsPage).bigFetch())).toBe(BIG_SHA);
    const [smallCaptured, bigCaptured] = await broken();
    // The same bytes; only the filtered one ends without its network error (Firefox's filter, see above).
    expect(smallCaptured).toEqual({ bytes: small!.bytes, failed: false });
    expect(bigCaptured).toEqual(big);

    // Downloads the page starts: a text one (filtered, over the cap) and a binary one (never filtered).
    for (const [selector, name, sha] of [
      ['#csv', 'big.csv', BIG_SHA],
      ['#bin', 'big.bin', BINARY_SHA],
    ] as const) {
      await page.click(selector);
      const file = await until(
        async () => {
          const items = await ff.inExtension((n) => chrome.downloads.search({ filenameRegex: `${n}$`, state: 'complete' }), name);
          return items[0]?.filename;
        },
        `the download of ${name}`,
        60_000,
      );
      expect(createHash('sha256').update(readFileSync(file)).digest('hex')).toBe(sha);
    }

    // The report keeps what it may: the streams' bodies, the size of what was over the cap.
    const reporter = await ff.openReporterFor(page);
    await until(
      async () =>
        /replay event/.test(await reporter.evaluate(() => document.querySelector('[data-testid="captured-counts"]')?.textContent ?? '')),
      'the reporter',
    );
    await reporter.type('#r-title', 'Streams');
    await reporter.click('button[type="submit"]');
    const { zip } = await savedReportZip(ff);
    const har = JSON.parse(await zip.file('network.har')!.async('string')) as Har;
    const entry = (p: string) => har.log.entries.find((e) => new URL(e.request.url).pathname === p)!;
    expect(entry('/stream/sse').response.content.text).toBe('data: one\n\ndata: two\n\n');
    expect(entry('/stream/chunked').response.content.text).toBe('first chunk;second chunk');
    expect(entry('/stream/big.txt').response.content.comment).toMatch(/^body not kept: \d+ bytes is over the capture limit$/);
    // A download leaves the page: Firefox's filter lets go of it, and the entry says why there is no body.
    expect(entry('/stream/big.csv').response.content.comment).toMatch(
      /^body not (kept: \d+ bytes is over the capture limit|captured: Firefox's response filter failed)/,
    );
    expect(entry('/stream/big.bin').response.content.comment).toBe('binary body not captured');
    // The report says what the page could not: the response was cut off.
    for (const p of ['/stream/broken', '/stream/broken-big']) expect(entry(p).comment).toMatch(/^failed: NS_ERROR_NET_PARTIAL_TRANSFER/);
  } finally {
    await ff.close();
  }
});
