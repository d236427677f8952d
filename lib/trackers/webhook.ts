/**
 * A webhook: Repro POSTs the report to an address the tester sets, for chat channels and in-house
 * systems. Two formats:
 * - `report`: multipart/form-data with a `report` part (JSON: `format: "repro-webhook"`, the report's
 *   report.json, its Markdown summary, console errors and failed requests), the zip as `zip` and the
 *   screenshot as `screenshot`;
 * - `chat`: a JSON body `{ "text": … }` (Slack, Mattermost, Rocket.Chat incoming webhooks) with a
 *   summary that holds no link and no page text; the zip stays with the tester.
 * With a secret, `X-Repro-Signature-256: sha256=HEX` is the HMAC-SHA256 of the exact body bytes (as
 * GitHub signs its webhooks); `X-Repro-Delivery` names the report, so a receiver can drop a repeat.
 */
import * as v from 'valibot';
import { commonFields, endpointUrl, type Secret } from './connection';
import { classifyHttp, classifyThrown, type FieldErrorReader } from './errors';
import { DEFAULT_TIMEOUTS, fetchWithoutCookies, type Timeouts } from './http';
import {
  attachmentsOf,
  failedTest,
  type BundleToSend,
  type DeliveryProgress,
  type IssueRef,
  type TrackerClient,
  type TrackerDefinition,
} from './tracker';
import type { TestAnswer } from './views';

export const webhookConnectionSchema = v.object({
  tracker: v.literal('webhook'),
  ...commonFields,
  url: endpointUrl('https://hooks.example.com/repro'),
  /** `report`: the whole report with its files; `chat`: a short text without links, for chat channels. */
  format: v.picklist(['report', 'chat']),
});

export type WebhookConnection = v.InferOutput<typeof webhookConnectionSchema>;
type WebhookTarget = { connection: WebhookConnection; secret: Secret };

export const SIGNATURE_HEADER = 'X-Repro-Signature-256';
export const DELIVERY_HEADER = 'X-Repro-Delivery';

/** Reads a receiver's error answer: `{message}` or `{error}`, or its text. */
export const readWebhookErrors: FieldErrorReader = (body) => {
  if (typeof body === 'string') return { messages: body ? [body.slice(0, 200)] : [] };
  const b = (body ?? {}) as { message?: unknown; error?: unknown };
  return { messages: [b.message, b.error].filter((m): m is string => typeof m === 'string' && m !== '').map((m) => m.slice(0, 200)) };
};

/** Hex HMAC-SHA256 of `bytes` with `secret` (Web Crypto: the worker has no Node crypto). */
export async function signature(secret: string, bytes: ArrayBuffer): Promise<string> {
  const key = await crypto.subtle.importKey('raw', new TextEncoder().encode(secret), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
  const mac = new Uint8Array(await crypto.subtle.sign('HMAC', key, bytes));
  return [...mac].map((b) => b.toString(16).padStart(2, '0')).join('');
}

/** Text safe in a Slack-style message: no `<!channel>`-style commands, no mention. */
function chatText(value: string): string {
  return value
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/@(?=\w)/g, '@\u200B');
}

/** The chat summary: the tester's title and the report's figures; nothing the page wrote, no link. */
export function chatSummary(bundle: BundleToSend): string {
  const { report } = bundle;
  const count = (n: number, one: string) => `${n} ${one}${n === 1 ? '' : 's'}`;
  return [
    `Bug report: ${chatText(report.title)}`,
    `Severity ${report.severity} · ${count(report.counts.consoleErrors, 'console error')} · ${count(report.counts.failedRequests, 'failed request')}`,
    `Reported with Repro at ${report.createdAt.replace('T', ' ').replace(/\.\d+Z$/, ' UTC')}; the report file stays with the tester.`,
  ].join('\n');
}

/** The `report` part of a report delivery. */
export function reportPayload(bundle: BundleToSend, reportId: string): Record<string, unknown> {
  return {
    format: 'repro-webhook',
    version: 1,
    reportId,
    report: bundle.report,
    summary: bundle.markdown,
    highlights: bundle.highlights,
    files: attachmentsOf(bundle).map((f) => f.name),
  };
}

export class WebhookClient implements TrackerClient<WebhookConnection> {
  constructor(private readonly timeouts: Timeouts = DEFAULT_TIMEOUTS) {}

  /** POSTs `body` (signed when there is a secret); resolves to the receiver's answer. */
  private async post(
    target: WebhookTarget,
    body: Response,
    reportId: string,
    timeoutMs: number,
  ): Promise<{ status: number; answer: unknown }> {
    const { connection, secret } = target;
    const host = new URL(connection.url).host;
    const bytes = await body.arrayBuffer();
    const headers: Record<string, string> = {
      'Content-Type': body.headers.get('content-type') ?? 'application/json',
      [DELIVERY_HEADER]: reportId,
      'User-Agent': 'Repro-Webhook',
    };
    if (secret.token) headers[SIGNATURE_HEADER] = `sha256=${await signature(secret.token, bytes)}`;
    let response: Response;
    let text: string;
    try {
      response = await fetchWithoutCookies(connection.url, {
        method: 'POST',
        headers,
        body: bytes,
        signal: AbortSignal.timeout(timeoutMs),
      });
      text = await response.text();
    } catch (error) {
      throw classifyThrown(error, 'The webhook', host);
    }
    let answer: unknown = text;
    try {
      answer = text ? JSON.parse(text) : null;
    } catch {
      // A plain-text answer ("ok") is fine.
    }
    if (!response.ok)
      throw classifyHttp(
        { status: response.status, headers: response.headers, body: answer },
        'The webhook',
        `the webhook at ${host}`,
        readWebhookErrors,
      );
    return { status: response.status, answer };
  }

  async check(target: WebhookTarget): Promise<TestAnswer> {
    const host = new URL(target.connection.url).host;
    try {
      const body = new Response(
        JSON.stringify(
          target.connection.format === 'chat'
            ? { text: 'Repro is connected: bug reports will be posted here.' }
            : { format: 'repro-webhook', version: 1, test: true },
        ),
        {
          headers: { 'content-type': 'application/json' },
        },
      );
      const { status } = await this.post(target, body, 'connection-test', this.timeouts.requestMs);
      return {
        ok: true,
        summary: `The webhook at ${host} answered ${status}.`,
        details: [
          target.connection.format === 'chat'
            ? 'Reports are posted as a short text without links or page text; the zip stays with the tester.'
            : 'Reports are posted with their zip and screenshot: whoever can read what the receiver keeps can read them.',
          target.secret.token
            ? `Requests are signed: ${SIGNATURE_HEADER} is the HMAC-SHA256 of the body.`
            : 'Requests are not signed: add a secret to sign them.',
        ],
      };
    } catch (error) {
      return failedTest(error);
    }
  }

  async send(bundle: BundleToSend, target: WebhookTarget, progress: DeliveryProgress): Promise<IssueRef> {
    if (progress.created) return progress.created;
    const chat = target.connection.format === 'chat';
    let body: Response;
    if (chat) body = new Response(JSON.stringify({ text: chatSummary(bundle) }), { headers: { 'content-type': 'application/json' } });
    else {
      const form = new FormData();
      form.append(
        'report',
        new Blob([JSON.stringify(reportPayload(bundle, progress.reportId))], { type: 'application/json' }),
        'report.json',
      );
      form.append('zip', new File([bundle.zip], bundle.fileName, { type: 'application/zip' }));
      if (bundle.screenshot) form.append('screenshot', new File([bundle.screenshot], 'screenshot.png', { type: 'image/png' }));
      // Serialized here so the signature covers the exact bytes sent.
      body = new Response(form);
    }
    const { status, answer } = await this.post(target, body, progress.reportId, chat ? this.timeouts.requestMs : this.timeouts.uploadMs);
    // A receiver may name what it made ({"key": "BUG-12", "url": …}); the link is checked like any tracker's.
    const said = (answer ?? {}) as { key?: unknown; url?: unknown };
    const key = typeof said.key === 'string' && /^[\w .#:/-]{1,64}$/.test(said.key) ? said.key : `delivered (HTTP ${status})`;
    const ref: IssueRef = typeof said.url === 'string' ? { key, url: said.url } : { key };
    await progress.onCreated(ref);
    for (const name of progress.pending) await progress.onAttached(name);
    return ref;
  }
}

export const webhookTracker = {
  id: 'webhook',
  name: 'Webhook',
  schema: webhookConnectionSchema,
  blank: (id) => ({ tracker: 'webhook', id, name: '', url: '', format: 'report', isDefault: false }),
  endpoint: (c) => c.url,
  label: (c) => `${new URL(c.url).host}${c.format === 'chat' ? ' · chat' : ''}`,
  privacy:
    'the report format posts the report, the zip and the screenshot to the address you set, readable by whoever runs it and whoever can read what it keeps; the chat format posts only the title, the severity and the counts, and the zip stays on your machine.',
  describe: (c) => `Webhook · ${c.url} · ${c.format === 'chat' ? 'chat message' : 'report with files'}`,
  secret: { label: 'Signing secret (optional)', placeholder: 'Signs each request: X-Repro-Signature-256', optional: true },
  attachments: (bundle, c) => (c.format === 'chat' ? [] : attachmentsOf(bundle)),
  fields: [
    { kind: 'text', key: 'name', label: 'Name', placeholder: 'QA channel', required: true },
    { kind: 'text', key: 'url', label: 'Webhook URL', placeholder: 'https://hooks.example.com/repro', required: true },
    {
      kind: 'radio',
      key: 'format',
      label: 'What is sent',
      options: [
        { value: 'report', label: 'The report with its zip and screenshot' },
        { value: 'chat', label: 'A chat message without links' },
      ],
    },
    { kind: 'secret' },
    {
      kind: 'note',
      testId: 'webhook-privacy',
      text: [
        'With the report format, the zip and the screenshot go to this address: ',
        { strong: 'whoever runs it, and whoever can read what it keeps, can read them' },
        '. The chat format sends only the title, the severity and the counts; the zip stays with you.',
      ],
    },
    { kind: 'actions' },
  ],
  readErrors: readWebhookErrors,
  createClient: (timeouts) => new WebhookClient(timeouts),
} satisfies TrackerDefinition<WebhookConnection>;
