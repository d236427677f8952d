/**
 * A fake GitLab REST API v4 on 127.0.0.1 for contract and end-to-end tests. Each request must be an
 * operation of `gitlab-api.json` (GitLab's documented API, the subset Repro uses), carry the token in
 * `PRIVATE-TOKEN`, name the project by its URL-encoded path, and send only documented parameters. It
 * keeps issues and uploaded files, and serves the files at the project's upload paths as GitLab does.
 */
import { randomBytes } from 'node:crypto';
import { gitlabErrors, gitlabOperation } from './contract-schemas';
import { expectHeader, parseMultipart, startHttpFake, type HttpFake, type RecordedRequest, type Reply } from './http-fake';

export interface FakeGitLabOptions {
  token: string;
  project?: string;
  visibility?: 'private' | 'internal' | 'public';
  accessLevel?: number;
}

export interface FakeGitLabIssue {
  iid: number;
  title: string;
  description: string;
  labels: string[];
}

export interface FakeGitLab extends HttpFake {
  issues: FakeGitLabIssue[];
  /** Uploaded files by their `/uploads/SECRET/NAME` path. */
  uploads: Map<string, Buffer>;
  /** The project's page, which `/uploads/...` links in a description are relative to. */
  projectUrl: string;
  isCreate(req: RecordedRequest): boolean;
  isUpload(req: RecordedRequest): boolean;
}

const ROUTES: [string, RegExp][] = [
  ['/api/v4/user', /^\/api\/v4\/user$/],
  ['/api/v4/projects/{id}', /^\/api\/v4\/projects\/([^/]+)$/],
  ['/api/v4/projects/{id}/issues', /^\/api\/v4\/projects\/([^/]+)\/issues$/],
  ['/api/v4/projects/{id}/issues/{issue_iid}', /^\/api\/v4\/projects\/([^/]+)\/issues\/(\d+)$/],
  ['/api/v4/projects/{id}/uploads', /^\/api\/v4\/projects\/([^/]+)\/uploads$/],
];

export async function startFakeGitLab(options: FakeGitLabOptions): Promise<FakeGitLab> {
  const project = options.project ?? 'acme/shop';
  const issues: FakeGitLabIssue[] = [];
  const uploads = new Map<string, Buffer>();
  const notFound: Reply = { status: 404, body: { message: '404 Project Not Found' } };

  const handler = (req: RecordedRequest, violations: string[]): Reply => {
    const at = `${req.method} ${req.path}`;
    // GitLab serves uploads at the project's web path.
    const file = req.method === 'GET' ? /^\/(.+)(\/uploads\/[0-9a-f]+\/[^/]+)$/.exec(req.path) : null;
    if (file && file[1] === project) return uploads.has(file[2]!) ? { status: 200, body: uploads.get(file[2]!) } : notFound;
    const found = ROUTES.map(([template, re]) => ({ template, m: re.exec(req.rawPath ?? req.path) })).find((r) => r.m);
    const method = req.method.toLowerCase();
    const operation = found && gitlabOperation(method, found.template);
    if (!found || !operation) {
      violations.push(`${at}: not an operation of GitLab's REST API as Repro uses it`);
      return { status: 404, body: { error: '404 Not Found' } };
    }
    expectHeader(req, violations, 'Accept', (v) => v.includes('application/json'), 'must accept application/json');
    for (const e of gitlabErrors(operation.query, Object.fromEntries(req.query)))
      violations.push(`${at}: query does not match the API: ${e}`);
    if (operation.body) {
      expectHeader(req, violations, 'Content-Type', (v) => v.startsWith('application/json'), 'must be application/json');
      for (const e of gitlabErrors(operation.body, req.json)) violations.push(`${at}: body does not match the API: ${e}`);
    }
    if (req.headers['private-token'] !== options.token) return { status: 401, body: { message: '401 Unauthorized' } };
    if (found.template === '/api/v4/user')
      return { status: 200, body: { id: 7, username: 'quinn', name: 'Quinn Tester', state: 'active' } };
    // The project id is its URL-encoded path (or a number): a raw slash would be another route.
    if (decodeURIComponent(found.m![1]!) !== project) return notFound;
    if (!/%2F/i.test(found.m![1]!)) violations.push(`${at}: the project path must be URL-encoded`);
    const web = `${fake.origin}/${project}`;
    const body = (req.json ?? {}) as Record<string, unknown>;
    const issueOf = (iid: number) => issues.find((i) => i.iid === iid);
    const answer = (i: FakeGitLabIssue) => ({
      id: 1000 + i.iid,
      iid: i.iid,
      project_id: 1,
      title: i.title,
      description: i.description,
      labels: i.labels,
      state: 'opened',
      web_url: `${web}/-/issues/${i.iid}`,
    });
    switch (`${method} ${found.template}`) {
      case 'get /api/v4/projects/{id}':
        return {
          status: 200,
          body: {
            id: 1,
            path_with_namespace: project,
            visibility: options.visibility ?? 'private',
            issues_enabled: true,
            web_url: web,
            permissions: { project_access: { access_level: options.accessLevel ?? 30, notification_level: 3 }, group_access: null },
          },
        };
      case 'get /api/v4/projects/{id}/issues':
        return {
          status: 200,
          body: [...issues]
            .reverse()
            .slice(0, Number(req.query.get('per_page') ?? 20))
            .map(answer),
        };
      case 'post /api/v4/projects/{id}/issues': {
        const issue = {
          iid: issues.length + 1,
          title: String(body.title),
          description: String(body.description ?? ''),
          labels: String(body.labels ?? '')
            .split(',')
            .filter(Boolean),
        };
        issues.push(issue);
        return { status: 201, body: answer(issue) };
      }
      case 'get /api/v4/projects/{id}/issues/{issue_iid}': {
        const issue = issueOf(Number(found.m![2]));
        return issue ? { status: 200, body: answer(issue) } : { status: 404, body: { message: '404 Issue Not Found' } };
      }
      case 'put /api/v4/projects/{id}/issues/{issue_iid}': {
        const issue = issueOf(Number(found.m![2]));
        if (!issue) return { status: 404, body: { message: '404 Issue Not Found' } };
        if (typeof body.description === 'string') issue.description = body.description;
        return { status: 200, body: answer(issue) };
      }
      case 'post /api/v4/projects/{id}/uploads': {
        const parts = parseMultipart(req.body, String(req.headers['content-type'] ?? ''));
        const part = parts?.find((p) => p.name === 'file' && p.filename);
        if (!part) {
          violations.push(`${at}: needs a multipart part named "file" with a filename`);
          return { status: 400, body: { error: 'file is missing' } };
        }
        const path = `/uploads/${randomBytes(16).toString('hex')}/${part.filename}`;
        uploads.set(path, part.data);
        const alt = part.filename!.replace(/\.[^.]+$/, '');
        const image = (part.contentType ?? '').startsWith('image/');
        return {
          status: 201,
          body: { id: uploads.size, alt, url: path, full_path: `/-/project/1${path}`, markdown: `${image ? '!' : ''}[${alt}](${path})` },
        };
      }
    }
    violations.push(`${at}: not served by the fake`);
    return notFound;
  };

  const fake = await startHttpFake(handler);
  return {
    ...fake,
    issues,
    uploads,
    projectUrl: `${fake.origin}/${project}`,
    isCreate: (req) => req.method === 'POST' && req.path.endsWith('/issues'),
    isUpload: (req) => req.method === 'POST' && req.path.endsWith('/uploads'),
  };
}
