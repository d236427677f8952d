import JSZip from 'jszip';
import { expect, it } from 'vitest';
import { buildReportJson } from './build';
import type { IncludeParts } from '../model/report';
import { schemaErrors, syntheticHar, syntheticSession, testEnvironment } from '../model/testing';
import { decodeViewerHtml } from '../viewer/viewer-html';
import { buildReportZip } from './zip';

const PNG = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3]);

async function zipFor(include: IncludeParts, keepOriginal = false) {
  const session = syntheticSession(50);
  const har = syntheticHar();
  const report = buildReportJson({
    form: {
      title: 'Broken checkout',
      description: '',
      steps: ['Click "Checkout"'],
      expected: '',
      actual: '',
      severity: 'minor',
      labels: [],
    },
    include,
    keepOriginalScreenshot: keepOriginal,
    hasScreenshot: true,
    page: { url: 'https://shop.test/checkout', title: 'Checkout' },
    environment: testEnvironment,
    session,
    har,
    createdAt: new Date(),
  });
  const out = await buildReportZip({
    report,
    events: session.events,
    console: session.console,
    har,
    screenshot: new Blob([PNG], { type: 'image/png' }),
    screenshotOriginal: new Blob([PNG], { type: 'image/png' }),
  });
  return { ...out, report, session, har, unzipped: await JSZip.loadAsync(await out.zip.arrayBuffer()) };
}

it('packs every file of format v1, each readable', async () => {
  const { unzipped, session, har, markdown } = await zipFor({ replay: true, console: true, network: true, screenshot: true });
  expect(Object.keys(unzipped.files).sort()).toEqual([
    'README.md',
    'console.json',
    'network.har',
    'recording.json',
    'report.json',
    'screenshot.png',
    'viewer.html',
  ]);
  const report = JSON.parse(await unzipped.file('report.json')!.async('string'));
  expect(schemaErrors(report)).toBeNull();
  expect(JSON.parse(await unzipped.file('recording.json')!.async('string'))).toEqual(session.events);
  expect(JSON.parse(await unzipped.file('console.json')!.async('string'))).toEqual(session.console);
  expect(JSON.parse(await unzipped.file('network.har')!.async('string'))).toEqual(har);
  expect(await unzipped.file('screenshot.png')!.async('uint8array')).toEqual(PNG);
  expect(await unzipped.file('README.md')!.async('string')).toBe(markdown);
  expect(await unzipped.file('viewer.html')!.async('string')).toContain('Broken checkout');
});

it('removes the files of parts left out, and adds the original screenshot on request', async () => {
  const { unzipped, report } = await zipFor({ replay: false, console: false, network: true, screenshot: true }, true);
  expect(Object.keys(unzipped.files).sort()).toEqual([
    'README.md',
    'network.har',
    'report.json',
    'screenshot-original.png',
    'screenshot.png',
    'viewer.html',
  ]);
  expect(report.files).toMatchObject({ recording: null, console: null, screenshotOriginal: 'screenshot-original.png' });
  const viewer = await unzipped.file('viewer.html')!.async('string');
  expect(viewer).not.toContain('TypeError: total is undefined');
});

it('stores PNGs and deflates JSON and HTML', async () => {
  const { unzipped } = await zipFor({ replay: true, console: true, network: true, screenshot: true });
  const method = (name: string) =>
    (unzipped.files[name] as unknown as { _data: { compression: { magic: string } } })._data.compression.magic;
  expect(method('screenshot.png')).toBe('\x00\x00');
  expect(method('recording.json')).toBe('\x08\x00');
  expect(method('viewer.html')).toBe('\x08\x00');
});

/** The data `viewer.html` carries, decoded as the viewer itself does. */
async function viewerData(unzipped: JSZip) {
  return decodeViewerHtml(await unzipped.file('viewer.html')!.async('string'));
}

it('embeds the screenshot in viewer.html, and leaves it out when the tester did', async () => {
  const withShot = await zipFor({ replay: true, console: true, network: true, screenshot: true });
  const url = (await viewerData(withShot.unzipped)).screenshotUrl;
  expect(url).toMatch(/^data:image\/png;base64,/);
  expect(Buffer.from(url!.split(',')[1]!, 'base64')).toEqual(Buffer.from(PNG));

  const without = await zipFor({ replay: true, console: true, network: true, screenshot: false });
  expect((await viewerData(without.unzipped)).screenshotUrl).toBeNull();
});

it('gives every text file a last pass of redaction before the bytes leave, and counts what it removed', async () => {
  const clean = await zipFor({ replay: true, console: true, network: true, screenshot: true });
  expect(clean.removed).toBe(0);

  const session = syntheticSession(5);
  const jwt = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NSJ9.abcDEF123_-';
  // As if a capture path had forgotten redaction: a console line and a response body in clear.
  const console = [...session.console, { level: 'log' as const, time: 1, message: 'cookie PHPSESSID=php-l4st; theme=dark', args: [] }];
  const har = syntheticHar();
  har.log.entries[0]!.response.content = {
    size: 40,
    mimeType: 'text/html',
    text: `<script>fetch('/api/profile?api_key=k-l4st&view=full')</script>`,
  };
  const report = { ...clean.report, description: `Header was Bearer ${'x'.repeat(12)}l4st, token ${jwt}` };
  const out = await buildReportZip(
    { report, events: session.events, console, har, screenshot: null, screenshotOriginal: null },
    { rules: { headers: [], fields: [], patterns: [] }, recheckRecording: false },
  );
  expect(out.removed).toBe(4);
  expect(out.report.description).not.toMatch(/l4st|eyJ/);
  const unzipped = await JSZip.loadAsync(await out.zip.arrayBuffer());
  for (const name of Object.keys(unzipped.files))
    expect([name, /l4st|eyJhbGciOiJIUzI1NiJ9\.eyJzdWIi/.test(await unzipped.file(name)!.async('string'))]).toEqual([name, false]);
  expect(JSON.stringify(await viewerData(unzipped))).not.toMatch(/l4st/);
  // What was given is left as it was: the worker works on its own copies.
  expect(console.at(-1)!.message).toContain('php-l4st');
});
