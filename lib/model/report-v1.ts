/**
 * Runtime check of `report.json`, format v1, with valibot. It mirrors `report.schema.json` (a test keeps
 * the two in agreement): the extension cannot compile the JSON Schema at runtime, because ajv builds its
 * validators with `new Function`, which the extension's content security policy forbids.
 */
import * as v from 'valibot';
import type { ReportJson } from './report';

const size = v.object({ width: v.pipe(v.number(), v.minValue(0)), height: v.pipe(v.number(), v.minValue(0)) });
const isoDate = v.pipe(v.string(), v.isoTimestamp());
const count = v.pipe(v.number(), v.integer(), v.minValue(0));

export const ReportV1Schema = v.object({
  format: v.literal('repro-report'),
  version: v.literal(1),
  title: v.pipe(v.string(), v.minLength(1), v.maxLength(500)),
  description: v.string(),
  steps: v.array(v.string()),
  expected: v.string(),
  actual: v.string(),
  severity: v.picklist(['blocker', 'critical', 'major', 'minor', 'trivial']),
  labels: v.array(v.pipe(v.string(), v.minLength(1))),
  createdAt: isoDate,
  page: v.object({ url: v.string(), title: v.string() }),
  environment: v.object({
    browser: v.string(),
    browserVersion: v.string(),
    os: v.string(),
    userAgent: v.string(),
    language: v.string(),
    timezone: v.string(),
    viewport: size,
    devicePixelRatio: v.pipe(v.number(), v.gtValue(0)),
    screen: size,
    extensionVersion: v.string(),
  }),
  recording: v.object({
    startedAt: v.nullable(isoDate),
    endedAt: v.nullable(isoDate),
    mode: v.picklist(['rolling', 'repro']),
    pages: v.array(v.object({ url: v.string(), title: v.string(), startedAt: v.number() })),
    gaps: v.array(
      v.object({
        kind: v.picklist(['network', 'recording']),
        from: v.number(),
        to: v.nullable(v.number()),
        reason: v.string(),
      }),
    ),
    actions: v.optional(v.array(v.object({ time: v.number(), text: v.string() }))),
  }),
  counts: v.object({ consoleErrors: count, failedRequests: count, events: count }),
  files: v.object({
    recording: v.nullable(v.literal('recording.json')),
    network: v.nullable(v.literal('network.har')),
    console: v.nullable(v.literal('console.json')),
    screenshot: v.nullable(v.literal('screenshot.png')),
    screenshotOriginal: v.nullable(v.literal('screenshot-original.png')),
    summary: v.literal('README.md'),
    viewer: v.nullable(v.literal('viewer.html')),
  }),
  custom: v.optional(v.record(v.string(), v.nullable(v.union([v.string(), v.number(), v.boolean()])))),
});

/** Checks a parsed `report.json` of format v1; returns the report, or the first problem as readable text. */
export function checkReportV1(value: unknown): { ok: true; report: ReportJson } | { ok: false; problem: string } {
  const result = v.safeParse(ReportV1Schema, value);
  if (result.success) return { ok: true, report: result.output as ReportJson };
  const issue = result.issues[0];
  const where = issue ? v.getDotPath(issue) : null;
  return { ok: false, problem: `${where ?? 'report'}: ${issue?.message ?? 'invalid'}` };
}
