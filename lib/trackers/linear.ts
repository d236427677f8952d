/**
 * Linear over its GraphQL API with plain `fetch`: a personal API key, a team picked from the API. The
 * issue gets the Markdown summary and a priority from the severity; the zip and the screenshot go
 * through Linear's upload flow (`fileUpload` → PUT to the signed URL → `attachmentCreate`), so they are
 * attached to the issue. Linear keeps uploads in its private storage, served to members of the
 * workspace. `@linear/sdk` is not used: it is ~3 MB and Repro needs five operations.
 */
import * as v from 'valibot';
import type { Severity } from '../model/report';
import { commonFields, endpointUrl, isSecureEndpoint, names, text, type Secret } from './connection';
import { classifyHttp, classifyThrown, type FieldErrorReader, type HttpFailure, TrackerError } from './errors';
import { call, DEFAULT_TIMEOUTS, fetchWithoutCookies, type Timeouts } from './http';
import { issueMarkdown } from './issue-markdown';
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
import type { Choice, TestAnswer } from './views';

export const LINEAR_API = 'https://api.linear.app/graphql';
const DESCRIPTION_LIMIT = 100_000;

/** Linear's priorities: 1 Urgent, 2 High, 3 Medium, 4 Low (0 is none). */
export const LINEAR_PRIORITY: Record<Severity, number> = { blocker: 1, critical: 2, major: 3, minor: 4, trivial: 4 };

export const linearConnectionSchema = v.object({
  tracker: v.literal('linear'),
  ...commonFields,
  /** The GraphQL endpoint: https://api.linear.app/graphql. */
  apiUrl: endpointUrl(LINEAR_API),
  teamId: text(64),
  /** The team's name as the picker showed it, for the popup. */
  teamName: text(200),
  labels: names,
});

export type LinearConnection = v.InferOutput<typeof linearConnectionSchema>;
type LinearTarget = { connection: LinearConnection; secret: Secret };

interface GraphQLError {
  message?: string;
  extensions?: { code?: string; type?: string; userPresentableMessage?: string };
}

/** Reads a GraphQL error answer: `{errors: [{message, extensions: {userPresentableMessage}}]}`. */
export const readLinearErrors: FieldErrorReader = (body) => {
  if (typeof body === 'string') return { messages: body ? [body.slice(0, 300)] : [] };
  const errors = ((body ?? {}) as { errors?: GraphQLError[] }).errors ?? [];
  return {
    messages: errors
      .map((e) => e.extensions?.userPresentableMessage ?? e.message ?? '')
      .filter(Boolean)
      .slice(0, 3),
  };
};

/** GraphQL error codes as the HTTP status the shared failure classes read. */
const CODE_STATUS: Record<string, number> = {
  AUTHENTICATION_ERROR: 401,
  FORBIDDEN: 403,
  RATELIMITED: 429,
  ENTITY_NOT_FOUND: 404,
  INVALID_INPUT: 400,
  BAD_USER_INPUT: 400,
  GRAPHQL_VALIDATION_FAILED: 400,
  INTERNAL_SERVER_ERROR: 500,
};

/** Classifies Linear's errors by their GraphQL code (Linear answers most of them with HTTP 400 or 200). */
function classifyLinear(failure: HttpFailure, what: string): TrackerError | undefined {
  const errors = ((failure.body ?? {}) as { errors?: GraphQLError[] }).errors;
  const code = errors
    ?.map((e) => (e.extensions?.code ?? e.extensions?.type ?? '').toUpperCase().replace(/ /g, '_'))
    .find((c) => c in CODE_STATUS);
  if (!code) return undefined;
  const headers = new Headers(failure.headers);
  // Linear names the end of its rate-limit window in epoch milliseconds.
  const reset = Number(failure.headers.get('x-ratelimit-requests-reset'));
  if (!headers.has('retry-after') && reset > 0) headers.set('retry-after', String(Math.max(0, Math.ceil((reset - Date.now()) / 1000))));
  return classifyHttp({ ...failure, status: CODE_STATUS[code]!, headers }, 'Linear', what, readLinearErrors);
}

const QUERIES = {
  viewer: `query ReproViewer { viewer { name email } organization { name urlKey } }`,
  team: `query ReproTeam($id: String!) { team(id: $id) { id key name } }`,
  teams: `query ReproTeams { teams(first: 100) { nodes { id key name } } }`,
  labels: `query ReproLabels($names: [String!]) { issueLabels(first: 100, filter: { name: { in: $names } }) { nodes { id name team { id } } } }`,
  filed: `query ReproFiled($team: ID, $since: DateTimeOrDuration, $marker: String) {
    issues(first: 10, filter: { team: { id: { eq: $team } }, createdAt: { gt: $since }, description: { contains: $marker } }) { nodes { identifier url description } }
  }`,
  create: `mutation ReproIssue($input: IssueCreateInput!) { issueCreate(input: $input) { success issue { identifier url } } }`,
  upload: `mutation ReproUpload($contentType: String!, $filename: String!, $size: Int!) {
    fileUpload(contentType: $contentType, filename: $filename, size: $size) { success uploadFile { uploadUrl assetUrl headers { key value } } }
  }`,
  attach: `mutation ReproAttach($input: AttachmentCreateInput!) { attachmentCreate(input: $input) { success attachment { id } } }`,
};

/** Headers of a signed upload that Repro passes on (never credentials, whatever the answer says). */
const UPLOAD_HEADER = /^(x-goog-|x-amz-|content-|cache-control$)/i;

export class LinearClient implements TrackerClient<LinearConnection> {
  constructor(private readonly timeouts: Timeouts = DEFAULT_TIMEOUTS) {}

  private async gql<T>(target: LinearTarget, query: string, variables: Record<string, unknown>, what: string): Promise<T> {
    const answer = (await call(
      target.connection.apiUrl,
      {
        method: 'POST',
        // A personal API key goes as is; OAuth tokens would be `Bearer …`.
        headers: { Accept: 'application/json', 'Content-Type': 'application/json', Authorization: target.secret.token },
        body: JSON.stringify({ query, variables }),
      },
      {
        tracker: 'Linear',
        what,
        readErrors: readLinearErrors,
        timeoutMs: this.timeouts.requestMs,
        classify: (failure) => classifyLinear(failure, what),
      },
    )) as { data?: T; errors?: GraphQLError[] } | null;
    if (answer?.errors?.length) {
      throw (
        classifyLinear({ status: 200, headers: new Headers(), body: answer }, what) ??
        new TrackerError('unknown', `Linear refused: ${readLinearErrors(answer).messages.join('; ')}`)
      );
    }
    if (!answer?.data) throw new TrackerError('server', 'Linear answered without data. The report is kept; try again later.');
    return answer.data;
  }

  private teamWhat(connection: LinearConnection): string {
    return `team ${connection.teamName || connection.teamId}`;
  }

  async check(target: LinearTarget): Promise<TestAnswer> {
    try {
      const me = await this.gql<{ viewer: { name: string; email: string }; organization: { name: string } }>(
        target,
        QUERIES.viewer,
        {},
        'your account',
      );
      const details = [`Workspace ${me.organization.name}: attached report files are readable by its members who can see the issue.`];
      if (target.connection.teamId) {
        const { team } = await this.gql<{ team: { key: string; name: string } }>(
          target,
          QUERIES.team,
          { id: target.connection.teamId },
          this.teamWhat(target.connection),
        );
        details.push(`Issues go to team ${team.name} (${team.key}).`);
      } else details.push('Choose a team (use “Load teams” first).');
      return { ok: true, summary: `Connected to Linear as ${me.viewer.name} · ${me.viewer.email}.`, details };
    } catch (error) {
      return failedTest(error);
    }
  }

  async choices(target: LinearTarget): Promise<Record<string, Choice[]>> {
    const { teams } = await this.gql<{ teams: { nodes: { id: string; key: string; name: string }[] } }>(target, QUERIES.teams, {}, 'teams');
    return { teams: teams.nodes.map((t) => ({ value: t.id, label: `${t.name} (${t.key})` })) };
  }

  /** Ids of the labels named, as the team (or the whole workspace) has them; Linear creates none on the fly. */
  private async labelIds(target: LinearTarget, wanted: string[]): Promise<string[]> {
    if (!wanted.length) return [];
    const { issueLabels } = await this.gql<{ issueLabels: { nodes: { id: string; name: string; team?: { id: string } | null }[] } }>(
      target,
      QUERIES.labels,
      { names: wanted },
      'labels',
    );
    return issueLabels.nodes.filter((l) => !l.team || l.team.id === target.connection.teamId).map((l) => l.id);
  }

  private async findFiled(target: LinearTarget, reportId: string): Promise<IssueRef | undefined> {
    const marker = reportMarker(reportId);
    const since = new Date(Date.now() - 24 * 3600_000).toISOString();
    const { issues } = await this.gql<{ issues: { nodes: { identifier: string; url: string; description?: string | null }[] } }>(
      target,
      QUERIES.filed,
      { team: target.connection.teamId, since, marker },
      this.teamWhat(target.connection),
    );
    const issue = issues.nodes.find((i) => (i.description ?? '').includes(marker));
    return issue ? { key: issue.identifier, url: issue.url } : undefined;
  }

  async send(bundle: BundleToSend, target: LinearTarget, progress: DeliveryProgress): Promise<IssueRef> {
    const { connection } = target;
    let ref = progress.created ?? (progress.mayExist ? await this.findFiled(target, progress.reportId) : undefined);
    if (ref && !progress.created) await progress.onCreated(ref);
    if (!ref) {
      const labelIds = await this.labelIds(target, [
        ...new Set([...connection.labels, ...bundle.report.labels].map((l) => l.trim()).filter(Boolean)),
      ]);
      const input = {
        teamId: connection.teamId,
        title: bundle.report.title.slice(0, 255),
        description: issueMarkdown(bundle, { reportId: progress.reportId, limit: DESCRIPTION_LIMIT, marker: 'line' }),
        priority: LINEAR_PRIORITY[bundle.report.severity],
        ...(labelIds.length ? { labelIds } : {}),
      };
      const { issueCreate } = await this.gql<{ issueCreate: { success: boolean; issue?: { identifier: string; url: string } | null } }>(
        target,
        QUERIES.create,
        { input },
        this.teamWhat(connection),
      );
      if (!issueCreate.success || !issueCreate.issue)
        throw new TrackerError('server', 'Linear did not create the issue. The report is kept; try again.');
      ref = { key: issueCreate.issue.identifier, url: issueCreate.issue.url };
      await progress.onCreated(ref);
    }
    for (const file of attachmentsOf(bundle).filter((f) => progress.pending.includes(f.name))) {
      try {
        await this.attach(target, ref.key, file);
        await progress.onAttached(file.name);
      } catch (error) {
        await progress.onAttachmentFailed(file.name, error instanceof Error ? error.message : String(error));
      }
    }
    return ref;
  }

  /** Uploads one file to Linear's storage and attaches it to the issue. */
  private async attach(target: LinearTarget, issueKey: string, file: { name: string; blob: Blob; contentType: string }): Promise<void> {
    const what = `issue ${issueKey}`;
    const { fileUpload } = await this.gql<{
      fileUpload: {
        success: boolean;
        uploadFile?: { uploadUrl: string; assetUrl: string; headers: { key: string; value: string }[] } | null;
      };
    }>(target, QUERIES.upload, { contentType: file.contentType, filename: file.name, size: file.blob.size }, what);
    const upload = fileUpload.uploadFile;
    // The answer is untrusted: the file goes only to a secure address, and only a secure one is attached.
    if (!fileUpload.success || !upload || !isSecureEndpoint(upload.uploadUrl) || !isSecureEndpoint(upload.assetUrl)) {
      throw new TrackerError('server', 'Linear gave no upload address Repro can use. The issue is kept; try again.');
    }
    const headers: Record<string, string> = { 'Content-Type': file.contentType, 'Cache-Control': 'public, max-age=31536000' };
    for (const { key, value } of upload.headers) if (UPLOAD_HEADER.test(key)) headers[key] = value;
    let response: Response;
    try {
      response = await fetchWithoutCookies(upload.uploadUrl, {
        method: 'PUT',
        headers,
        body: file.blob,
        signal: AbortSignal.timeout(this.timeouts.uploadMs),
      });
    } catch (error) {
      throw classifyThrown(error, 'Linear', new URL(upload.uploadUrl).host);
    }
    if (!response.ok)
      throw classifyHttp(
        { status: response.status, headers: response.headers, body: (await response.text().catch(() => '')).slice(0, 300) },
        'Linear',
        what,
        readLinearErrors,
      );
    const { attachmentCreate } = await this.gql<{ attachmentCreate: { success: boolean } }>(
      target,
      QUERIES.attach,
      {
        input: {
          issueId: issueKey,
          title: file.name,
          url: upload.assetUrl,
          subtitle: file.contentType.startsWith('image/') ? 'Screenshot, from Repro' : 'Bug report: open viewer.html inside for the replay',
        },
      },
      what,
    );
    if (!attachmentCreate.success) throw new TrackerError('server', `Linear did not attach ${file.name}.`);
  }
}

/** Issue pages are on linear.app for Linear's own API; a test or proxy endpoint serves its own. */
function linearWeb(connection: LinearConnection): string {
  const origin = new URL(connection.apiUrl).origin;
  return origin === new URL(LINEAR_API).origin ? 'https://linear.app' : origin;
}

export const linearTracker = {
  id: 'linear',
  name: 'Linear',
  schema: linearConnectionSchema,
  blank: (id) => ({ tracker: 'linear', id, name: '', apiUrl: LINEAR_API, teamId: '', teamName: '', labels: [], isDefault: false }),
  endpoint: (c) => c.apiUrl,
  linkOrigins: (c) => [linearWeb(c)],
  label: (c) => c.teamName || 'Linear',
  privacy:
    "the issue description holds the summary; the zip and the screenshot go to Linear's private storage and are attached to the issue, readable by members of the workspace who can see the issue.",
  describe: (c) => `Linear · ${c.teamName || c.teamId}`,
  problem: (c) => (c.teamId ? null : 'Choose a team (use “Load teams” first).'),
  secret: { label: 'API key', placeholder: 'Linear → Settings → Security & access → Personal API keys' },
  loadLabel: 'Load teams',
  fields: [
    { kind: 'text', key: 'name', label: 'Name', placeholder: 'Product team', required: true },
    { kind: 'secret' },
    { kind: 'text', key: 'apiUrl', label: 'API URL', placeholder: LINEAR_API, required: true, hint: 'Leave it as is for Linear.' },
    { kind: 'actions' },
    {
      kind: 'choice',
      key: 'teamId',
      labelKey: 'teamName',
      label: 'Team',
      source: 'teams',
      empty: 'Choose a team',
      unloaded: 'Load teams first',
      pick: 'single',
    },
    { kind: 'list', key: 'labels', label: 'Labels (optional, comma-separated; existing Linear labels)', placeholder: 'Bug' },
    {
      kind: 'note',
      testId: 'linear-privacy',
      text: [
        'Repro uploads the report zip and the screenshot to Linear and attaches them to the issue. ',
        { strong: 'Members of your Linear workspace who can see the issue can read those files' },
        '; Linear stores them in its private storage. The priority follows the severity: blocker Urgent, critical High, major Medium, minor and trivial Low.',
      ],
    },
  ],
  readErrors: readLinearErrors,
  createClient: (timeouts) => new LinearClient(timeouts),
} satisfies TrackerDefinition<LinearConnection>;
