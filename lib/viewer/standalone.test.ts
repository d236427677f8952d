import { createHash } from 'node:crypto';
import { expect, it } from 'vitest';
import { sampleConsole, sampleEvents, sampleHar, sampleReport } from './sample';
import { buildStandaloneViewer } from './standalone';
import { escapeInlineScript, gzipPayload } from './standalone-html';
import { decodePayload } from './payload';
import { dataElementText, decodeViewerHtml } from './viewer-html';

const input = () => ({ report: sampleReport(), events: sampleEvents(), console: sampleConsole(), har: sampleHar() });

function between(html: string, start: string, end: string): string {
  const from = html.indexOf(start);
  expect(from).toBeGreaterThan(-1);
  return html.slice(from + start.length, html.indexOf(end, from + start.length));
}

it('allows no network and runs only its own script, pinned by hash', async () => {
  const html = await buildStandaloneViewer(input());
  const csp = between(html, 'http-equiv="Content-Security-Policy" content="', '"');
  expect(csp).toContain("default-src 'none'");
  const scriptSrc = csp
    .split(';')
    .map((d) => d.trim())
    .find((d) => d.startsWith('script-src'));
  expect(scriptSrc).toMatch(/^script-src 'sha256-[A-Za-z0-9+/=]+'$/);
  expect(csp).toContain('img-src data: blob:');
  // The one executable script is the one the hash names; the data block is not executable.
  const scripts = [...html.matchAll(/<script>([\s\S]*?)<\/script>/g)].map((m) => m[1]!);
  expect(scripts).toHaveLength(1);
  const hash = createHash('sha256').update(scripts[0]!).digest('base64');
  expect(csp).toContain(`'sha256-${hash}'`);
});

it('carries the report data, gzip-compressed, and gives it back intact', async () => {
  const html = await buildStandaloneViewer(input());
  const data = await decodeViewerHtml(html);
  expect(data.report.title).toBe(sampleReport().title);
  expect(data.events).toEqual(sampleEvents());
  expect(data.console).toEqual(sampleConsole());
  expect(data.har?.log.entries.map((e) => e.request.url)).toEqual(sampleHar().log.entries.map((e) => e.request.url));
});

it('keeps a hostile title out of the markup', async () => {
  const html = await buildStandaloneViewer({ ...input(), report: sampleReport({ title: '</title><script>alert(1)</script>' }) });
  expect(html).toContain('<title>Repro report: &#60;/title&#62;&#60;script&#62;alert(1)&#60;/script&#62;</title>');
  expect(html.match(/<script>/g)).toHaveLength(1);
});

it('writes a report without replay, console or network', async () => {
  const bytes = await gzipPayload({ report: sampleReport(), console: null, har: null });
  const b64 = Buffer.from(bytes).toString('base64');
  const data = await decodePayload(JSON.stringify({ format: 'repro-viewer-payload', encoding: 'gzip-base64', data: b64 }));
  expect([data.events, data.console, data.har]).toEqual([null, null, null]);
});

it('refuses a payload it does not know, and says so when the recording in it is damaged', async () => {
  await expect(decodePayload('{"format":"x"}')).rejects.toThrow('This viewer holds no report data it can read.');
  const html = await buildStandaloneViewer(input());
  const embedded = dataElementText(html, 'repro-data')!;
  const damaged = Buffer.from('not deflate at all').toString('base64');
  await expect(decodePayload(embedded, () => damaged)).rejects.toThrow('The recording in this viewer is damaged.');
  await expect(decodePayload(embedded, () => null)).rejects.toThrow('The recording in this viewer is missing.');
});

it('carries the recording as the deflated bytes it is given, not deflated again', async () => {
  const deflated = new Blob([
    await new Response(
      new Blob(['[{"type":4,"timestamp":5,"data":{"href":"https://given.test/"}}]'])
        .stream()
        .pipeThrough(new CompressionStream('deflate-raw')),
    ).arrayBuffer(),
  ]);
  const html = await buildStandaloneViewer({ ...input(), eventsDeflated: deflated });
  const data = await decodeViewerHtml(html);
  expect(data.events).toEqual([{ type: 4, timestamp: 5, data: { href: 'https://given.test/' } }]);
});

it('puts the recording first, before anything the form decides, and still reads a recording given inline', async () => {
  const html = await buildStandaloneViewer(input());
  expect(html.indexOf('id="repro-events"')).toBeGreaterThan(html.indexOf('Content-Security-Policy'));
  expect(html.indexOf('id="repro-events"')).toBeLessThan(html.indexOf('<title>'));
  const inline = JSON.parse(dataElementText(html, 'repro-data')!) as { events: { data?: string; element?: string } };
  expect(inline.events.element).toBe('repro-events');
  inline.events = { ...inline.events, data: dataElementText(html, 'repro-events')!, element: undefined };
  expect((await decodePayload(JSON.stringify(inline))).events).toEqual(sampleEvents());
});

it('escapes text that would end an inline script early', () => {
  expect(escapeInlineScript('a="</script>";b="<!--"')).toBe('a="<\\/script>";b="<\\u0021--"');
  expect(escapeInlineScript('x="</SCRIPT"')).toBe('x="<\\/SCRIPT"');
});
