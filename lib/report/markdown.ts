/** The report for humans: `README.md` in the zip, and the body of tracker issues. */
import type { Har } from 'har-format';
import { consoleErrors, failedRequests } from './build';
import type { ConsoleEntry, ReportJson } from '../model/report';

/**
 * Escapes text for a Markdown table cell or inline position (no HTML is ever produced from page data).
 * GitHub and GitLab link mentions and issue references in rendered text whatever the escapes, so a zero-width
 * space follows `@`, `#` and `!` there: the text reads the same and pings or links no one.
 */
export function mdInline(text: string): string {
  return text
    .replace(/[\\`*_{}[\]()#+\-.!|<>]/g, (c) => `\\${c}`)
    .replace(/\r?\n/g, ' ')
    .replace(/(^|[^\w])@(?=[\w-])|(\\[#!])(?=\d)/g, (_m, before: string | undefined, ref: string | undefined) =>
      ref ? `${ref}\u200B` : `${before}@\u200B`,
    );
}

/** Page data in a fenced block: a fence longer than any backtick run inside, so nothing can close it early. */
export function mdFenced(text: string): string {
  const longest = Math.max(2, ...[...text.matchAll(/`+/g)].map((m) => m[0].length));
  const fence = '`'.repeat(longest + 1);
  return `${fence}text\n${text}\n${fence}`;
}

/** The captured details the summary lists; each is null when its part was left out. */
export interface MarkdownDetails {
  console?: readonly ConsoleEntry[] | null;
  har?: Har | null;
}

const MAX_ERRORS = 20;
const MAX_REQUESTS = 50;

/** Renders the report summary as Markdown. */
export function renderMarkdown(report: ReportJson, details: MarkdownDetails = {}): string {
  const lines: string[] = [`# ${mdInline(report.title)}`, ''];
  if (report.description) lines.push(report.description, '');
  lines.push(`**Severity:** ${report.severity}  `, `**Page:** ${mdInline(report.page.url)}  `, `**Reported:** ${report.createdAt}`);
  if (report.labels.length) lines.push(`  \n**Labels:** ${report.labels.map(mdInline).join(', ')}`);
  lines.push('');
  if (report.steps.length) {
    lines.push('## Steps to reproduce', '');
    report.steps.forEach((s, i) => lines.push(`${i + 1}. ${mdInline(s)}`));
    lines.push('');
  }
  if (report.expected) lines.push('## Expected result', '', report.expected, '');
  if (report.actual) lines.push('## Actual result', '', report.actual, '');
  const env = report.environment;
  lines.push(
    '## Environment',
    '',
    '| | |',
    '|---|---|',
    `| Browser | ${mdInline(`${env.browser} ${env.browserVersion}`)} |`,
    `| OS | ${mdInline(env.os)} |`,
    `| Viewport | ${env.viewport.width}×${env.viewport.height} @${env.devicePixelRatio}x |`,
    `| Screen | ${env.screen.width}×${env.screen.height} |`,
    `| Language / time zone | ${mdInline(`${env.language} / ${env.timezone}`)} |`,
    `| User agent | ${mdInline(env.userAgent)} |`,
    `| Repro | ${mdInline(env.extensionVersion)} |`,
    '',
  );

  lines.push(`## Console errors (${report.counts.consoleErrors})`, '');
  if (details.console === null || report.files.console === null) lines.push('_The console was left out of this report._', '');
  else {
    const errors = consoleErrors(details.console ?? []);
    if (!errors.length) lines.push('None.', '');
    for (const e of errors.slice(0, MAX_ERRORS)) {
      lines.push(`- ${new Date(e.time).toISOString()} ${e.source ?? e.level}${e.url ? ` at ${mdInline(e.url)}` : ''}`, '');
      lines.push(mdFenced(e.stack ? `${e.message}\n${e.stack}` : e.message).replace(/^/gm, '  '), '');
    }
    if (errors.length > MAX_ERRORS) lines.push(`…and ${errors.length - MAX_ERRORS} more in \`console.json\`.`, '');
  }

  lines.push(`## Failed requests (${report.counts.failedRequests})`, '');
  if (details.har === null || report.files.network === null) lines.push('_The network log was left out of this report._', '');
  else {
    const failed = details.har ? failedRequests(details.har) : [];
    if (!failed.length) lines.push('None.', '');
    else {
      lines.push('| Method | URL | Status |', '|---|---|---|');
      for (const e of failed.slice(0, MAX_REQUESTS)) {
        const status =
          e.response.status === 0
            ? `failed${e.response.statusText ? `: ${e.response.statusText}` : ''}`
            : `${e.response.status} ${e.response.statusText}`;
        lines.push(`| ${mdInline(e.request.method)} | ${mdInline(e.request.url)} | ${mdInline(status.trim())} |`);
      }
      if (failed.length > MAX_REQUESTS) lines.push('', `…and ${failed.length - MAX_REQUESTS} more in \`network.har\`.`);
      lines.push('');
    }
  }

  lines.push('## Replay and files', '');
  if (report.files.recording && report.counts.events === 0) {
    lines.push(
      '_Nothing was recorded in this tab: Repro was not recording this site and no repro was started._ The screenshot and environment describe the page; `viewer.html` shows them.',
      '',
    );
  } else if (report.files.recording) {
    lines.push(
      `Open \`viewer.html\` in any browser to replay the session (${report.counts.events} events) offline, with its console and network.`,
      "Or open the whole zip in Repro's viewer. `recording.json` holds the raw rrweb events, replayable by rrweb's own player.",
      '',
    );
  } else lines.push('_The replay was left out of this report._ `viewer.html` still shows what was kept.', '');
  const files = Object.values(report.files).filter((f): f is string => f !== null);
  lines.push(`Files: ${['report.json', ...files].map((f) => `\`${f}\``).join(', ')}.`, '');
  return lines.join('\n');
}
