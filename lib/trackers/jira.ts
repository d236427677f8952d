/**
 * Jira client over plain `fetch`: Cloud (REST v3, ADF, email + API token) and Server/Data Center
 * (REST v2, wiki markup, personal access token). No Jira SDK fits a service worker without pulling a
 * Node HTTP stack, and the few endpoints used here are small.
 */
import * as v from 'valibot';
import { SEVERITIES } from '../model/report';
import { commonFields, endpointUrl, names, text, trimBase, type Secret } from './connection';
import type { FieldErrorReader } from './errors';
import { textToBase64 } from '../redact';
import { call, DEFAULT_TIMEOUTS, type Timeouts } from './http';
import { toAdf, toWiki } from './jira-format';
import { syncJiraRules } from './jira-xsrf-rule';
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

export const jiraConnectionSchema = v.object({
  tracker: v.literal('jira'),
  ...commonFields,
  /** Cloud: email + API token (Basic auth, REST v3); Server/Data Center: personal access token (Bearer, REST v2). */
  flavor: v.picklist(['cloud', 'server']),
  baseUrl: endpointUrl('https://acme.atlassian.net'),
  email: v.optional(text(320)),
  projectKey: text(64),
  issueTypeId: text(64),
  labels: names,
  components: names,
  /** Repro severity → Jira priority name; a severity without an entry leaves the project's default. */
  priorities: v.record(v.picklist(SEVERITIES), text(120)),
});

export type JiraConnection = v.InferOutput<typeof jiraConnectionSchema>;

/** Reads Jira's error answer: `{errorMessages: string[], errors: {field: message}}`. */
export const readJiraErrors: FieldErrorReader = (body) => {
  if (typeof body === 'string') return { messages: body ? [body.slice(0, 300)] : [] };
  const b = (body ?? {}) as { errorMessages?: unknown; errors?: unknown; message?: unknown };
  const messages = Array.isArray(b.errorMessages) ? b.errorMessages.map(String) : typeof b.message === 'string' ? [b.message] : [];
  const fields =
    b.errors && typeof b.errors === 'object'
      ? Object.fromEntries(Object.entries(b.errors as Record<string, unknown>).map(([k, v]) => [k, String(v)]))
      : undefined;
  return { fields, messages };
};

type JiraTarget = { connection: JiraConnection; secret: Secret };

export function jiraApi(connection: JiraConnection): string {
  return `${trimBase(connection.baseUrl)}/rest/api/${connection.flavor === 'cloud' ? 3 : 2}`;
}

function headers({ connection, secret }: JiraTarget, extra: Record<string, string> = {}): Record<string, string> {
  const authorization =
    connection.flavor === 'cloud' ? `Basic ${textToBase64(`${connection.email ?? ''}:${secret.token}`)}` : `Bearer ${secret.token}`;
  return { Accept: 'application/json', Authorization: authorization, ...extra };
}

export class JiraClient implements TrackerClient<JiraConnection> {
  constructor(private readonly timeouts: Timeouts = DEFAULT_TIMEOUTS) {}

  private request(target: JiraTarget, method: string, path: string, what: string, body?: unknown): Promise<unknown> {
    return call(
      `${jiraApi(target.connection)}${path}`,
      {
        method,
        headers: headers(target, body === undefined ? {} : { 'Content-Type': 'application/json' }),
        body: body === undefined ? undefined : JSON.stringify(body),
      },
      { tracker: 'Jira', what, readErrors: readJiraErrors, timeoutMs: this.timeouts.requestMs },
    );
  }

  /** Who the token belongs to, and whether it may create issues and attachments in the project. */
  async test(target: JiraTarget): Promise<{ user: string; canCreate?: boolean; canAttach?: boolean; project?: string }> {
    const me = (await this.request(target, 'GET', '/myself', 'your account')) as {
      displayName?: string;
      emailAddress?: string;
      name?: string;
    };
    const user = [me.displayName, me.emailAddress ?? me.name].filter(Boolean).join(' · ') || 'unknown user';
    const key = target.connection.projectKey;
    if (!key) return { user };
    const query = new URLSearchParams({ projectKey: key, permissions: 'CREATE_ISSUES,CREATE_ATTACHMENTS' });
    const perms = (await this.request(target, 'GET', `/mypermissions?${query}`, `project ${key}`)) as {
      permissions?: Record<string, { havePermission?: boolean }>;
    };
    return {
      user,
      project: key,
      canCreate: perms.permissions?.CREATE_ISSUES?.havePermission === true,
      canAttach: perms.permissions?.CREATE_ATTACHMENTS?.havePermission === true,
    };
  }

  /** Projects the token can see. */
  async projects(target: JiraTarget): Promise<{ key: string; name: string }[]> {
    if (target.connection.flavor === 'cloud') {
      const page = (await this.request(target, 'GET', '/project/search?maxResults=100&orderBy=name', 'projects')) as {
        values?: { key: string; name: string }[];
      };
      return (page.values ?? []).map(({ key, name }) => ({ key, name }));
    }
    const list = (await this.request(target, 'GET', '/project', 'projects')) as { key: string; name: string }[];
    return list.map(({ key, name }) => ({ key, name }));
  }

  /** Issue types that can be created in a project, and the instance's priorities. */
  async projectMeta(target: JiraTarget, projectKey: string): Promise<{ issueTypes: { id: string; name: string }[]; priorities: string[] }> {
    const meta = (await this.request(
      target,
      'GET',
      `/issue/createmeta/${encodeURIComponent(projectKey)}/issuetypes`,
      `project ${projectKey}`,
    )) as {
      issueTypes?: { id: string; name: string }[];
      values?: { id: string; name: string }[];
    };
    const priorities = (await this.request(target, 'GET', '/priority', 'priorities')) as { name: string }[];
    return {
      issueTypes: (meta.issueTypes ?? meta.values ?? []).map(({ id, name }) => ({ id, name })),
      priorities: priorities.map((p) => p.name),
    };
  }

  /**
   * The issue an earlier attempt filed for this report, if its answer was lost: the project's issues of
   * the last day, newest first, whose description names the report.
   */
  private async findFiled(target: JiraTarget, reportId: string): Promise<IssueRef | undefined> {
    const { connection } = target;
    const jql = `project = "${connection.projectKey}" AND created >= -1d ORDER BY created DESC`;
    const query = new URLSearchParams({ jql, fields: 'description', maxResults: '50' });
    // Cloud searches with /search/jql (its older /search is retired); Server/DC with /search.
    const path = `${connection.flavor === 'cloud' ? '/search/jql' : '/search'}?${query}`;
    const found = (await this.request(target, 'GET', path, `project ${connection.projectKey}`)) as {
      issues?: { key: string; fields?: { description?: unknown } }[];
    };
    const marker = reportMarker(reportId);
    const issue = found.issues?.find((i) => JSON.stringify(i.fields?.description ?? '').includes(marker));
    return issue ? { key: issue.key, url: `${trimBase(connection.baseUrl)}/browse/${issue.key}` } : undefined;
  }

  async check(target: JiraTarget): Promise<TestAnswer> {
    try {
      const t = await this.test(target);
      const details: string[] = [];
      if (t.project) {
        details.push(t.canCreate ? `May create issues in ${t.project}.` : `May NOT create issues in ${t.project}.`);
        details.push(t.canAttach ? 'May add attachments.' : 'May NOT add attachments: the report zip cannot be attached.');
      } else details.push('Choose a project to check what the token may do in it.');
      return { ok: t.canCreate !== false, summary: `Connected to Jira as ${t.user}.`, details };
    } catch (error) {
      return failedTest(error);
    }
  }

  /** Projects, and for the chosen project its issue types, and the instance's priorities. */
  async choices(target: JiraTarget): Promise<Record<string, Choice[]>> {
    const projects = (await this.projects(target)).map((p) => ({ value: p.key, label: `${p.name} (${p.key})` }));
    const key = target.connection.projectKey;
    if (!key) return { projects };
    const meta = await this.projectMeta(target, key);
    return {
      projects,
      issueTypes: meta.issueTypes.map((t) => ({ value: t.id, label: t.name })),
      priorities: meta.priorities.map((p) => ({ value: p, label: p })),
    };
  }

  async send(bundle: BundleToSend, target: JiraTarget, progress: DeliveryProgress): Promise<IssueRef> {
    const { connection } = target;
    let ref = progress.created ?? (progress.mayExist ? await this.findFiled(target, progress.reportId) : undefined);
    if (ref && !progress.created) await progress.onCreated(ref);
    if (!ref) {
      const report = bundle.report;
      const highlights = bundle.highlights;
      const priority = connection.priorities[report.severity];
      const fields: Record<string, unknown> = {
        project: { key: connection.projectKey },
        issuetype: { id: connection.issueTypeId },
        summary: report.title.slice(0, 255),
        description:
          connection.flavor === 'cloud'
            ? toAdf(report, highlights, bundle.fileName, progress.reportId)
            : toWiki(report, highlights, bundle.fileName, progress.reportId),
        // Jira labels cannot contain spaces.
        labels: [...new Set([...connection.labels, ...report.labels].map((l) => l.trim().replace(/\s+/g, '-')).filter(Boolean))],
      };
      if (connection.components.length) fields.components = connection.components.map((name) => ({ name }));
      if (priority) fields.priority = { name: priority };
      const created = (await this.request(target, 'POST', '/issue', `project ${connection.projectKey}`, { fields })) as { key: string };
      ref = { key: created.key, url: `${trimBase(connection.baseUrl)}/browse/${created.key}` };
      await progress.onCreated(ref);
    }
    for (const file of attachmentsOf(bundle).filter((f) => progress.pending.includes(f.name))) {
      const form = new FormData();
      form.append('file', new File([file.blob], file.name, { type: file.contentType }));
      try {
        await call(
          `${jiraApi(connection)}/issue/${encodeURIComponent(ref.key)}/attachments`,
          // Jira refuses multipart writes without this header (its XSRF protection).
          { method: 'POST', headers: headers(target, { 'X-Atlassian-Token': 'no-check' }), body: form },
          { tracker: 'Jira', what: `issue ${ref.key}`, readErrors: readJiraErrors, timeoutMs: this.timeouts.uploadMs },
        );
        await progress.onAttached(file.name);
      } catch (error) {
        await progress.onAttachmentFailed(file.name, error instanceof Error ? error.message : String(error));
      }
    }
    return ref;
  }
}

export const jiraTracker = {
  id: 'jira',
  name: 'Jira',
  schema: jiraConnectionSchema,
  blank: (id) => ({
    tracker: 'jira',
    id,
    name: '',
    flavor: 'cloud',
    baseUrl: '',
    email: '',
    projectKey: '',
    issueTypeId: '',
    labels: [],
    components: [],
    priorities: {},
    isDefault: false,
  }),
  endpoint: (c) => c.baseUrl,
  label: (c) => `${new URL(c.baseUrl).host} · ${c.projectKey}`,
  privacy:
    'the issue description holds the summary; the zip and the screenshot are attachments of the issue, readable by whoever can see the issue in that project.',
  describe: (c) => `Jira ${c.flavor === 'cloud' ? 'Cloud' : 'Server/DC'} · ${c.baseUrl} · ${c.projectKey}`,
  problem(c) {
    if (c.flavor === 'cloud' && !c.email) return 'Enter the email of your Atlassian account.';
    if (!c.projectKey) return 'Choose a project (use “Load projects” first).';
    if (!c.issueTypeId) return 'Choose an issue type.';
    return null;
  },
  secret: {
    label: (c) => (c.flavor === 'cloud' ? 'API token' : 'Personal access token'),
    placeholder: (c) => (c.flavor === 'cloud' ? 'From id.atlassian.com → Security → API tokens' : 'Profile → Personal Access Tokens'),
  },
  loadLabel: 'Load projects',
  fields: [
    { kind: 'text', key: 'name', label: 'Name', placeholder: 'Acme Jira', required: true },
    {
      kind: 'radio',
      key: 'flavor',
      label: 'Jira edition',
      options: [
        { value: 'cloud', label: 'Jira Cloud' },
        { value: 'server', label: 'Jira Server / Data Center' },
      ],
    },
    {
      kind: 'text',
      key: 'baseUrl',
      label: (c) => (c.flavor === 'cloud' ? 'Site URL' : 'Base URL'),
      placeholder: (c) => (c.flavor === 'cloud' ? 'https://acme.atlassian.net' : 'https://jira.acme.internal'),
      required: true,
      url: true,
    },
    { kind: 'text', key: 'email', label: 'Account email', type: 'email', autocomplete: 'username', when: (c) => c.flavor === 'cloud' },
    { kind: 'secret' },
    { kind: 'actions' },
    {
      kind: 'choice',
      key: 'projectKey',
      label: 'Project',
      source: 'projects',
      empty: 'Choose a project',
      unloaded: 'Load projects first',
      pick: 'single',
      reload: true,
      clears: ['issueTypeId'],
    },
    {
      kind: 'choice',
      key: 'issueTypeId',
      label: 'Issue type',
      source: 'issueTypes',
      empty: 'Choose an issue type',
      unloaded: 'Choose a project first',
      pick: /bug/i,
    },
    { kind: 'list', key: 'labels', label: 'Labels (optional, comma-separated)', placeholder: 'qa, from-repro' },
    { kind: 'list', key: 'components', label: 'Components (optional, comma-separated)' },
    {
      kind: 'severity-map',
      key: 'priorities',
      label: 'Priority for each severity (optional)',
      source: 'priorities',
      none: 'Project default',
    },
    {
      kind: 'note',
      muted: true,
      text: [
        "Saving asks your browser for access to this Jira site. The token stays in Repro's background worker and is sent only to this site.",
      ],
    },
  ],
  readErrors: readJiraErrors,
  // Jira refuses browser-looking writes; a request rule per connected site fixes that (jira-xsrf-rule.ts).
  sync: (connections) => syncJiraRules(connections.map((c) => new URL(c.baseUrl).origin)),
  createClient: (timeouts) => new JiraClient(timeouts),
} satisfies TrackerDefinition<JiraConnection>;
