/**
 * GitHub client on Octokit (`@octokit/core` only, ~20 KB minified: its typed `request()` covers the few
 * routes used, without the REST plugin's generated table of every endpoint in the service worker).
 *
 * GitHub has no API to attach files to an issue. Repro commits the zip and the screenshot to a branch
 * `repro-reports` of the same repository with the contents API, then links them from the issue body
 * (the screenshot as an image). Whoever can read the repository can read those files.
 */
import { Octokit } from '@octokit/core';
import { RequestError } from '@octokit/request-error';
import type { ReportBundle } from '../report/drafts';
import { trimBase, type GitHubConnection, type Secret } from './connection';
import { classifyHttp, classifyThrown, type FieldErrorReader, TrackerError } from './errors';
import { readHighlights, type Highlights } from './highlights';
import { DEFAULT_TIMEOUTS, fetchWithoutCookies, type Timeouts } from './http';
import { bytesToBase64 } from '../redact/base64';
import { attachmentsOf, reportMarker, type DeliveryProgress, type IssueRef, type TrackerClient } from './tracker';

export const REPORTS_BRANCH = 'repro-reports';
export const GITHUB_API_VERSION = '2022-11-28';
const BODY_LIMIT = 65_000;

type GitHubTarget = { connection: GitHubConnection; secret: Secret };

/** Reads GitHub's error answer: `{message, errors: [{resource, field, code, message}]}`. */
export const readGitHubErrors: FieldErrorReader = (body) => {
  if (typeof body === 'string') return { messages: body ? [body.slice(0, 300)] : [] };
  const b = (body ?? {}) as { message?: unknown; errors?: unknown };
  const fields: Record<string, string> = {};
  for (const e of Array.isArray(b.errors) ? b.errors : []) {
    if (typeof e === 'string') fields[`error${Object.keys(fields).length + 1}`] = e;
    else if (e && typeof e === 'object') {
      const { field, code, message } = e as { field?: string; code?: string; message?: string };
      fields[field ?? code ?? 'error'] = message ?? code ?? 'invalid';
    }
  }
  return { fields, messages: typeof b.message === 'string' ? [b.message] : [] };
};

function splitRepo(repository: string): { owner: string; repo: string } {
  const [owner = '', repo = ''] = repository.split('/');
  return { owner, repo };
}

/** The Markdown body: the report's summary, then console errors and failed requests. */
export function issueBody(bundle: ReportBundle, highlights: Highlights, files: { name: string; url: string; image: boolean }[], reportId?: string): string {
  const parts = [bundle.markdown.trim()];
  if (highlights.consoleErrors.length) {
    parts.push(`## Console errors (${bundle.report.counts.consoleErrors})`, '```text', ...highlights.consoleErrors.map((e) => e.message.replace(/```/g, "'''")), '```');
  }
  if (highlights.failedRequests.length) {
    parts.push(
      `## Failed requests (${bundle.report.counts.failedRequests})`,
      ...highlights.failedRequests.map((r) => `- \`${r.method}\` ${r.url.replace(/[<>`]/g, '')} → ${r.status === 0 ? 'no response' : `${r.status} ${r.statusText}`.trim()}`),
    );
  }
  if (files.length) {
    parts.push(
      '## Report files',
      ...files.map((f) => (f.image ? `![${f.name}](${f.url}?raw=true)` : `- [${f.name}](${f.url}) (open viewer.html inside for the replay)`)),
    );
  }
  let body = parts.join('\n\n');
  if (body.length > BODY_LIMIT) body = `${body.slice(0, BODY_LIMIT)}\n\n… (shortened; the full report is in the zip)`;
  // Hidden in the rendered issue; names the report so a retry after a lost answer finds this issue.
  if (reportId) body += `\n\n<!-- ${reportMarker(reportId)} -->`;
  return body;
}

async function base64(blob: Blob): Promise<string> {
  return bytesToBase64(new Uint8Array(await blob.arrayBuffer()));
}

export class GitHubClient implements TrackerClient<GitHubConnection> {
  constructor(private readonly timeouts: Timeouts = DEFAULT_TIMEOUTS) {}

  private octokit({ connection, secret }: GitHubTarget): Octokit {
    const octokit = new Octokit({
      auth: secret.token,
      baseUrl: trimBase(connection.apiBaseUrl),
      userAgent: 'repro-extension',
      // The token is the only credential: no browser cookies ride along.
      request: { fetch: fetchWithoutCookies },
    });
    const timeouts = this.timeouts;
    octokit.hook.before('request', (options) => {
      options.headers.accept = 'application/vnd.github+json';
      options.headers['x-github-api-version'] = GITHUB_API_VERSION;
      const upload = options.method === 'PUT';
      options.request = { ...options.request, signal: AbortSignal.timeout(upload ? timeouts.uploadMs : timeouts.requestMs) };
    });
    return octokit;
  }

  /** Runs an Octokit call, turning its errors into `TrackerError`s. */
  private async guard<T>(target: GitHubTarget, what: string, run: () => Promise<T>): Promise<T> {
    try {
      return await run();
    } catch (error) {
      const host = new URL(target.connection.apiBaseUrl).host;
      if (error instanceof RequestError && error.response) {
        throw classifyHttp({ status: error.status, headers: new Headers(error.response.headers as Record<string, string>), body: error.response.data }, 'GitHub', what, readGitHubErrors);
      }
      throw classifyThrown(error instanceof RequestError && error.cause ? error.cause : error, 'GitHub', host);
    }
  }

  /** Who the token belongs to and what it may do in the repository. */
  async test(target: GitHubTarget): Promise<{ user: string; repository: string; private: boolean; canWrite: boolean; issuesEnabled: boolean; expires?: string }> {
    const octokit = this.octokit(target);
    const { owner, repo } = splitRepo(target.connection.repository);
    const user = await this.guard(target, 'your account', () => octokit.request('GET /user'));
    const found = await this.guard(target, `repository ${target.connection.repository}`, () => octokit.request('GET /repos/{owner}/{repo}', { owner, repo }));
    const expires = user.headers['github-authentication-token-expiration' as keyof typeof user.headers];
    return {
      user: user.data.name ? `${user.data.login} (${user.data.name})` : user.data.login,
      repository: found.data.full_name,
      private: found.data.private,
      canWrite: found.data.permissions?.push === true || found.data.permissions?.admin === true,
      issuesEnabled: found.data.has_issues,
      ...(typeof expires === 'string' ? { expires } : {}),
    };
  }

  async send(bundle: ReportBundle, target: GitHubTarget, progress: DeliveryProgress): Promise<IssueRef> {
    const octokit = this.octokit(target);
    const { owner, repo } = splitRepo(target.connection.repository);
    const what = `repository ${target.connection.repository}`;
    const highlights = await readHighlights(bundle);
    let ref = progress.created ?? (progress.mayExist ? await this.findFiled(octokit, target, owner, repo, progress.reportId) : undefined);
    if (ref && !progress.created) await progress.onCreated(ref);
    if (!ref) {
      const labels = [...new Set([...target.connection.labels, ...bundle.report.labels].map((l) => l.trim()).filter(Boolean))];
      const created = await this.guard(target, what, () =>
        octokit.request('POST /repos/{owner}/{repo}/issues', { owner, repo, title: bundle.report.title.slice(0, 256), body: issueBody(bundle, highlights, [], progress.reportId), labels }),
      );
      ref = { url: created.data.html_url, key: `#${created.data.number}` };
      await progress.onCreated(ref);
    }
    const pending = attachmentsOf(bundle).filter((f) => progress.pending.includes(f.name));
    if (!pending.length) return ref;
    const issueNumber = Number(ref.key.replace('#', ''));
    const folder = `issues/${issueNumber}`;
    const uploaded: string[] = [];
    const failed = new Set<string>();
    try {
      await this.ensureBranch(octokit, target, owner, repo);
      for (const file of pending) {
        const path = `${folder}/${file.name}`;
        try {
          await this.putFile(octokit, target, owner, repo, path, file.blob, `Repro report files for ${ref.key}`);
          uploaded.push(file.name);
        } catch (error) {
          failed.add(file.name);
          await progress.onAttachmentFailed(file.name, error instanceof Error ? error.message : String(error));
        }
      }
      if (uploaded.length) {
        // The body links every file uploaded so far (this attempt and earlier ones).
        const done = attachmentsOf(bundle).filter((f) => uploaded.includes(f.name) || !progress.pending.includes(f.name));
        const blobBase = `${ref.url.replace(/\/issues\/\d+$/, '')}/blob/${REPORTS_BRANCH}/${folder}`;
        const files = done.map((f) => ({ name: f.name, url: `${blobBase}/${encodeURIComponent(f.name)}`, image: f.contentType.startsWith('image/') }));
        await this.guard(target, what, () => octokit.request('PATCH /repos/{owner}/{repo}/issues/{issue_number}', { owner, repo, issue_number: issueNumber, body: issueBody(bundle, highlights, files, progress.reportId) }));
        for (const name of uploaded) await progress.onAttached(name);
      }
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      // The branch could not be prepared, or the body could not link the files: all still pending.
      for (const file of pending) if (!failed.has(file.name)) await progress.onAttachmentFailed(file.name, message);
    }
    return ref;
  }

  /**
   * The issue an earlier attempt filed for this report, if its answer was lost: the repository's issues
   * touched in the last day, newest first, whose body names the report.
   */
  private async findFiled(octokit: Octokit, target: GitHubTarget, owner: string, repo: string, reportId: string): Promise<IssueRef | undefined> {
    const since = new Date(Date.now() - 24 * 3600_000).toISOString();
    const list = await this.guard(target, `repository ${target.connection.repository}`, () =>
      octokit.request('GET /repos/{owner}/{repo}/issues', { owner, repo, state: 'all', sort: 'created', direction: 'desc', since, per_page: 50 }),
    );
    const marker = reportMarker(reportId);
    const issue = list.data.find((i) => (i.body ?? '').includes(marker));
    return issue ? { url: issue.html_url, key: `#${issue.number}` } : undefined;
  }

  /** Creates `repro-reports` from the default branch's head when it does not exist yet. */
  private async ensureBranch(octokit: Octokit, target: GitHubTarget, owner: string, repo: string): Promise<void> {
    try {
      await octokit.request('GET /repos/{owner}/{repo}/git/ref/{ref}', { owner, repo, ref: `heads/${REPORTS_BRANCH}` });
      return;
    } catch (error) {
      if (!(error instanceof RequestError && error.status === 404)) await this.guard(target, `branch ${REPORTS_BRANCH}`, () => Promise.reject(error));
    }
    const what = `repository ${target.connection.repository}`;
    const info = await this.guard(target, what, () => octokit.request('GET /repos/{owner}/{repo}', { owner, repo }));
    const head = await this.guard(target, what, () =>
      octokit.request('GET /repos/{owner}/{repo}/git/ref/{ref}', { owner, repo, ref: `heads/${info.data.default_branch}` }),
    );
    await this.guard(target, what, () =>
      octokit.request('POST /repos/{owner}/{repo}/git/refs', { owner, repo, ref: `refs/heads/${REPORTS_BRANCH}`, sha: head.data.object.sha }),
    );
  }

  /** Commits one file; a file already there (from an attempt whose answer was lost) counts as done. */
  private async putFile(octokit: Octokit, target: GitHubTarget, owner: string, repo: string, path: string, blob: Blob, message: string): Promise<void> {
    const content = await base64(blob);
    try {
      await octokit.request('PUT /repos/{owner}/{repo}/contents/{path}', { owner, repo, path, message, content, branch: REPORTS_BRANCH });
    } catch (error) {
      if (error instanceof RequestError && error.status === 422) {
        const existing = await octokit.request('GET /repos/{owner}/{repo}/contents/{path}', { owner, repo, path, ref: REPORTS_BRANCH }).catch(() => null);
        if (existing) return;
      }
      await this.guard(target, `repository ${target.connection.repository}`, () => Promise.reject(error));
    }
  }
}

export { TrackerError };
