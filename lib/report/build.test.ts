import { expect, it } from 'vitest';
import { buildReportJson, cleanForm, reportFileName, reportFiles, type ReportInput } from './build';
import { emptySession, type IncludeParts } from '../model/report';
import { schemaErrors, syntheticHar, syntheticSession, testEnvironment } from '../model/testing';

const all: IncludeParts = { replay: true, console: true, network: true, screenshot: true };

function input(over: Partial<ReportInput> = {}): ReportInput {
  return {
    form: {
      title: '  Checkout total is undefined ',
      description: 'The total disappears.',
      steps: ['Open the cart', '  ', 'Click "Checkout"'],
      expected: 'A total',
      actual: 'undefined',
      severity: 'critical',
      labels: ['checkout', 'checkout', ' '],
    },
    include: all,
    keepOriginalScreenshot: false,
    hasScreenshot: true,
    page: { url: 'https://shop.test/checkout', title: 'Checkout' },
    environment: testEnvironment,
    session: syntheticSession(),
    har: syntheticHar(),
    createdAt: new Date(Date.UTC(2026, 0, 2, 4, 0, 0)),
    ...over,
  };
}

it('builds a schema-valid report.json from a captured session', () => {
  const report = buildReportJson(input());
  expect(schemaErrors(report)).toBeNull();
  expect(report).toMatchObject({
    format: 'repro-report',
    version: 1,
    title: 'Checkout total is undefined',
    steps: ['Open the cart', 'Click "Checkout"'],
    labels: ['checkout'],
    createdAt: '2026-01-02T04:00:00.000Z',
    counts: { consoleErrors: 1, failedRequests: 2, events: 5 },
    recording: { startedAt: '2026-01-02T03:04:05.000Z', endedAt: '2026-01-02T03:04:09.000Z', mode: 'rolling' },
    custom: { build: '2026.1.2', tenant: 'acme' },
  });
  expect(report.recording.pages).toHaveLength(2);
  expect(report.files).toEqual({
    recording: 'recording.json',
    network: 'network.har',
    console: 'console.json',
    screenshot: 'screenshot.png',
    screenshotOriginal: null,
    summary: 'README.md',
    viewer: 'viewer.html',
  });
});

it('builds a valid report from an empty session (a tab never recorded)', () => {
  const report = buildReportJson(
    input({ session: emptySession(), har: { log: { version: '1.2', creator: { name: 'Repro', version: '0' }, entries: [] } } }),
  );
  expect(schemaErrors(report)).toBeNull();
  expect(report.recording).toMatchObject({ startedAt: null, endedAt: null, pages: [] });
  expect(report.counts).toEqual({ consoleErrors: 0, failedRequests: 0, events: 0 });
  expect(report.custom).toBeUndefined();
});

it('says which parts were left out, and keeps the original screenshot only on request', () => {
  expect(reportFiles({ replay: false, console: true, network: false, screenshot: true }, true, true)).toMatchObject({
    recording: null,
    network: null,
    console: 'console.json',
    screenshot: 'screenshot.png',
    screenshotOriginal: 'screenshot-original.png',
  });
  // No screenshot could be taken: neither file, whatever the switch says.
  expect(reportFiles(all, false, true)).toMatchObject({ screenshot: null, screenshotOriginal: null });
  const report = buildReportJson(input({ include: { replay: false, console: false, network: false, screenshot: false } }));
  expect(schemaErrors(report)).toBeNull();
  expect(report.files).toMatchObject({ recording: null, console: null, network: null, screenshot: null });
});

it('keeps secrets of the page addresses out of the report', () => {
  const secret = 'Sess10nS3cret';
  const session = syntheticSession();
  const pages = session.pages.map((p) => ({ ...p, url: `https://admin:${secret}@shop.test/a?token=${secret}` }));
  const report = buildReportJson(
    input({
      page: { url: `https://shop.test/checkout?session=${secret}#access_token=${secret}`, title: 'Checkout' },
      session: { ...session, pages },
    }),
  );
  expect(JSON.stringify(report)).not.toContain(secret);
  expect(report.page.url).toMatch(/^https:\/\/shop\.test\/checkout\?session=/);
  expect(report.recording.pages.length).toBe(pages.length);
});

it("redacts the page addresses with the tester's rules", () => {
  const rules = { headers: [], fields: ['employeeId'], patterns: ['EMP-\\d+'] };
  const session = syntheticSession();
  const pages = session.pages.map((p) => ({ ...p, url: 'https://shop.test/u/EMP-4242?employeeId=e-77' }));
  const report = buildReportJson(
    input({ page: { url: 'https://shop.test/u/EMP-4242?employeeId=e-77&tab=2', title: 'User' }, session: { ...session, pages }, rules }),
  );
  expect(JSON.stringify(report)).not.toMatch(/EMP-4242|e-77/);
  expect(report.page.url).toContain('tab=2');
});

it('refuses a report without a title', () => {
  expect(() => buildReportJson(input({ form: { ...input().form, title: '   ' } }))).toThrow(/title/);
});

it('names the zip after the host and the local time', () => {
  const at = new Date(2026, 2, 4, 5, 6, 7);
  expect(reportFileName('https://Shop.Example.com:8443/cart?x=1', at)).toBe('repro-shop.example.com-20260304-050607.zip');
  expect(reportFileName('http://127.0.0.1:4173/', at)).toBe('repro-127.0.0.1-20260304-050607.zip');
  expect(reportFileName('about:blank', at)).toBe('repro-page-20260304-050607.zip');
  expect(reportFileName('not a url', at)).toBe('repro-page-20260304-050607.zip');
});

it('cleans the form without losing what the tester wrote', () => {
  expect(cleanForm(input().form)).toEqual({
    title: 'Checkout total is undefined',
    description: 'The total disappears.',
    steps: ['Open the cart', 'Click "Checkout"'],
    expected: 'A total',
    actual: 'undefined',
    severity: 'critical',
    labels: ['checkout'],
  });
});

it('keeps the recorded actions with their times, whatever the tester did to the steps field', () => {
  const session = syntheticSession();
  const report = buildReportJson(input({ session }));
  expect(schemaErrors(report)).toBeNull();
  expect(report.recording.actions).toEqual(session.steps.map((s) => ({ time: s.time, text: s.text })));
  expect(report.recording.actions!.length).toBeGreaterThan(0);
});

it('puts the network capture gaps beside the recording gaps, in time order', () => {
  const session = syntheticSession();
  const recordingGap = { kind: 'recording' as const, from: session.gaps[0]!.from + 1_000, to: null, reason: 'mutation storm: throttled' };
  session.gaps = [recordingGap];
  const networkGaps = [
    { kind: 'network' as const, from: recordingGap.from + 50, to: null, reason: 'debugger detached by the user' },
    { kind: 'network' as const, from: recordingGap.from - 700, to: recordingGap.from - 200, reason: 'DevTools opened' },
  ];
  const report = buildReportJson(input({ session, networkGaps }));
  expect(schemaErrors(report)).toBeNull();
  expect(report.recording.gaps).toEqual([networkGaps[1], recordingGap, networkGaps[0]]);
  // A network gap over before the recording's first event is left out.
  const before = { kind: 'network' as const, from: 1_000, to: 2_000, reason: 'DevTools opened' };
  expect(buildReportJson(input({ session, networkGaps: [before] })).recording.gaps).toEqual([recordingGap]);
  // Without any network gaps the recording's own stay as they are.
  expect(buildReportJson(input({ session })).recording.gaps).toEqual([recordingGap]);
});

it('does not count the browser fetching a missing favicon as a failed request of the page', async () => {
  const { failedRequests } = await import('./build');
  const entry = (url: string, status: number, type: string) =>
    ({ request: { url, method: 'GET' }, response: { status }, _resourceType: type }) as never;
  const har = {
    log: {
      version: '1.2',
      creator: { name: 'Repro', version: '0' },
      entries: [
        entry('https://shop.test/favicon.ico', 404, 'other'),
        entry('https://shop.test/api/favicon.ico', 404, 'fetch'),
        entry('https://shop.test/api/order', 500, 'fetch'),
      ],
    },
  };
  expect(failedRequests(har).map((e) => e.request.url)).toEqual(['https://shop.test/api/favicon.ico', 'https://shop.test/api/order']);
});
