/** The report for humans: `README.md` in the zip, and the body of tracker issues. */
import type { ReportJson } from './model';

/** Escapes text for a Markdown table cell or inline position (no HTML is ever produced from page data). */
export function mdInline(text: string): string {
  return text.replace(/[\\`*_{}[\]()#+\-.!|<>]/g, (c) => `\\${c}`).replace(/\r?\n/g, ' ');
}

/** Renders the report summary as Markdown. */
export function renderMarkdown(report: ReportJson): string {
  const lines: string[] = [`# ${mdInline(report.title)}`, ''];
  if (report.description) lines.push(report.description, '');
  lines.push(`**Severity:** ${report.severity}  `, `**Page:** <${report.page.url}>  `, `**Reported:** ${report.createdAt}`, '');
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
    `| Language / time zone | ${mdInline(`${env.language} / ${env.timezone}`)} |`,
    `| Repro | ${mdInline(env.extensionVersion)} |`,
    '',
  );
  return lines.join('\n');
}
