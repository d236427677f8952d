import { expect, it } from 'vitest';
import { buildReportJson } from './build';
import { mdInline, renderMarkdown } from './markdown';
import { emptySession } from '../model/report';
import { syntheticHar, syntheticSession, testEnvironment } from '../model/testing';

function report(include = { replay: true, console: true, network: true, screenshot: true }) {
  return buildReportJson({
    form: {
      title: 'Total is *undefined*',
      description: 'Seen twice.',
      steps: ['Open the cart', 'Click "Checkout"'],
      expected: 'A total',
      actual: 'undefined',
      severity: 'major',
      labels: ['checkout'],
    },
    include,
    keepOriginalScreenshot: false,
    hasScreenshot: true,
    page: { url: 'https://shop.test/checkout', title: 'Checkout' },
    environment: testEnvironment,
    session: syntheticSession(),
    har: syntheticHar(),
    createdAt: new Date(Date.UTC(2026, 0, 2)),
  });
}

it('summarizes title, steps, expected/actual, environment, errors, failed requests and the replay', () => {
  const md = renderMarkdown(report(), { console: syntheticSession().console, har: syntheticHar() });
  expect(md).toContain('# Total is \\*undefined\\*');
  expect(md).toContain('1. Open the cart\n2. Click "Checkout"');
  expect(md).toContain('## Expected result\n\nA total');
  expect(md).toContain('## Actual result\n\nundefined');
  expect(md).toContain('| Browser | Chrome 131\\.0\\.0\\.0 |');
  expect(md).toContain('| Viewport | 1280×720 @2x |');
  expect(md).toContain('## Console errors (1)');
  expect(md).toContain('TypeError: total is undefined\n  at checkout (app.js:10:5)');
  expect(md).not.toContain('cart loaded');
  expect(md).toContain('## Failed requests (2)');
  expect(md).toContain('| POST | https://shop\\.test/api/order | 500 Internal Server Error |');
  expect(md).toContain('| GET | https://cdn\\.test/x\\.js | failed: net::ERR\\_BLOCKED\\_BY\\_CLIENT |');
  expect(md).not.toContain('api/cart');
  expect(md).toContain('Open `viewer.html`');
});

it('says which parts were left out', () => {
  const md = renderMarkdown(report({ replay: false, console: false, network: false, screenshot: true }), { console: null, har: null });
  expect(md).toContain('_The console was left out of this report._');
  expect(md).toContain('_The network log was left out of this report._');
  expect(md).toContain('_The replay was left out of this report._');
  expect(md).not.toContain('`recording.json`');
});

it('keeps page text from breaking out of its code block', () => {
  const session = syntheticSession();
  session.console[1]!.message = 'evil ```\n# injected heading';
  const md = renderMarkdown(report(), { console: session.console, har: syntheticHar() });
  expect(md).toContain('  ````text\n  evil ```\n  # injected heading');
  expect(mdInline('a|b\nc')).toBe('a\\|b c');
});

it('says plainly when nothing was recorded in the tab', () => {
  const empty = buildReportJson({
    form: { title: 'Logo misaligned', description: '', steps: [], expected: '', actual: '', severity: 'minor', labels: [] },
    include: { replay: true, console: true, network: true, screenshot: true },
    keepOriginalScreenshot: false,
    hasScreenshot: true,
    page: { url: 'https://elsewhere.test/', title: 'Elsewhere' },
    environment: testEnvironment,
    session: emptySession(),
    har: { log: { version: '1.2', creator: { name: 'Repro', version: '0' }, entries: [] } },
    createdAt: new Date(Date.UTC(2026, 0, 2)),
  });
  const md = renderMarkdown(empty, { console: [], har: null });
  expect(md).toContain('_Nothing was recorded in this tab');
  expect(md).not.toContain('replay the session (0 events)');
  expect(md).toContain('| Browser | Chrome 131\\.0\\.0\\.0 |');
});

it('keeps page text from mentioning people or referencing issues on GitHub and GitLab', () => {
  const text = mdInline('ping @acme/security about #12 and !34');
  // A zero-width space after @, # and ! keeps the text as it reads while no tracker links it.
  expect(text).toBe('ping @\u200Bacme/security about \\#\u200B12 and \\!\u200B34');
  expect(mdInline('a@b.test')).toBe('a@b\\.test');
});
