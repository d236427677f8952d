/**
 * GitLab (gitlab.com and self-managed, REST API v4) over plain `fetch`: an access token with the `api`
 * scope, a project by its path. The issue gets the Markdown summary; the zip and the screenshot go
 * through the project's Markdown uploads (`POST /projects/:id/uploads`) and are linked from the
 * description. GitLab serves those files to whoever can see the project (and, where the project does
 * not enforce authorization on uploads, to anyone who has the link).
 */
import * as v from 'valibot';
import { commonFields, endpointUrl, names, text, trimBase, type Secret } from './connection';
import type { FieldErrorReader } from './errors';
import { call, DEFAULT_TIMEOUTS, type Timeouts } from './http';
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

export const GITLAB_COM = 'https://gitlab.com';
/** GitLab's longest description is 1,048,576 characters. */
const DESCRIPTION_LIMIT = 1_048_576;
/** What a Markdown upload answers as its `url`; anything else is not linked. */
const UPLOAD_URL = /^\/uploads\/[0-9a-f]{16,64}\/[^/?#\s()<>[\]\\]+$/;
const FILES_HEADING = '## Report files';

export const gitlabConnectionSchema = v.object({
  tracker: v.literal('gitlab'),
  ...commonFields,
  /** https://gitlab.com, or the address of a self-managed GitLab. */
  baseUrl: endpointUrl(GITLAB_COM),
  /** The project's path: `group/project`, `group/subgroup/project`. */
  project: v.pipe(
    text(255),
    v.regex(/^[\w.-]+(\/[\w.-]+)+$/, 'Write the project as group/project (with subgroups: group/subgroup/project)'),
  ),
  labels: names,
});

export type GitLabConnection = v.InferOutput<typeof gitlabConnectionSchema>;
type GitLabTarget = { connection: GitLabConnection; secret: Secret };

/** Reads GitLab's error answer: `{message: string | {field: [errors]}}` or `{error, error_description}`. */
export const readGitLabErrors: FieldErrorReader = (body) => {
  if (typeof body === 'string') return { messages: body ? [body.slice(0, 300)] : [] };
  const b = (body ?? {}) as { message?: unknown; error?: unknown; error_description?: unknown };
  if (b.message && typeof b.message === 'object' && !Array.isArray(b.message)) {
    const fields = Object.fromEntries(
      Object.entries(b.message as Record<string, unknown>).map(([k, m]) => [k, Array.isArray(m) ? m.join(', ') : String(m)]),
    );
    return { fields, messages: [] };
  }
  const messages = [b.message, b.error_description ?? b.error].flat().filter((m): m is string => typeof m === 'string' && m !== '');
  return { messages };
};

const ROLES: Record<number, string> = {
  5: 'Minimal access',
  10: 'Guest',
  15: 'Planner',
  20: 'Reporter',
  30: 'Developer',
  40: 'Maintainer',
  50: 'Owner',
};

interface GitLabProject {
  path_with_namespace: string;
  visibility?: 'private' | 'internal' | 'public';
  issues_enabled?: boolean;
  permissions?: { project_access?: { access_level?: number } | null; group_access?: { access_level?: number } | null };
}

/** The description with links to more files, in its "Report files" section, before the report's marker. */
export function withFiles(description: string, lines: string[]): string {
  const at = description.lastIndexOf('\n\n<!-- repro-report:');
  const head = at >= 0 ? description.slice(0, at) : description;
  const tail = at >= 0 ? description.slice(at) : '';
  const heading = head.includes(`\n${FILES_HEADING}\n`) ? '' : `\n\n${FILES_HEADING}\n`;
  return `${head}${heading}\n${lines.join('\n')}${tail}`;
}

export class GitLabClient implements TrackerClient<GitLabConnection> {
  constructor(private readonly timeouts: Timeouts = DEFAULT_TIMEOUTS) {}

  private request(target: GitLabTarget, method: string, path: string, what: string, body?: unknown): Promise<unknown> {
    const form = body instanceof FormData;
    const headers: Record<string, string> = { Accept: 'application/json', 'PRIVATE-TOKEN': target.secret.token };
    if (body !== undefined && !form) headers['Content-Type'] = 'application/json';
    return call(
      `${trimBase(target.connection.baseUrl)}/api/v4${path}`,
      { method, headers, body: body === undefined ? undefined : form ? body : JSON.stringify(body) },
      { tracker: 'GitLab', what, readErrors: readGitLabErrors, timeoutMs: form ? this.timeouts.uploadMs : this.timeouts.requestMs },
    );
  }

  private projectPath(connection: GitLabConnection): string {
    return `/projects/${encodeURIComponent(connection.project)}`;
  }

  /** Who the token belongs to, and the project as the token sees it. */
  async test(target: GitLabTarget): Promise<{ user: string; project: GitLabProject }> {
    const what = `project ${target.connection.project}`;
    const me = (await this.request(target, 'GET', '/user', 'your account')) as { username?: string; name?: string };
    const project = (await this.request(target, 'GET', this.projectPath(target.connection), what)) as GitLabProject;
    return { user: me.name ? `${me.username} (${me.name})` : (me.username ?? 'unknown user'), project };
  }

  async check(target: GitLabTarget): Promise<TestAnswer> {
    try {
      const { user, project } = await this.test(target);
      const level = Math.max(project.permissions?.project_access?.access_level ?? 0, project.permissions?.group_access?.access_level ?? 0);
      const readers =
        project.visibility === 'public'
          ? 'public: anyone can read the report files'
          : project.visibility === 'internal'
            ? 'internal: every signed-in user of this GitLab can read the report files'
            : 'private: only its members can read the report files';
      const details = [
        `Project ${project.path_with_namespace} (${readers}).`,
        project.issues_enabled === false ? 'Issues are disabled in this project.' : 'Issues are enabled.',
        level
          ? `Your role: ${ROLES[level] ?? `access level ${level}`}.`
          : 'You have no role in this project of your own: GitLab may refuse the issue.',
      ];
      return { ok: project.issues_enabled !== false, summary: `Connected to GitLab as ${user}.`, details };
    } catch (error) {
      return failedTest(error);
    }
  }

  /** The issue an attempt filed for this report without hearing back: the project's issues of the last day. */
  private async findFiled(target: GitLabTarget, reportId: string): Promise<IssueRef | undefined> {
    const query = new URLSearchParams({
      created_after: new Date(Date.now() - 24 * 3600_000).toISOString(),
      order_by: 'created_at',
      sort: 'desc',
      per_page: '50',
    });
    const issues = (await this.request(
      target,
      'GET',
      `${this.projectPath(target.connection)}/issues?${query}`,
      `project ${target.connection.project}`,
    )) as {
      iid: number;
      web_url?: string;
      description?: string | null;
    }[];
    const issue = issues.find((i) => (i.description ?? '').includes(reportMarker(reportId)));
    return issue ? { key: `#${issue.iid}`, url: issue.web_url } : undefined;
  }

  async send(bundle: BundleToSend, target: GitLabTarget, progress: DeliveryProgress): Promise<IssueRef> {
    const { connection } = target;
    const what = `project ${connection.project}`;
    let ref = progress.created ?? (progress.mayExist ? await this.findFiled(target, progress.reportId) : undefined);
    if (ref && !progress.created) await progress.onCreated(ref);
    if (!ref) {
      // Commas separate GitLab labels; spaces are allowed in them.
      const labels = [...new Set([...connection.labels, ...bundle.report.labels].map((l) => l.replace(/,/g, ' ').trim()).filter(Boolean))];
      const description = issueMarkdown(bundle, { reportId: progress.reportId, limit: DESCRIPTION_LIMIT, marker: 'comment' });
      const issue = (await this.request(target, 'POST', `${this.projectPath(connection)}/issues`, what, {
        title: bundle.report.title.slice(0, 255),
        description,
        ...(labels.length ? { labels: labels.join(',') } : {}),
      })) as { iid: number; web_url?: string };
      ref = { key: `#${issue.iid}`, url: issue.web_url };
      await progress.onCreated(ref);
    }
    const pending = attachmentsOf(bundle).filter((f) => progress.pending.includes(f.name));
    const issuePath = `${this.projectPath(connection)}/issues/${encodeURIComponent(ref.key.replace('#', ''))}`;
    const links: string[] = [];
    const uploaded: string[] = [];
    for (const file of pending) {
      try {
        const form = new FormData();
        form.append('file', new File([file.blob], file.name, { type: file.contentType }));
        const answer = (await this.request(target, 'POST', `${this.projectPath(connection)}/uploads`, what, form)) as { url?: unknown };
        // The answer is untrusted: only a path of the project's own uploads is linked.
        if (typeof answer?.url !== 'string' || !UPLOAD_URL.test(answer.url))
          throw new Error('GitLab answered the upload without a file address.');
        const name = linkText(file.name);
        links.push(
          file.contentType.startsWith('image/')
            ? `![${name}](${answer.url})`
            : `- [${name}](${answer.url}) (open viewer.html inside for the replay)`,
        );
        uploaded.push(file.name);
      } catch (error) {
        await progress.onAttachmentFailed(file.name, error instanceof Error ? error.message : String(error));
      }
    }
    if (!links.length) return ref;
    try {
      const issue = (await this.request(target, 'GET', issuePath, `issue ${ref.key}`)) as { description?: string | null };
      await this.request(target, 'PUT', issuePath, `issue ${ref.key}`, { description: withFiles(issue.description ?? '', links) });
      for (const name of uploaded) await progress.onAttached(name);
    } catch (error) {
      // Uploaded but not linked: still pending, so a retry uploads and links them again.
      for (const name of uploaded) await progress.onAttachmentFailed(name, error instanceof Error ? error.message : String(error));
    }
    return ref;
  }
}

export const gitlabTracker = {
  id: 'gitlab',
  name: 'GitLab',
  schema: gitlabConnectionSchema,
  blank: (id) => ({ tracker: 'gitlab', id, name: '', baseUrl: GITLAB_COM, project: '', labels: [], isDefault: false }),
  endpoint: (c) => c.baseUrl,
  label: (c) => c.project,
  privacy:
    'the issue description holds the summary; the zip and the screenshot are uploads of the project, readable by everyone who can see the project (and by anyone who has the link where the project does not check access to its uploads).',
  describe: (c) => `GitLab · ${c.project}${trimBase(c.baseUrl) === GITLAB_COM ? '' : ` · ${c.baseUrl}`}`,
  secret: { label: 'Access token', placeholder: 'Personal or project access token with the api scope' },
  fields: [
    { kind: 'text', key: 'name', label: 'Name', placeholder: 'Shop project', required: true },
    {
      kind: 'text',
      key: 'baseUrl',
      label: 'GitLab URL',
      placeholder: GITLAB_COM,
      required: true,
      url: true,
      hint: 'https://gitlab.com, or the address of your self-managed GitLab.',
    },
    { kind: 'text', key: 'project', label: 'Project', placeholder: 'group/project', required: true },
    { kind: 'secret' },
    { kind: 'list', key: 'labels', label: 'Labels (optional, comma-separated)', placeholder: 'bug, qa' },
    {
      kind: 'note',
      testId: 'gitlab-privacy',
      text: [
        'Repro uploads the report zip and the screenshot to this project (its Markdown uploads) and links them from the issue. ',
        { strong: 'Everyone who can see the project can read those files' },
        ' — anyone at all if it is public, and anyone with the link if the project does not enforce authorization on uploads.',
      ],
    },
    { kind: 'actions' },
  ],
  readErrors: readGitLabErrors,
  createClient: (timeouts) => new GitLabClient(timeouts),
} satisfies TrackerDefinition<GitLabConnection>;
