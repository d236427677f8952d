/**
 * A fake webhook receiver on 127.0.0.1 for contract and end-to-end tests. It holds Repro's deliveries
 * to the format Repro documents (webhook.ts): a `report` delivery is multipart with a `report` JSON part
 * whose `report` validates against report.schema.json (format v1), the zip and the screenshot; a `chat`
 * one is `{ text }` as Slack-style incoming webhooks take it. With a secret it checks
 * `X-Repro-Signature-256` against the HMAC-SHA256 of the body it received.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { readFileSync } from 'node:fs';
import Ajv from 'ajv';
import { parseMultipart, startHttpFake, type HttpFake, type Part, type RecordedRequest, type Reply } from './http-fake';

export interface FakeWebhookOptions {
  /** The signing secret, when deliveries must be signed. */
  secret?: string;
  /** What the receiver answers on success. */
  answer?: Reply;
}

export interface WebhookDelivery {
  id: string;
  /** The `report` part (report deliveries) or the JSON body (chat). */
  json: Record<string, unknown>;
  files: Part[];
}

export interface FakeWebhook extends HttpFake {
  url: string;
  deliveries: WebhookDelivery[];
  isDelivery(req: RecordedRequest): boolean;
}

const reportSchema = JSON.parse(readFileSync(new URL('../../lib/model/report.schema.json', import.meta.url), 'utf8')) as object;

export async function startFakeWebhook(options: FakeWebhookOptions = {}): Promise<FakeWebhook> {
  const deliveries: WebhookDelivery[] = [];
  const validateReport = new Ajv({ strict: false, allErrors: true }).compile(reportSchema);

  const handler = (req: RecordedRequest, violations: string[]): Reply => {
    const at = `${req.method} ${req.path}`;
    if (req.method !== 'POST' || req.path !== '/hook') {
      violations.push(`${at}: the webhook is POST /hook`);
      return { status: 404, body: 'Not found' };
    }
    const signatureHeader = String(req.headers['x-repro-signature-256'] ?? '');
    if (options.secret) {
      const expected = Buffer.from(`sha256=${createHmac('sha256', options.secret).update(req.body).digest('hex')}`);
      const given = Buffer.from(signatureHeader);
      if (given.length !== expected.length || !timingSafeEqual(given, expected)) return { status: 401, body: { message: 'Bad signature' } };
    } else if (signatureHeader) violations.push(`${at}: signed without a secret`);
    const id = String(req.headers['x-repro-delivery'] ?? '');
    if (!id) violations.push(`${at}: no X-Repro-Delivery header`);
    const type = String(req.headers['content-type'] ?? '');
    let delivery: WebhookDelivery;
    if (type.startsWith('multipart/form-data')) {
      const parts = parseMultipart(req.body, type) ?? [];
      const reportPart = parts.find((p) => p.name === 'report');
      const json = reportPart ? (JSON.parse(reportPart.data.toString('utf8')) as Record<string, unknown>) : {};
      if (json.format !== 'repro-webhook' || json.version !== 1)
        violations.push(`${at}: the report part must be format repro-webhook, version 1`);
      if (!validateReport(json.report))
        violations.push(`${at}: report is not report.json v1: ${JSON.stringify(validateReport.errors?.slice(0, 3))}`);
      const files = parts.filter((p) => p.filename && p.name !== 'report');
      if (!files.some((f) => f.name === 'zip' && f.contentType === 'application/zip')) violations.push(`${at}: no zip part`);
      delivery = { id, json, files };
    } else if (type.startsWith('application/json')) {
      const json = (req.json ?? {}) as Record<string, unknown>;
      if (json.test !== true && typeof json.text !== 'string') violations.push(`${at}: a chat delivery is { text }`);
      if (typeof json.text === 'string' && /https?:\/\//.test(json.text)) violations.push(`${at}: a chat delivery must hold no link`);
      delivery = { id, json, files: [] };
    } else {
      violations.push(`${at}: unexpected content type ${type}`);
      return { status: 415, body: 'Unsupported' };
    }
    if (id !== 'connection-test') deliveries.push(delivery);
    return options.answer ?? { status: 200, body: 'ok' };
  };

  const fake = await startHttpFake(handler);
  return { ...fake, url: `${fake.origin}/hook`, deliveries, isDelivery: (req) => req.method === 'POST' && req.path === '/hook' };
}
