/**
 * A fake GitHub REST API on 127.0.0.1 for contract and end-to-end tests. Each request must name an
 * operation of GitHub's published OpenAPI description, carry the token, `Accept:
 * application/vnd.github+json` and `X-GitHub-Api-Version`, and its body must validate against that
 * operation's request schema. It keeps issues, branches and committed files so tests can inspect them.
 */
import { Buffer } from 'node:buffer';
import { githubBodyErrors, githubHasOperation } from './contract-schemas';
import { expectHeader, startHttpFake, type HttpFake, type RecordedRequest, type Reply } from './http-fake';

export interface FakeGitHubOptions {
  token: string;
  owner?: string;
  repo?: string;
  /** Path prefix of the API, e.g. `/api/v3` for GitHub Enterprise Server. */
  prefix?: string;
  private?: boolean;
  push?: boolean;
}

export interface FakeGitHubIssue {
  number: number;
  title: string;
  body: string;
  labels: string[];
}

export interface FakeGitHub extends HttpFake {
  /** The `apiBaseUrl` a connection should use. */
  apiBaseUrl: string;
  issues: FakeGitHubIssue[];
  /** Committed files by branch then path. */
  files: Map<string, Map<string, Buffer>>;
  isCreate(req: RecordedRequest): boolean;
  isUpload(req: RecordedRequest): boolean;
}

const ROUTES: [string, RegExp][] = [
  ['/user', /^\/user$/],
  ['/repos/{owner}/{repo}', /^\/repos\/([^/]+)\/([^/]+)$/],
  ['/repos/{owner}/{repo}/issues', /^\/repos\/([^/]+)\/([^/]+)\/issues$/],
  ['/repos/{owner}/{repo}/issues/{issue_number}', /^\/repos\/([^/]+)\/([^/]+)\/issues\/(\d+)$/],
  ['/repos/{owner}/{repo}/git/ref/{ref}', /^\/repos\/([^/]+)\/([^/]+)\/git\/ref\/(.+)$/],
  ['/repos/{owner}/{repo}/git/refs', /^\/repos\/([^/]+)\/([^/]+)\/git\/refs$/],
  ['/repos/{owner}/{repo}/contents/{path}', /^\/repos\/([^/]+)\/([^/]+)\/contents\/(.+)$/],
];

/** The operations with request bodies that Repro's GitHub client calls. */
const WRITE_OPERATIONS: [string, string][] = [
  ['post', '/repos/{owner}/{repo}/issues'],
  ['patch', '/repos/{owner}/{repo}/issues/{issue_number}'],
  ['post', '/repos/{owner}/{repo}/git/refs'],
  ['put', '/repos/{owner}/{repo}/contents/{path}'],
];

export async function startFakeGitHub(options: FakeGitHubOptions): Promise<FakeGitHub> {
  const owner = options.owner ?? 'acme';
  const repo = options.repo ?? 'shop';
  const prefix = options.prefix ?? '';
  const issues: FakeGitHubIssue[] = [];
  const files = new Map<string, Map<string, Buffer>>([['main', new Map([['README.md', Buffer.from('# shop\n')]])]]);
  const heads = new Map<string, string>([['main', 'a'.repeat(40)]]);
  const notFound: Reply = { status: 404, body: { message: 'Not Found', documentation_url: 'https://docs.github.com/rest' } };
  // Load GitHub's description and compile the body validators before the first request: on a busy
  // machine doing it lazily can outlast the client's own request timeout.
  for (const [method, template] of WRITE_OPERATIONS) githubBodyErrors(method, template, {});

  const handler = (req: RecordedRequest, violations: string[]): Reply => {
    const at = `${req.method} ${req.path}`;
    if (!req.path.startsWith(`${prefix}/`)) {
      violations.push(`${at}: outside the API prefix ${prefix || '/'}`);
      return notFound;
    }
    const path = req.path.slice(prefix.length);
    const found = ROUTES.map(([template, re]) => ({ template, m: re.exec(path) })).find((r) => r.m);
    const method = req.method.toLowerCase();
    if (!found || !githubHasOperation(method, found.template)) {
      violations.push(`${at}: not an operation of GitHub's REST API description`);
      return notFound;
    }
    expectHeader(req, violations, 'Accept', (v) => v.includes('application/vnd.github+json'), 'must be application/vnd.github+json');
    expectHeader(req, violations, 'X-GitHub-Api-Version', (v) => v === '2022-11-28', 'must name a REST API version');
    if (req.body.length) {
      for (const e of githubBodyErrors(method, found.template, req.json))
        violations.push(`${at}: body does not match the description: ${e}`);
    }
    const auth = String(req.headers.authorization ?? '');
    if (auth !== `token ${options.token}` && auth !== `bearer ${options.token}` && auth !== `Bearer ${options.token}`) {
      return { status: 401, body: { message: 'Bad credentials', documentation_url: 'https://docs.github.com/rest', status: '401' } };
    }
    const m = found.m!;
    if (found.template === '/user')
      return {
        status: 200,
        body: { login: 'quinn', id: 1, name: 'Quinn Tester' },
        headers: { 'github-authentication-token-expiration': '2030-01-01 00:00:00 UTC' },
      };
    if (m[1] !== owner || m[2] !== repo) return notFound;
    const repoHtml = `${fake.origin}/${owner}/${repo}`;
    const body = (req.json ?? {}) as Record<string, unknown>;
    switch (`${method} ${found.template}`) {
      case 'get /repos/{owner}/{repo}':
        return {
          status: 200,
          body: {
            id: 7,
            name: repo,
            full_name: `${owner}/${repo}`,
            private: options.private ?? true,
            has_issues: true,
            default_branch: 'main',
            html_url: repoHtml,
            permissions: { admin: false, maintain: false, push: options.push ?? true, triage: true, pull: true },
          },
        };
      case 'get /repos/{owner}/{repo}/issues': {
        // Newest first, as `sort=created&direction=desc` asks; the fake ignores `since`.
        const page = [...issues].reverse().slice(0, Number(req.query.get('per_page') ?? 30));
        return {
          status: 200,
          body: page.map((i) => ({
            id: 100 + i.number,
            number: i.number,
            html_url: `${repoHtml}/issues/${i.number}`,
            title: i.title,
            body: i.body,
            state: 'open',
          })),
        };
      }
      case 'post /repos/{owner}/{repo}/issues': {
        const issue = {
          number: issues.length + 1,
          title: String(body.title),
          body: String(body.body ?? ''),
          labels: (body.labels as string[]) ?? [],
        };
        issues.push(issue);
        return {
          status: 201,
          body: {
            id: 100 + issue.number,
            number: issue.number,
            html_url: `${repoHtml}/issues/${issue.number}`,
            title: issue.title,
            state: 'open',
          },
        };
      }
      case 'patch /repos/{owner}/{repo}/issues/{issue_number}': {
        const issue = issues.find((i) => i.number === Number(m[3]));
        if (!issue) return notFound;
        if (typeof body.body === 'string') issue.body = body.body;
        return { status: 200, body: { number: issue.number, html_url: `${repoHtml}/issues/${issue.number}` } };
      }
      case 'get /repos/{owner}/{repo}/git/ref/{ref}': {
        const branch = m[3]!.replace(/^heads\//, '');
        const sha = heads.get(branch);
        return sha ? { status: 200, body: { ref: `refs/heads/${branch}`, object: { sha, type: 'commit' } } } : notFound;
      }
      case 'post /repos/{owner}/{repo}/git/refs': {
        const branch = String(body.ref).replace(/^refs\/heads\//, '');
        if (heads.has(branch)) return { status: 422, body: { message: 'Reference already exists' } };
        heads.set(branch, String(body.sha));
        files.set(branch, new Map(files.get('main')));
        return { status: 201, body: { ref: body.ref, object: { sha: body.sha, type: 'commit' } } };
      }
      case 'put /repos/{owner}/{repo}/contents/{path}': {
        if (options.push === false) return { status: 403, body: { message: 'Resource not accessible by personal access token' } };
        const branch = String(body.branch ?? 'main');
        const tree = files.get(branch);
        if (!tree) return { status: 404, body: { message: `Branch ${branch} not found` } };
        const filePath = m[3]!;
        if (tree.has(filePath) && !body.sha) return { status: 422, body: { message: 'Invalid request.\n\n"sha" wasn\'t supplied.' } };
        tree.set(filePath, Buffer.from(String(body.content), 'base64'));
        return {
          status: 201,
          body: {
            content: {
              name: filePath.split('/').pop(),
              path: filePath,
              html_url: `${repoHtml}/blob/${branch}/${filePath}`,
              download_url: `${fake.origin}/raw/${branch}/${filePath}`,
            },
            commit: { sha: 'b'.repeat(40) },
          },
        };
      }
      case 'get /repos/{owner}/{repo}/contents/{path}': {
        const branch = req.query.get('ref') ?? 'main';
        const data = files.get(branch)?.get(m[3]!);
        return data
          ? { status: 200, body: { type: 'file', path: m[3], size: data.length, encoding: 'base64', content: data.toString('base64') } }
          : notFound;
      }
    }
    violations.push(`${at}: not served by the fake`);
    return notFound;
  };

  const fake = await startHttpFake(handler);
  return {
    ...fake,
    apiBaseUrl: `${fake.origin}${prefix}`,
    issues,
    files,
    isCreate: (req) => req.method === 'POST' && req.path.endsWith('/issues'),
    isUpload: (req) => req.method === 'PUT' && req.path.includes('/contents/'),
  };
}
