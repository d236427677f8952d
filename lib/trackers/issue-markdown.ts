/**
 * The issue text for trackers that take Markdown (GitHub, GitLab, Linear): the report's summary, then
 * console errors and failed requests, with every piece of page text escaped (`mdInline`, `mdFenced`).
 */
import { mdFenced, mdInline } from '../report/markdown';
import { reportMarker, type BundleToSend } from './tracker';

export interface IssueMarkdownOptions {
  /** Names the report, so a retry after a lost answer finds the issue. */
  reportId?: string;
  /** Markdown lines for the "Report files" section (links Repro built, not page text). */
  files?: string[];
  /** The tracker's longest description, in characters. */
  limit: number;
  /** How the report id is written: a hidden HTML comment, or a last line where comments show. */
  marker: 'comment' | 'line';
}

/** A file name as Markdown link text. */
export function linkText(name: string): string {
  return name.replace(/[[\]\\]/g, '\\$&');
}

/** The issue's Markdown description. */
export function issueMarkdown(bundle: BundleToSend, options: IssueMarkdownOptions): string {
  const { highlights, report } = bundle;
  const parts = [bundle.markdown.trim()];
  if (highlights.consoleErrors.length) {
    parts.push(`## Console errors (${report.counts.consoleErrors})`, mdFenced(highlights.consoleErrors.map((e) => e.message).join('\n')));
  }
  if (highlights.failedRequests.length) {
    parts.push(
      `## Failed requests (${report.counts.failedRequests})`,
      highlights.failedRequests
        .map(
          (r) =>
            `- ${mdInline(r.method)} ${mdInline(r.url)} → ${mdInline(r.status === 0 ? 'no response' : `${r.status} ${r.statusText}`.trim())}`,
        )
        .join('\n'),
    );
  }
  if (options.files?.length) parts.push('## Report files', ...options.files);
  let body = parts.join('\n\n');
  if (body.length > options.limit - 200) body = `${body.slice(0, options.limit - 200)}\n\n… (shortened; the full report is in the zip)`;
  if (options.reportId) {
    const marker = reportMarker(options.reportId);
    body += options.marker === 'comment' ? `\n\n<!-- ${marker} -->` : `\n\nFiled by Repro · ${marker}`;
  }
  return body;
}
