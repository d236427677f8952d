/**
 * A fake Linear GraphQL API on 127.0.0.1 for contract and end-to-end tests. Every operation is parsed,
 * validated and executed against Linear's schema (`linear-schema.graphql`, checked against
 * `@linear/sdk`) with graphql-js: a field, argument or variable Linear does not have is a contract
 * violation. It keeps teams, labels, issues, signed uploads (PUT with the headers it handed out) and
 * attachments, and answers errors as Linear does: GraphQL errors with an `extensions.code`.
 */
import { randomUUID } from 'node:crypto';
import { graphql, GraphQLError } from 'graphql';
import { linearSchema } from './contract-schemas';
import { expectHeader, startHttpFake, type HttpFake, type RecordedRequest, type Reply } from './http-fake';

export interface FakeLinearOptions {
  apiKey: string;
  teams?: { id: string; key: string; name: string }[];
  labels?: { id: string; name: string; teamId?: string }[];
}

export interface FakeLinearIssue {
  id: string;
  identifier: string;
  teamId: string;
  title: string;
  description: string;
  priority?: number;
  labelIds: string[];
  createdAt: string;
  attachments: { title: string; url: string; subtitle?: string }[];
}

export interface FakeLinear extends HttpFake {
  /** The `apiUrl` a connection should use. */
  apiUrl: string;
  issues: FakeLinearIssue[];
  /** Uploaded files by their asset URL. */
  assets: Map<string, { contentType: string; data: Buffer }>;
  /** The GraphQL request naming `field` (`issueCreate`, `fileUpload`), for `fail()`. */
  isOperation(field: string): (req: RecordedRequest) => boolean;
  isUpload(req: RecordedRequest): boolean;
}

const UPLOAD_HEADER = 'x-goog-meta-repro-test';

const linearError = (message: string, code: string) =>
  new GraphQLError(message, { extensions: { code, type: code.toLowerCase().replace(/_/g, ' '), userPresentableMessage: message } });

export async function startFakeLinear(options: FakeLinearOptions): Promise<FakeLinear> {
  const schema = linearSchema();
  const teams = options.teams ?? [{ id: 'team-eng', key: 'ENG', name: 'Engineering' }];
  const labels = options.labels ?? [
    { id: 'label-bug', name: 'Bug' },
    { id: 'label-ui', name: 'UI', teamId: 'team-eng' },
    { id: 'label-other', name: 'from repro', teamId: 'team-other' },
  ];
  const issues: FakeLinearIssue[] = [];
  const assets = new Map<string, { contentType: string; data: Buffer }>();
  const pendingUploads = new Map<string, { contentType: string; size: number; assetUrl: string }>();

  const teamOf = (id: string) => teams.find((t) => t.id === id);
  const issueView = (i: FakeLinearIssue) => ({ ...i, url: `${fake.origin}/acme/issue/${i.identifier}`, team: teamOf(i.teamId) });

  const root = {
    viewer: () => ({ id: 'user-1', name: 'Quinn Tester', displayName: 'quinn', email: 'quinn@example.test' }),
    organization: () => ({ id: 'org-1', name: 'Acme', urlKey: 'acme' }),
    team: ({ id }: { id: string }) => teamOf(id) ?? linearError('Entity not found: Team', 'ENTITY_NOT_FOUND'),
    teams: () => ({ nodes: teams }),
    issueLabels: ({ filter }: { filter?: { name?: { in?: string[] } } }) => ({
      nodes: labels
        .filter((l) => !filter?.name?.in || filter.name.in.includes(l.name))
        .map((l) => ({ ...l, team: l.teamId ? (teamOf(l.teamId) ?? { id: l.teamId, key: 'X', name: 'Other' }) : null })),
    }),
    issues: ({
      filter,
    }: {
      filter?: { team?: { id?: { eq?: string } }; createdAt?: { gt?: string }; description?: { contains?: string } };
    }) => ({
      nodes: [...issues]
        .reverse()
        .filter((i) => !filter?.team?.id?.eq || i.teamId === filter.team.id.eq)
        .filter((i) => !filter?.createdAt?.gt || i.createdAt > filter.createdAt.gt)
        .filter((i) => !filter?.description?.contains || i.description.includes(filter.description.contains))
        .map(issueView),
    }),
    issueCreate: ({
      input,
    }: {
      input: { teamId: string; title?: string; description?: string; priority?: number; labelIds?: string[] };
    }) => {
      const team = teamOf(input.teamId);
      if (!team) return linearError('Entity not found: Team', 'ENTITY_NOT_FOUND');
      if (!input.title) return linearError('title must not be empty', 'INVALID_INPUT');
      const unknown = (input.labelIds ?? []).filter((id) => !labels.some((l) => l.id === id && (!l.teamId || l.teamId === team.id)));
      if (unknown.length) return linearError(`Invalid label ids: ${unknown.join(', ')}`, 'INVALID_INPUT');
      const issue: FakeLinearIssue = {
        id: randomUUID(),
        identifier: `${team.key}-${issues.length + 1}`,
        teamId: team.id,
        title: input.title,
        description: input.description ?? '',
        priority: input.priority,
        labelIds: input.labelIds ?? [],
        createdAt: new Date().toISOString(),
        attachments: [],
      };
      issues.push(issue);
      return { success: true, issue: issueView(issue) };
    },
    fileUpload: ({ contentType, filename, size }: { contentType: string; filename: string; size: number }) => {
      const id = randomUUID();
      const assetUrl = `${fake.origin}/assets/${id}/${encodeURIComponent(filename)}`;
      pendingUploads.set(id, { contentType, size, assetUrl });
      return {
        success: true,
        uploadFile: {
          uploadUrl: `${fake.origin}/upload/${id}?signature=test`,
          assetUrl,
          contentType,
          filename,
          size,
          headers: [{ key: UPLOAD_HEADER, value: id }],
        },
      };
    },
    attachmentCreate: ({ input }: { input: { issueId: string; title: string; url: string; subtitle?: string } }) => {
      const issue = issues.find((i) => i.id === input.issueId || i.identifier === input.issueId);
      if (!issue) return linearError('Entity not found: Issue', 'ENTITY_NOT_FOUND');
      issue.attachments.push({ title: input.title, url: input.url, subtitle: input.subtitle });
      return { success: true, attachment: { id: randomUUID(), title: input.title, url: input.url } };
    },
  };

  const handler = async (req: RecordedRequest, violations: string[]): Promise<Reply> => {
    const at = `${req.method} ${req.path}`;
    const upload = /^\/upload\/([\w-]+)$/.exec(req.path);
    if (req.method === 'PUT' && upload) {
      const expected = pendingUploads.get(upload[1]!);
      if (!expected) return { status: 403, body: 'Signature does not match' };
      expectHeader(req, violations, UPLOAD_HEADER, (v) => v === upload[1], 'must be passed on from fileUpload');
      expectHeader(req, violations, 'Content-Type', (v) => v === expected.contentType, 'must be the contentType given to fileUpload');
      if (req.body.length !== expected.size) violations.push(`${at}: ${req.body.length} bytes, fileUpload was told ${expected.size}`);
      if (req.headers.authorization) violations.push(`${at}: the API key must not go to the storage`);
      assets.set(expected.assetUrl, { contentType: expected.contentType, data: req.body });
      pendingUploads.delete(upload[1]!);
      return { status: 200 };
    }
    if (req.method === 'GET' && req.path.startsWith('/assets/')) {
      const asset = assets.get(`${fake.origin}${req.rawPath ?? req.path}`);
      return asset ? { status: 200, body: asset.data } : { status: 404, body: 'Not found' };
    }
    if (req.method !== 'POST' || req.path !== '/graphql') {
      violations.push(`${at}: Linear's API is POST /graphql`);
      return { status: 404, body: 'Not found' };
    }
    expectHeader(req, violations, 'Content-Type', (v) => v.startsWith('application/json'), 'must be application/json');
    if (req.headers.authorization !== options.apiKey) {
      return {
        status: 400,
        body: {
          errors: [
            {
              message: 'Authentication required, not authenticated',
              extensions: {
                code: 'AUTHENTICATION_ERROR',
                type: 'authentication error',
                userPresentableMessage: 'You need to authenticate.',
              },
            },
          ],
        },
      };
    }
    const { query, variables } = (req.json ?? {}) as { query?: string; variables?: Record<string, unknown> };
    const result = await graphql({ schema, source: String(query ?? ''), variableValues: variables, rootValue: root });
    const invalid = (result.errors ?? []).filter((e) => !e.path);
    if (invalid.length) {
      for (const e of invalid) violations.push(`${at}: not valid against Linear's schema: ${e.message}`);
      return {
        status: 400,
        body: { errors: invalid.map((e) => ({ message: e.message, extensions: { code: 'GRAPHQL_VALIDATION_FAILED' } })) },
      };
    }
    return { status: 200, body: JSON.parse(JSON.stringify(result)) as unknown };
  };

  const fake = await startHttpFake(handler);
  return {
    ...fake,
    apiUrl: `${fake.origin}/graphql`,
    issues,
    assets,
    isOperation: (field) => (req) =>
      req.method === 'POST' && new RegExp(`\\b${field}\\(`).test(String((req.json as { query?: string } | undefined)?.query ?? '')),
    isUpload: (req) => req.method === 'PUT' && req.path.startsWith('/upload/'),
  };
}
