import { expect, it } from 'vitest';
import { auditVerdict } from './audit-verdict';

const report = (counts: Record<string, number>, vulnerabilities: Record<string, unknown> = {}): string =>
  JSON.stringify({
    auditReportVersion: 2,
    vulnerabilities,
    metadata: { vulnerabilities: { info: 0, low: 0, moderate: 0, high: 0, critical: 0, total: 0, ...counts } },
  });

it('passes a report without high or critical advisories', () => {
  expect(auditVerdict(report({ low: 2, moderate: 1 }, { a: { name: 'a', severity: 'low' } }))).toMatchObject({ kind: 'clean' });
});

it('fails on high and critical advisories, naming the packages', () => {
  const verdict = auditVerdict(
    report(
      { high: 1, critical: 1, low: 1 },
      { x: { name: 'x', severity: 'high' }, y: { name: 'y', severity: 'critical' }, z: { name: 'z', severity: 'low' } },
    ),
  );
  expect(verdict).toEqual({
    kind: 'advisories',
    packages: [
      { name: 'x', severity: 'high' },
      { name: 'y', severity: 'critical' },
    ],
  });
});

it('reports an unreachable advisory database as such', () => {
  const error = JSON.stringify({
    message: '405 Method Not Allowed - POST https://registry.test/-/npm/v1/security/advisories/bulk',
    statusCode: 405,
    error: { summary: '' },
  });
  expect(auditVerdict(error)).toEqual({
    kind: 'unreachable',
    reason: '405 Method Not Allowed - POST https://registry.test/-/npm/v1/security/advisories/bulk',
  });
  expect(auditVerdict('')).toMatchObject({ kind: 'unreachable' });
  expect(auditVerdict('npm error network ENOTFOUND')).toMatchObject({ kind: 'unreachable' });
});
