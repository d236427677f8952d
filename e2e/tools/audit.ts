/**
 * CI step: `npm audit --omit=dev --audit-level=high`, failing on high or critical advisories in what
 * ships. When the advisory database cannot be reached, it says so plainly and does not fail the run
 * for that reason alone (the advisories were not checked).
 */
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { auditVerdict } from '../../lib/build/audit-verdict';

const ROOT = path.resolve(import.meta.dirname, '../..');
// `--audit` overrides an `audit=false` in the user's npmrc.
const run = spawnSync('npm', ['audit', '--audit', '--omit=dev', '--audit-level=high', '--json'], { cwd: ROOT, encoding: 'utf8' });
const verdict = auditVerdict(run.stdout ?? '');

switch (verdict.kind) {
  case 'clean':
    console.log(`audit: no high or critical advisories in production dependencies (${JSON.stringify(verdict.counts)}).`);
    process.exit(0);
  case 'advisories':
    console.error('audit: high or critical advisories in production dependencies:');
    for (const p of verdict.packages) console.error(`  ${p.severity}: ${p.name}`);
    console.error('Run `npm audit --omit=dev` for details and fixes.');
    process.exit(1);
  case 'unreachable':
    console.warn(`audit: NOT CHECKED — the advisory database could not be reached: ${verdict.reason}`);
    process.exit(0);
}
