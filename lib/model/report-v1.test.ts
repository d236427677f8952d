import Ajv from 'ajv';
import { expect, it } from 'vitest';
import { sampleReport } from '../viewer/sample';
import schema from './report.schema.json';
import { checkReportV1 } from './report-v1';

// ajv without formats: date-time is then unchecked there, so samples below keep dates valid.
const ajv = new Ajv({ strict: false, validateFormats: false });
const validate = ajv.compile(schema);

const variants: [string, unknown][] = [
  ['valid', sampleReport()],
  ['with custom', { ...sampleReport(), custom: { build: '1.2.3', beta: true, n: 3, none: null } }],
  ['custom holds an object', { ...sampleReport(), custom: { x: {} } }],
  ['wrong format', { ...sampleReport(), format: 'nope' }],
  ['version 2', { ...sampleReport(), version: 2 }],
  ['empty title', { ...sampleReport(), title: '' }],
  ['bad severity', { ...sampleReport(), severity: 'x' }],
  ['empty label', { ...sampleReport(), labels: [''] }],
  ['negative count', { ...sampleReport(), counts: { consoleErrors: -1, failedRequests: 0, events: 0 } }],
  ['fractional count', { ...sampleReport(), counts: { consoleErrors: 1.5, failedRequests: 0, events: 0 } }],
  ['zero dpr', { ...sampleReport(), environment: { ...sampleReport().environment, devicePixelRatio: 0 } }],
  ['missing files', { ...sampleReport(), files: undefined }],
  ['unknown file name', { ...sampleReport(), files: { ...sampleReport().files, recording: 'x.json' } }],
  ['null recording file', { ...sampleReport(), files: { ...sampleReport().files, recording: null } }],
  [
    'gap without end',
    { ...sampleReport(), recording: { ...sampleReport().recording, gaps: [{ kind: 'network', from: 1, to: null, reason: 'r' }] } },
  ],
  [
    'gap of unknown kind',
    { ...sampleReport(), recording: { ...sampleReport().recording, gaps: [{ kind: 'x', from: 1, to: null, reason: 'r' }] } },
  ],
];

it.each(variants)('the runtime check agrees with report.schema.json: %s', (_name, report) => {
  const json = JSON.parse(JSON.stringify(report)) as unknown;
  expect(checkReportV1(json).ok).toBe(validate(json));
});
