/**
 * The report as a Jira description: Atlassian Document Format for Cloud (REST v3), wiki markup for
 * Server/Data Center (REST v2). Both carry the same sections as the Markdown summary.
 */
import { reportMarker } from './tracker';
import type { ReportJson } from '../model/report';
import type { Highlights } from './highlights';

// --- Atlassian Document Format (https://developer.atlassian.com/cloud/jira/platform/apis/document/structure/)

export interface AdfNode {
  type: string;
  attrs?: Record<string, unknown>;
  content?: AdfNode[];
  text?: string;
  marks?: { type: string; attrs?: Record<string, unknown> }[];
}

/** ADF forbids empty text nodes. */
const text = (value: string, marks?: AdfNode['marks']): AdfNode[] =>
  value ? [{ type: 'text', text: value, ...(marks ? { marks } : {}) }] : [];
const paragraph = (...content: AdfNode[]): AdfNode => ({ type: 'paragraph', content });
const heading = (value: string): AdfNode => ({ type: 'heading', attrs: { level: 3 }, content: text(value) });
/** A web address as a link (its text is the address itself); any other scheme stays plain text. */
const link = (href: string): AdfNode[] => (/^https?:\/\//i.test(href) ? text(href, [{ type: 'link', attrs: { href } }]) : text(href));
const cell = (type: 'tableHeader' | 'tableCell', value: string): AdfNode => ({ type, content: [paragraph(...text(value))] });
const row = (cells: AdfNode[]): AdfNode => ({ type: 'tableRow', content: cells });
const code = (value: string): AdfNode => ({ type: 'codeBlock', content: text(value) });

/** Multiline text as paragraphs (one per line group). */
function paragraphs(value: string): AdfNode[] {
  return value
    .split(/\n{2,}/)
    .map((p) => p.trim())
    .filter(Boolean)
    .map((p) => paragraph(...text(p.replace(/\n/g, ' '))));
}

function environmentRows(report: ReportJson): [string, string][] {
  const env = report.environment;
  return [
    ['Page', report.page.url],
    ['Browser', `${env.browser} ${env.browserVersion}`],
    ['OS', env.os],
    ['Viewport', `${env.viewport.width}×${env.viewport.height} @${env.devicePixelRatio}x`],
    ['Language / time zone', `${env.language} / ${env.timezone}`],
    ['Severity', report.severity],
    ['Reported', report.createdAt],
    ['Repro', env.extensionVersion],
  ];
}

function requestLine(r: Highlights['failedRequests'][number]): string {
  return `${r.method} ${r.url} → ${r.status === 0 ? 'no response' : `${r.status} ${r.statusText}`.trim()}`;
}

/** The description of a Cloud issue, in ADF. `attachmentName` is the zip's file name. */
export function toAdf(report: ReportJson, highlights: Highlights, attachmentName: string, reportId?: string): AdfNode {
  const content: AdfNode[] = [...paragraphs(report.description)];
  if (report.steps.length) {
    content.push(heading('Steps to reproduce'), {
      type: 'orderedList',
      content: report.steps.map((s) => ({ type: 'listItem', content: [paragraph(...text(s || '-'))] })),
    });
  }
  if (report.expected) content.push(heading('Expected result'), ...paragraphs(report.expected));
  if (report.actual) content.push(heading('Actual result'), ...paragraphs(report.actual));
  content.push(heading('Environment'), {
    type: 'table',
    attrs: { isNumberColumnEnabled: false, layout: 'default' },
    content: environmentRows(report).map(([k, val]) => row([cell('tableHeader', k), cell('tableCell', val || '-')])),
  });
  if (highlights.consoleErrors.length) {
    content.push(
      heading(`Console errors (${report.counts.consoleErrors})`),
      code(highlights.consoleErrors.map((e) => e.message).join('\n')),
    );
  }
  if (highlights.failedRequests.length) {
    content.push(heading(`Failed requests (${report.counts.failedRequests})`), {
      type: 'bulletList',
      content: highlights.failedRequests.map((r) => ({ type: 'listItem', content: [paragraph(...text(requestLine(r)))] })),
    });
  }
  content.push(
    heading('Replay'),
    paragraph(
      ...text(
        `The full report is attached as ${attachmentName}: open its viewer.html for the replay, console and network, or load it in Repro's viewer. Page: `,
      ),
      ...link(report.page.url),
    ),
  );
  // Names the report, so a retry after a lost answer finds this issue instead of filing another.
  if (reportId) content.push(paragraph(...text(`Filed by Repro · ${reportMarker(reportId)}`)));
  return { type: 'doc', version: 1, content } as AdfNode;
}

// --- Wiki markup (Server/Data Center, REST v2)

/**
 * Escapes characters that wiki markup would interpret, on one line. A backslash becomes an entity: left
 * as is, it would pair with the escape of the next character (`\\` is a line break) and free it.
 */
function wiki(value: string): string {
  return value
    .replace(/[\\{}[\]|*_+^~#!-]/g, (c) => (c === '\\' ? '&#92;' : `\\${c}`))
    .replace(/\?(?=\?)/g, '?\u200B') // `??` opens a citation
    .replace(/\r?\n/g, ' ');
}

/**
 * Text for a `{noformat}` block, inside which escapes do not work: only the closing tag ends it, so a
 * zero-width space breaks every spelling of it the text holds (inserting, never removing, cannot build one).
 */
function noformat(value: string): string {
  return value.replace(/\{(?=\s*noformat)/gi, '{\u200B');
}

/** The description of a Server/Data Center issue, in wiki markup. */
export function toWiki(report: ReportJson, highlights: Highlights, attachmentName: string, reportId?: string): string {
  const out: string[] = [];
  if (report.description) out.push(report.description, '');
  if (report.steps.length) out.push('h3. Steps to reproduce', ...report.steps.map((s) => `# ${wiki(s)}`), '');
  if (report.expected) out.push('h3. Expected result', report.expected, '');
  if (report.actual) out.push('h3. Actual result', report.actual, '');
  out.push('h3. Environment', ...environmentRows(report).map(([k, val]) => `||${k}|${wiki(val) || '-'}|`), '');
  if (highlights.consoleErrors.length) {
    out.push(
      `h3. Console errors (${report.counts.consoleErrors})`,
      '{noformat}',
      ...highlights.consoleErrors.map((e) => noformat(e.message)),
      '{noformat}',
      '',
    );
  }
  if (highlights.failedRequests.length) {
    out.push(
      `h3. Failed requests (${report.counts.failedRequests})`,
      ...highlights.failedRequests.map((r) => `* ${wiki(requestLine(r))}`),
      '',
    );
  }
  out.push('h3. Replay', `The full report is attached as [^${attachmentName}]: open its viewer.html for the replay, console and network.`);
  if (reportId) out.push('', `Filed by Repro · ${reportMarker(reportId)}`);
  return out.join('\n');
}
