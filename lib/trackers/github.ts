/**
 * GitHub client on Octokit (`@octokit/core` only, ~20 KB minified: its typed `request()` covers the few
 * routes used, without the REST plugin's generated table of every endpoint in the service worker).
 *
 * GitHub has no API to attach files to an issue. Repro commits the zip and the screenshot to a branch
 * `repro-reports` of the same repository with the contents API, then links them from the issue body
 * (the screenshot as an image). Whoever can read the repository can read those files.
 */
import type { Octokit } from '@octokit/core';
import { RequestError } from '@octokit/request-error';
import * as v from 'valibot';
import { commonFields, endpointUrl, names, text, trimBase, type Secret } from './connection';
import { classifyHttp, classifyThrown, type FieldErrorReader, TrackerError } from './errors';
import { DEFAULT_TIMEOUTS, fetchWithoutCookies, type Timeouts } from './http';
import { bytesToBase64 } from '../redact';
import { issueMarkdown, linkText } from './issue-markdown';
import {
  attachmentsOf,
  failedTest,
  reportMarker,
  type BundleToSend,
  type DeliveryProgress,
  type IssueRef,
  type TrackerClient,
  type TrackerDefinition,
} from './tracker';
import type { TestAnswer } from './views';

export const GITHUB_API = 'https://api.github.com';

/** Where the repository's pages are: github.com for its API, the host itself for Enterprise Server. */
function githubWeb(connection: GitHubConnection): string {
  const origin = new URL(connection.apiBaseUrl).origin;
  return origin === GITHUB_API ? 'https://github.com' : origin;
}

export const githubConnectionSchema = v.object({
  tracker: v.literal('github'),
  ...commonFields,
  /** `owner/repo` where issues are filed. */
  repository: v.pipe(text(201), v.regex(/^[\w.-]+\/[\w.-]+$/, 'Write the repository as owner/repo')),
  /** REST API root: https://api.github.com, or https://HOST/api/v3 for GitHub Enterprise Server. */
  apiBaseUrl: endpointUrl('https://api.github.com'),
  labels: names,
});

export type GitHubConnection = v.InferOutput<typeof githubConnectionSchema>;

export const REPORTS_BRANCH = 'repro-reports';
export const GITHUB_API_VERSION = '2022-11-28';
/** GitHub's longest issue body is 65,536 characters. */
const BODY_LIMIT = 65_536;

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

/** The Markdown body: the report's summary, console errors and failed requests, then links to its files. */
export function issueBody(bundle: BundleToSend, files: { name: string; url: string; image: boolean }[], reportId?: string): string {
  const lines = files.map((f) =>
    f.image ? `![${linkText(f.name)}](${f.url}?raw=true)` : `- [${linkText(f.name)}](${f.url}) (open viewer.html inside for the replay)`,
  );
  return issueMarkdown(bundle, { reportId, files: lines, limit: BODY_LIMIT, marker: 'comment' });
}

async function base64(blob: Blob): Promise<string> {
  return bytesToBase64(new Uint8Array(await blob.arrayBuffer()));
}

export class GitHubClient implements TrackerClient<GitHubConnection> {
  constructor(private readonly timeouts: Timeouts = DEFAULT_TIMEOUTS) {}

  private async octokit({ connection, secret }: GitHubTarget): Promise<Octokit> {
    // Loaded when a send or a test needs it: the extension's pages read this file for its settings form only.
    const { Octokit } = await import('@octokit/core');
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
        throw classifyHttp(
          { status: error.status, headers: new Headers(error.response.headers as Record<string, string>), body: error.response.data },
          'GitHub',
          what,
          readGitHubErrors,
        );
      }
      throw classifyThrown(error instanceof RequestError && error.cause ? error.cause : error, 'GitHub', host);
    }
  }

  /** Who the token belongs to and what it may do in the repository. */
  async test(
    target: GitHubTarget,
  ): Promise<{ user: string; repository: string; private: boolean; canWrite: boolean; issuesEnabled: boolean; expires?: string }> {
    const octokit = await this.octokit(target);
    const { owner, repo } = splitRepo(target.connection.repository);
    const user = await this.guard(target, 'your account', () => octokit.request('GET /user'));
    const found = await this.guard(target, `repository ${target.connection.repository}`, () =>
      octokit.request('GET /repos/{owner}/{repo}', { owner, repo }),
    );
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

  async check(target: GitHubTarget): Promise<TestAnswer> {
    try {
      const t = await this.test(target);
      const details = [
        `Repository ${t.repository} (${t.private ? 'private: only people with access can read the report files' : 'public: anyone can read the report files'}).`,
        t.issuesEnabled ? 'Issues are enabled.' : 'Issues are disabled in this repository.',
        // GitHub reports the account's role here; a fine-grained token may still lack Contents: write.
        t.canWrite
          ? 'Your account may write to it; the token also needs Contents: write for the report files on the repro-reports branch.'
          : 'Your account may NOT write to it: issues can be filed, but the report files cannot be uploaded.',
      ];
      if (t.expires) details.push(`The token expires ${t.expires}.`);
      return { ok: t.issuesEnabled, summary: `Connected to GitHub as ${t.user}.`, details };
    } catch (error) {
      return failedTest(error);
    }
  }

  async send(bundle: BundleToSend, target: GitHubTarget, progress: DeliveryProgress): Promise<IssueRef> {
    const octokit = await this.octokit(target);
    const { owner, repo } = splitRepo(target.connection.repository);
    const what = `repository ${target.connection.repository}`;
    let ref = progress.created ?? (progress.mayExist ? await this.findFiled(octokit, target, owner, repo, progress.reportId) : undefined);
    if (ref && !progress.created) await progress.onCreated(ref);
    if (!ref) {
      const labels = [...new Set([...target.connection.labels, ...bundle.report.labels].map((l) => l.trim()).filter(Boolean))];
      const created = await this.guard(target, what, () =>
        octokit.request('POST /repos/{owner}/{repo}/issues', {
          owner,
          repo,
          title: bundle.report.title.slice(0, 256),
          body: issueBody(bundle, [], progress.reportId),
          labels,
        }),
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
        // Built from the connection, never from a link GitHub answered: those are untrusted.
        const blobBase = `${githubWeb(target.connection)}/${target.connection.repository}/blob/${REPORTS_BRANCH}/${folder}`;
        const files = done.map((f) => ({
          name: f.name,
          url: `${blobBase}/${encodeURIComponent(f.name)}`,
          image: f.contentType.startsWith('image/'),
        }));
        await this.guard(target, what, () =>
          octokit.request('PATCH /repos/{owner}/{repo}/issues/{issue_number}', {
            owner,
            repo,
            issue_number: issueNumber,
            body: issueBody(bundle, files, progress.reportId),
          }),
        );
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
  private async findFiled(
    octokit: Octokit,
    target: GitHubTarget,
    owner: string,
    repo: string,
    reportId: string,
  ): Promise<IssueRef | undefined> {
    const since = new Date(Date.now() - 24 * 3600_000).toISOString();
    const list = await this.guard(target, `repository ${target.connection.repository}`, () =>
      octokit.request('GET /repos/{owner}/{repo}/issues', {
        owner,
        repo,
        state: 'all',
        sort: 'created',
        direction: 'desc',
        since,
        per_page: 50,
      }),
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
      if (!(error instanceof RequestError && error.status === 404))
        await this.guard(target, `branch ${REPORTS_BRANCH}`, () => Promise.reject(error));
    }
    const what = `repository ${target.connection.repository}`;
    const info = await this.guard(target, what, () => octokit.request('GET /repos/{owner}/{repo}', { owner, repo }));
    const head = await this.guard(target, what, () =>
      octokit.request('GET /repos/{owner}/{repo}/git/ref/{ref}', { owner, repo, ref: `heads/${info.data.default_branch}` }),
    );
    await this.guard(target, what, () =>
      octokit.request('POST /repos/{owner}/{repo}/git/refs', {
        owner,
        repo,
        ref: `refs/heads/${REPORTS_BRANCH}`,
        sha: head.data.object.sha,
      }),
    );
  }

  /** Commits one file; a file already there (from an attempt whose answer was lost) counts as done. */
  private async putFile(
    octokit: Octokit,
    target: GitHubTarget,
    owner: string,
    repo: string,
    path: string,
    blob: Blob,
    message: string,
  ): Promise<void> {
    const content = await base64(blob);
    try {
      await octokit.request('PUT /repos/{owner}/{repo}/contents/{path}', { owner, repo, path, message, content, branch: REPORTS_BRANCH });
    } catch (error) {
      if (error instanceof RequestError && error.status === 422) {
        const existing = await octokit
          .request('GET /repos/{owner}/{repo}/contents/{path}', { owner, repo, path, ref: REPORTS_BRANCH })
          .catch(() => null);
        if (existing) return;
      }
      await this.guard(target, `repository ${target.connection.repository}`, () => Promise.reject(error));
    }
  }
}

export { TrackerError };

export const githubTracker = {
  id: 'github',
  name: 'GitHub',
  schema: githubConnectionSchema,
  blank: (id) => ({ tracker: 'github', id, name: '', repository: '', apiBaseUrl: GITHUB_API, labels: [], isDefault: false }),
  endpoint: (c) => c.apiBaseUrl,
  linkOrigins: (c) => [githubWeb(c)],
  label: (c) => c.repository,
  privacy: `the issue body holds the summary; the zip and the screenshot are committed to the branch ${REPORTS_BRANCH} of the repository, readable by everyone who can read the repository (anyone, if it is public) and kept in its history.`,
  describe: (c) => `GitHub · ${c.repository}${c.apiBaseUrl === GITHUB_API ? '' : ` · ${c.apiBaseUrl}`}`,
  secret: { label: 'Token', placeholder: 'Fine-grained token: Issues and Contents read & write' },
  fields: [
    { kind: 'text', key: 'name', label: 'Name', placeholder: 'Shop repository', required: true },
    { kind: 'text', key: 'repository', label: 'Repository', placeholder: 'owner/repo', required: true },
    { kind: 'secret' },
    {
      kind: 'text',
      key: 'apiBaseUrl',
      label: 'API base URL',
      placeholder: GITHUB_API,
      url: true,
      hint: 'For GitHub Enterprise Server use https://HOST/api/v3.',
    },
    { kind: 'list', key: 'labels', label: 'Default labels (optional, comma-separated)', placeholder: 'bug' },
    {
      kind: 'note',
      testId: 'github-privacy',
      text: [
        'GitHub issues cannot carry attachments. Repro commits the report zip and the screenshot to a branch named ',
        { code: REPORTS_BRANCH },
        ' of this repository and links them from the issue. ',
        { strong: 'Everyone who can read this repository can read those files' },
        ' — anyone at all if the repository is public. The token needs Issues and Contents (read and write) permission.',
      ],
    },
    { kind: 'actions' },
  ],
  readErrors: readGitHubErrors,
  createClient: (timeouts) => new GitHubClient(timeouts),
} satisfies TrackerDefinition<GitHubConnection>;
