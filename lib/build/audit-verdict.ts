/**
 * Reads `npm audit --json` output: production dependencies must have no high or critical advisory.
 * An audit endpoint that cannot be reached is reported as such, not as a pass or as a failure.
 */

export type AuditVerdict =
  | { kind: 'clean'; counts: Record<string, number> }
  | { kind: 'advisories'; packages: Array<{ name: string; severity: string }> }
  | { kind: 'unreachable'; reason: string };

const BLOCKING = new Set(['high', 'critical']);

interface AuditJson {
  metadata?: { vulnerabilities?: Record<string, number> };
  vulnerabilities?: Record<string, { name?: string; severity?: string }>;
  message?: string;
  error?: { summary?: string; code?: string };
}

/** Classifies the JSON printed by `npm audit --json`. */
export function auditVerdict(output: string): AuditVerdict {
  let json: AuditJson;
  try {
    json = JSON.parse(output) as AuditJson;
  } catch {
    return { kind: 'unreachable', reason: `npm audit printed no report (${output.trim().slice(0, 200) || 'no output'})` };
  }
  const counts = json.metadata?.vulnerabilities;
  if (!counts) {
    return { kind: 'unreachable', reason: json.message ?? json.error?.summary ?? json.error?.code ?? 'npm audit returned no report' };
  }
  const packages = Object.entries(json.vulnerabilities ?? {})
    .filter(([, v]) => BLOCKING.has(v.severity ?? ''))
    .map(([name, v]) => ({ name: v.name ?? name, severity: v.severity ?? 'unknown' }));
  const blocking = (counts.high ?? 0) + (counts.critical ?? 0);
  if (blocking > 0 || packages.length > 0) return { kind: 'advisories', packages };
  return { kind: 'clean', counts };
}
