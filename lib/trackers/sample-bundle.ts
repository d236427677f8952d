/**
 * A small but complete report bundle for tests, unit and end-to-end alike (so it imports nothing that
 * needs the extension).
 */
import JSZip from 'jszip';
import type { ReportJson } from '../model/report';
import type { ReportBundle } from '../report/drafts';
import { renderMarkdown } from '../report/markdown';
import { base64ToBytes } from '../redact';
import { readHighlights, type Highlights } from './highlights';

export function sampleReport(overrides: Partial<ReportJson> = {}): ReportJson {
  return {
    format: 'repro-report',
    version: 1,
    title: 'Checkout button does nothing',
    description: 'Clicking "Place order" shows no feedback.',
    steps: ['Open the cart', 'Click "Place order"'],
    expected: 'The order is placed.',
    actual: 'Nothing happens; the console shows an error.',
    severity: 'critical',
    labels: ['from repro'],
    createdAt: '2026-01-02T03:04:05.000Z',
    page: { url: 'https://shop.test/cart', title: 'Cart' },
    environment: {
      browser: 'Chromium',
      browserVersion: '156',
      os: 'Linux',
      userAgent: 'UA',
      language: 'en-GB',
      timezone: 'Europe/Paris',
      viewport: { width: 1280, height: 800 },
      devicePixelRatio: 1,
      screen: { width: 1920, height: 1080 },
      extensionVersion: '0.1.0',
    },
    recording: { startedAt: null, endedAt: null, mode: 'rolling', pages: [], gaps: [] },
    counts: { consoleErrors: 1, failedRequests: 1, events: 0 },
    files: {
      recording: 'recording.json',
      network: 'network.har',
      console: 'console.json',
      screenshot: 'screenshot.png',
      screenshotOriginal: null,
      summary: 'README.md',
      viewer: null,
    },
    ...overrides,
  };
}

/** 1×1 PNG. */
export const PNG = base64ToBytes('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==');

/** A built bundle, with the highlights a delivery reads from its zip. */
export async function sampleBundle(
  report = sampleReport(),
  options: { replayBytes?: number } = {},
): Promise<ReportBundle & { highlights: Highlights }> {
  const zip = new JSZip();
  zip.file('report.json', JSON.stringify(report));
  zip.file('README.md', renderMarkdown(report));
  zip.file('recording.json', JSON.stringify([{ type: 4, data: { pad: 'x'.repeat(options.replayBytes ?? 10) } }]));
  zip.file(
    'console.json',
    JSON.stringify([
      { level: 'log', time: 1, message: 'loaded', args: [] },
      { level: 'error', time: 2, message: 'TypeError: cart.total is undefined', args: [], url: 'https://shop.test/app.js' },
    ]),
  );
  zip.file(
    'network.har',
    JSON.stringify({
      log: {
        version: '1.2',
        creator: { name: 'Repro', version: '0.1.0' },
        entries: [
          { request: { method: 'GET', url: 'https://shop.test/api/cart' }, response: { status: 200, statusText: 'OK' } },
          {
            request: { method: 'POST', url: 'https://shop.test/api/orders' },
            response: { status: 500, statusText: 'Internal Server Error' },
          },
        ],
      },
    }),
  );
  zip.file('screenshot.png', PNG);
  const blob = await zip.generateAsync({ type: 'blob', mimeType: 'application/zip' });
  const bundle = {
    fileName: 'repro-checkout-button.zip',
    report,
    zip: blob,
    screenshot: new Blob([PNG], { type: 'image/png' }),
    markdown: renderMarkdown(report),
  };
  return { ...bundle, highlights: await readHighlights(bundle) };
}
