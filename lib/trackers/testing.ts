/** Test helpers: a small but complete report bundle, and connections pointing at the fake trackers. */
import JSZip from 'jszip';
import type { ReportBundle } from '../report/drafts';
import type { ReportJson } from '../model/report';
import { renderMarkdown } from '../report/markdown';
import type { GitHubConnection, JiraConnection } from './connection';
import { base64ToBytes } from '../redact/base64';

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
      browser: 'Chromium', browserVersion: '156', os: 'Linux', userAgent: 'UA', language: 'en-GB', timezone: 'Europe/Paris',
      viewport: { width: 1280, height: 800 }, devicePixelRatio: 1, screen: { width: 1920, height: 1080 }, extensionVersion: '0.1.0',
    },
    recording: { startedAt: null, endedAt: null, mode: 'rolling', pages: [], gaps: [] },
    counts: { consoleErrors: 1, failedRequests: 1, events: 0 },
    files: { recording: 'recording.json', network: 'network.har', console: 'console.json', screenshot: 'screenshot.png', screenshotOriginal: null, summary: 'README.md', viewer: null },
    ...overrides,
  };
}

/** 1×1 PNG. */
export const PNG = base64ToBytes('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==');

export async function sampleBundle(report = sampleReport(), options: { replayBytes?: number } = {}): Promise<ReportBundle> {
  const zip = new JSZip();
  zip.file('report.json', JSON.stringify(report));
  zip.file('README.md', renderMarkdown(report));
  zip.file('recording.json', JSON.stringify([{ type: 4, data: { pad: 'x'.repeat(options.replayBytes ?? 10) } }]));
  zip.file('console.json', JSON.stringify([
    { level: 'log', time: 1, message: 'loaded', args: [] },
    { level: 'error', time: 2, message: 'TypeError: cart.total is undefined', args: [], url: 'https://shop.test/app.js' },
  ]));
  zip.file('network.har', JSON.stringify({
    log: { version: '1.2', creator: { name: 'Repro', version: '0.1.0' }, entries: [
      { request: { method: 'GET', url: 'https://shop.test/api/cart' }, response: { status: 200, statusText: 'OK' } },
      { request: { method: 'POST', url: 'https://shop.test/api/orders' }, response: { status: 500, statusText: 'Internal Server Error' } },
    ] },
  }));
  zip.file('screenshot.png', PNG);
  const blob = await zip.generateAsync({ type: 'blob', mimeType: 'application/zip' });
  return { fileName: 'repro-checkout-button.zip', report, zip: blob, screenshot: new Blob([PNG], { type: 'image/png' }), markdown: renderMarkdown(report) };
}

export function jiraConnection(baseUrl: string, overrides: Partial<JiraConnection> = {}): JiraConnection {
  return {
    tracker: 'jira', id: 'jira-1', name: 'Acme Jira', flavor: 'cloud', baseUrl, email: 'quinn@example.test', projectKey: 'WEB', issueTypeId: '10001',
    labels: ['qa'], components: [], priorities: { critical: 'High' }, isDefault: true, ...overrides,
  };
}

export function githubConnection(apiBaseUrl: string, overrides: Partial<GitHubConnection> = {}): GitHubConnection {
  return { tracker: 'github', id: 'gh-1', name: 'Shop repo', repository: 'acme/shop', apiBaseUrl, labels: ['bug'], isDefault: true, ...overrides };
}

/** A `DeliveryProgress` kept in memory, recording what a client reported. */
export function memoryProgress(pending: string[], created?: { url: string; key: string }, lost: { reportId?: string; mayExist?: boolean } = {}) {
  const log = { created: [] as { url: string; key: string }[], attached: [] as string[], failed: new Map<string, string>() };
  return {
    log,
    progress: {
      created,
      reportId: lost.reportId ?? 'report-1',
      mayExist: lost.mayExist ?? false,
      pending,
      onCreated: async (ref: { url: string; key: string }) => void log.created.push(ref),
      onAttached: async (name: string) => void log.attached.push(name),
      onAttachmentFailed: async (name: string, message: string) => void log.failed.set(name, message),
    },
  };
}
