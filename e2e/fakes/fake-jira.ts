/**
 * A fake Jira (Cloud REST v3 or Server/Data Center REST v2) on 127.0.0.1 for contract and end-to-end
 * tests. It checks what the documented API requires — auth scheme, `Accept`, JSON or multipart bodies,
 * `X-Atlassian-Token: no-check` on uploads, ADF (v3) or a string (v2) description — and enforces Jira's
 * XSRF check: a write request that carries an `Origin` or a browser `User-Agent` gets 403.
 */
import { Buffer } from 'node:buffer';
import { adfErrors } from './contract-schemas';
import { expectHeader, parseMultipart, startHttpFake, type HttpFake, type Part, type RecordedRequest, type Reply } from './http-fake';

export interface FakeJiraOptions {
  flavor: 'cloud' | 'server';
  email?: string;
  token: string;
  projects?: { key: string; name: string }[];
  /** Issue type ids that exist (per project). */
  issueTypes?: { id: string; name: string }[];
  /** Whether the user may create issues / attachments. */
  canCreate?: boolean;
  canAttach?: boolean;
}

export interface FakeJiraIssue {
  key: string;
  fields: Record<string, unknown>;
  attachments: Part[];
}

export interface FakeJira extends HttpFake {
  issues: FakeJiraIssue[];
  /** Every request to the API path, for matching in `fail()`. */
  isCreate(req: RecordedRequest): boolean;
  isAttach(req: RecordedRequest): boolean;
}

const BROWSER_UA = /Mozilla|Chrome|Safari|Firefox/;

export async function startFakeJira(options: FakeJiraOptions): Promise<FakeJira> {
  const version = options.flavor === 'cloud' ? '3' : '2';
  const api = `/rest/api/${version}`;
  // Compile the ADF validator before the first request: done lazily on a busy machine it can outlast the
  // client's own request timeout.
  if (options.flavor === 'cloud') adfErrors({ type: 'doc', version: 1, content: [] });
  const projects = options.projects ?? [{ key: 'WEB', name: 'Web shop' }];
  const issueTypes = options.issueTypes ?? [
    { id: '10001', name: 'Bug' },
    { id: '10002', name: 'Task' },
  ];
  const issues: FakeJiraIssue[] = [];
  const expectedAuth =
    options.flavor === 'cloud' ? `Basic ${Buffer.from(`${options.email}:${options.token}`).toString('base64')}` : `Bearer ${options.token}`;
  const unauthorized: Reply = {
    status: 401,
    body: { errorMessages: ['You are not authenticated. Authentication required to perform this operation.'], errors: {} },
  };

  const handler = (req: RecordedRequest, violations: string[]): Reply => {
    const at = `${req.method} ${req.path}`;
    if (!req.path.startsWith(`${api}/`)) {
      violations.push(`${at}: not a REST v${version} path`);
      return { status: 404, body: { errorMessages: ['Not found'] } };
    }
    expectHeader(req, violations, 'Accept', (v) => v.includes('application/json'), 'must accept application/json');
    if (req.headers.authorization !== expectedAuth) return unauthorized;
    const write = req.method !== 'GET';
    if (write && (req.headers.origin !== undefined || BROWSER_UA.test(String(req.headers['user-agent'] ?? '')))) {
      return { status: 403, body: 'XSRF check failed' };
    }
    const route = req.path.slice(api.length);

    if (req.method === 'GET' && route === '/myself') {
      return {
        status: 200,
        body: { accountId: 'u-1', displayName: 'Quinn Tester', emailAddress: options.email ?? 'quinn@example.test', name: 'quinn' },
      };
    }
    if (req.method === 'GET' && route === '/mypermissions') {
      const key = req.query.get('projectKey');
      if (!req.query.get('permissions')) violations.push(`${at}: permissions query parameter is required`);
      if (!projects.some((p) => p.key === key))
        return { status: 404, body: { errorMessages: [`No project could be found with key '${key}'.`] } };
      return {
        status: 200,
        body: {
          permissions: {
            CREATE_ISSUES: { key: 'CREATE_ISSUES', havePermission: options.canCreate ?? true },
            CREATE_ATTACHMENTS: { key: 'CREATE_ATTACHMENTS', havePermission: options.canAttach ?? true },
          },
        },
      };
    }
    if (req.method === 'GET' && route === '/project/search' && version === '3') {
      return {
        status: 200,
        body: {
          startAt: 0,
          maxResults: 100,
          total: projects.length,
          isLast: true,
          values: projects.map((p, i) => ({ id: String(10000 + i), ...p })),
        },
      };
    }
    if (req.method === 'GET' && route === '/project' && version === '2') {
      return { status: 200, body: projects.map((p, i) => ({ id: String(10000 + i), ...p })) };
    }
    const meta = /^\/issue\/createmeta\/([^/]+)\/issuetypes$/.exec(route);
    if (req.method === 'GET' && meta) {
      if (!projects.some((p) => p.key === meta[1])) return { status: 404, body: { errorMessages: ['Project not found'] } };
      const list = issueTypes.map((t) => ({ ...t, subtask: false }));
      return {
        status: 200,
        body:
          version === '3'
            ? { issueTypes: list, maxResults: 50, startAt: 0, total: list.length }
            : { values: list, maxResults: 50, startAt: 0, total: list.length, isLast: true },
      };
    }
    if (req.method === 'GET' && route === '/priority') {
      return { status: 200, body: ['Highest', 'High', 'Medium', 'Low', 'Lowest'].map((name, i) => ({ id: String(i + 1), name })) };
    }
    if (req.method === 'POST' && route === '/issue') return createIssue(req, violations);
    // Cloud's search is /search/jql (the older /search is gone there); Server/DC keeps /search.
    if (req.method === 'GET' && route === (version === '3' ? '/search/jql' : '/search')) {
      const jql = req.query.get('jql') ?? '';
      if (!/project\s*=/.test(jql)) violations.push(`${req.method} ${req.path}: a search should name its project`);
      const project = /project\s*=\s*"?([A-Z0-9]+)"?/.exec(jql)?.[1];
      const found = [...issues].reverse().filter((i) => (i.fields.project as { key?: string } | undefined)?.key === project);
      const body = {
        issues: found.map((i) => ({ id: i.key, key: i.key, fields: { summary: i.fields.summary, description: i.fields.description } })),
      };
      return { status: 200, body: version === '3' ? body : { ...body, startAt: 0, maxResults: 50, total: found.length } };
    }
    const attach = /^\/issue\/([^/]+)\/attachments$/.exec(route);
    if (req.method === 'POST' && attach) return addAttachments(req, violations, attach[1]!);
    violations.push(`${at}: no such endpoint in the fake`);
    return { status: 404, body: { errorMessages: ['Not found'] } };
  };

  function createIssue(req: RecordedRequest, violations: string[]): Reply {
    const at = `${req.method} ${req.path}`;
    expectHeader(req, violations, 'Content-Type', (v) => v.startsWith('application/json'), 'must be application/json');
    const fields = (req.json as { fields?: Record<string, unknown> } | undefined)?.fields;
    if (!fields) {
      violations.push(`${at}: body has no fields`);
      return { status: 400, body: { errorMessages: ['No fields'], errors: {} } };
    }
    const errors: Record<string, string> = {};
    const project = fields.project as { key?: string; id?: string } | undefined;
    if (!project || !projects.some((p) => p.key === project.key)) errors.project = 'valid project is required';
    const type = fields.issuetype as { id?: string; name?: string } | undefined;
    if (!type || !issueTypes.some((t) => t.id === type.id)) errors.issuetype = 'valid issue type is required';
    if (typeof fields.summary !== 'string' || !fields.summary.trim()) errors.summary = 'You must specify a summary of the issue.';
    else if (fields.summary.length > 255) errors.summary = 'Summary must be less than 255 characters.';
    // The description is optional; when present it is ADF in v3 and a wiki-markup string in v2.
    if (fields.description !== undefined && version === '3') {
      for (const e of adfErrors(fields.description)) violations.push(`${at}: description is not valid ADF: ${e}`);
    } else if (fields.description !== undefined && typeof fields.description !== 'string')
      violations.push(`${at}: v2 description must be a string (wiki markup)`);
    if (fields.labels !== undefined) {
      if (!Array.isArray(fields.labels) || fields.labels.some((l) => typeof l !== 'string' || /\s/.test(l)))
        errors.labels = 'Labels cannot contain spaces.';
    }
    if (
      fields.components !== undefined &&
      (!Array.isArray(fields.components) || fields.components.some((c) => typeof (c as { name?: unknown }).name !== 'string'))
    ) {
      violations.push(`${at}: components must be [{name}]`);
    }
    if (fields.priority !== undefined && typeof (fields.priority as { name?: unknown }).name !== 'string')
      violations.push(`${at}: priority must be {name}`);
    if (Object.keys(errors).length) return { status: 400, body: { errorMessages: [], errors } };
    if (options.canCreate === false)
      return { status: 403, body: { errorMessages: ['You do not have permission to create issues in this project.'] } };
    const key = `${project!.key}-${issues.length + 1}`;
    issues.push({ key, fields, attachments: [] });
    return { status: 201, body: { id: String(20000 + issues.length), key, self: `${fake.origin}${api}/issue/${key}` } };
  }

  function addAttachments(req: RecordedRequest, violations: string[], key: string): Reply {
    const at = `${req.method} ${req.path}`;
    if (String(req.headers['x-atlassian-token'] ?? '') !== 'no-check') return { status: 403, body: 'XSRF check failed' };
    const parts = parseMultipart(req.body, String(req.headers['content-type'] ?? ''));
    if (!parts) {
      violations.push(`${at}: body must be multipart/form-data`);
      return { status: 415, body: { errorMessages: ['Unsupported media type'] } };
    }
    const files = parts.filter((p) => p.name === 'file' && p.filename);
    if (!files.length) violations.push(`${at}: needs a part named "file" with a filename`);
    const issue = issues.find((i) => i.key === key);
    if (!issue) return { status: 404, body: { errorMessages: ['Issue does not exist or you do not have permission to see it.'] } };
    issue.attachments.push(...files);
    return {
      status: 200,
      body: files.map((f, i) => ({ id: String(30000 + i), filename: f.filename, size: f.data.length, mimeType: f.contentType })),
    };
  }

  const fake = await startHttpFake(handler);
  return {
    ...fake,
    issues,
    isCreate: (req) => req.method === 'POST' && req.path === `${api}/issue`,
    isAttach: (req) => req.method === 'POST' && req.path.endsWith('/attachments'),
  };
}
