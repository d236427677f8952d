// @vitest-environment node
import { createHmac } from 'node:crypto';
import JSZip from 'jszip';
import { afterEach, expect, it } from 'vitest';
import { startFakeWebhook, type FakeWebhook } from '../../e2e/fakes/fake-webhook';
import { memoryProgress, sampleBundle, sampleReport, webhookConnection } from './testing';
import { chatSummary, signature, WebhookClient } from './webhook';

const FILES = ['repro-checkout-button.zip', 'screenshot.png'];
const client = new WebhookClient({ requestMs: 15_000, uploadMs: 15_000 });
let hook: FakeWebhook;

afterEach(async () => {
  expect(hook.violations).toEqual([]);
  await hook.close();
});

it('posts the report with the zip and the screenshot as multipart parts, signed with the secret', async () => {
  hook = await startFakeWebhook({ secret: 's3cret' });
  const { progress, log } = memoryProgress(FILES, undefined, { reportId: 'draft-7' });
  const ref = await client.send(await sampleBundle(), { connection: webhookConnection(hook.url), secret: { token: 's3cret' } }, progress);
  expect(ref).toEqual({ key: 'delivered (HTTP 200)' });
  expect(log.created).toEqual([ref]);
  expect(log.attached).toEqual(FILES);
  const [delivery] = hook.deliveries;
  expect(delivery!.id).toBe('draft-7');
  expect(delivery!.json).toMatchObject({
    format: 'repro-webhook',
    version: 1,
    reportId: 'draft-7',
    report: { title: 'Checkout button does nothing' },
    files: FILES,
  });
  const zip = await JSZip.loadAsync(delivery!.files.find((f) => f.name === 'zip')!.data);
  expect(Object.keys(zip.files)).toContain('report.json');
  expect(delivery!.files.find((f) => f.name === 'screenshot')!.contentType).toBe('image/png');
});

it('is refused with a wrong secret, and classified as such', async () => {
  hook = await startFakeWebhook({ secret: 's3cret' });
  const error = await client
    .send(await sampleBundle(), { connection: webhookConnection(hook.url), secret: { token: 'other' } }, memoryProgress(FILES).progress)
    .catch((e: unknown) => e);
  expect(error).toMatchObject({ kind: 'unauthorized', message: expect.stringMatching(/did not accept the token \(401\)/) });
  expect(hook.deliveries).toEqual([]);
});

it('signs with the HMAC-SHA256 of the exact bytes, as Node computes it', async () => {
  const bytes = new TextEncoder().encode('{"a":1}');
  expect(await signature('key', bytes.buffer)).toBe(createHmac('sha256', 'key').update(bytes).digest('hex'));
});

it('posts a chat message with no link and no page text; the zip stays home', async () => {
  hook = await startFakeWebhook();
  const report = sampleReport({
    title: 'Pay button <!channel> @here broken',
    page: { url: 'https://shop.test/cart?token=x', title: 'Cart https://evil.test' },
  });
  const bundle = await sampleBundle(report);
  const { progress } = memoryProgress([]);
  await client.send(bundle, { connection: webhookConnection(hook.url, { format: 'chat' }), secret: { token: '' } }, progress);
  const text = String(hook.deliveries[0]!.json.text);
  expect(text).toBe(chatSummary(bundle));
  expect(text).toContain('Bug report: Pay button &lt;!channel&gt; @\u200Bhere broken');
  expect(text).toContain('Severity critical · 1 console error · 1 failed request');
  expect(text).not.toMatch(/shop\.test|evil\.test|Cart/);
});

it.each([
  [{ status: 404, body: 'no such hook' }, 'not-found'],
  [{ status: 413, body: 'too big' }, 'too-large'],
  [{ status: 429, body: 'slow down', headers: { 'retry-after': '12' } }, 'rate-limited'],
  [{ status: 500, body: 'oops' }, 'server'],
] as const)('classifies a %j answer', async (failure, kind) => {
  hook = await startFakeWebhook();
  hook.fail(hook.isDelivery, failure);
  const error = await client
    .send(await sampleBundle(), { connection: webhookConnection(hook.url), secret: { token: '' } }, memoryProgress(FILES).progress)
    .catch((e: unknown) => e);
  expect(error).toMatchObject({ kind });
});

it('classifies a dropped connection, and takes a key and link the receiver names', async () => {
  hook = await startFakeWebhook({ answer: { status: 201, body: { key: 'BUG-12', url: 'https://tickets.acme.test/BUG-12' } } });
  hook.fail(hook.isDelivery, 'drop');
  const target = { connection: webhookConnection(hook.url), secret: { token: '' } };
  expect(await client.send(await sampleBundle(), target, memoryProgress(FILES).progress).catch((e: unknown) => e)).toMatchObject({
    kind: 'offline',
  });
  expect(await client.send(await sampleBundle(), target, memoryProgress(FILES).progress)).toEqual({
    key: 'BUG-12',
    url: 'https://tickets.acme.test/BUG-12',
  });
});
