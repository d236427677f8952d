/**
 * `npm run bench [-- --quick]`: measures what recording costs pages, how memory and storage behave over
 * a long session, and how fast the reporter is, and prints one table with targets beside the figures.
 * Exits non-zero only when the benchmark could not run; a missed target is printed, never fatal.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { ensureE2eBuild } from '../harness/build';
import { chromiumPath, launchWithExtension } from '../harness/chromium';
import { bundleRows, contentScriptSizes, type BundleSizes } from './bundle';
import { configFromArgs, formatDuration } from './config';
import { measureConsole } from './console-cost';
import { ensureAllowed, startBenchServer, type Lab, type PartContext } from './lab';
import { measureOverhead } from './overhead';
import { measureSession } from './session';
import { formatTable, missedRows, statusOf, type Row } from './table';
import { measureUnits } from './units';

const config = configFromArgs(process.argv.slice(2));
const startedAt = new Date();
// Timings on a shared machine mean little without knowing how busy it was.
const loadAtStart = loadavg()[0]!;
const t0 = performance.now();
const log = (line: string) => console.error(`[bench ${((performance.now() - t0) / 1000).toFixed(0)} s] ${line}`);

function chromiumVersion(): string {
  try {
    return execFileSync(chromiumPath() ?? 'chromium', ['--version'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    return 'unknown';
  }
}

const rows: Row[] = [];
const notes: string[] = [];
const failures: string[] = [];
let bundle: BundleSizes | null = null;

const errorText = (error: unknown) => (error instanceof Error ? error.message.split('\n')[0]! : String(error));

const ctx: PartContext = {
  log,
  fail(what, error) {
    failures.push(`${what}: ${errorText(error)}`);
    log(`${what} failed: ${error instanceof Error ? error.stack : String(error)}`);
  },
};

/** `--only=overhead,units`: run only those parts (while working on one; a full run runs all). */
const only = process.argv
  .find((a) => a.startsWith('--only='))
  ?.slice('--only='.length)
  .split(',');

/** Runs one part; an error in it is reported and makes the run fail, but the other parts still run. */
async function part(name: string, fn: () => Promise<Row[]>): Promise<void> {
  if (only && !only.includes(name.split(' ')[0]!)) return;
  try {
    rows.push(...(await fn()));
  } catch (error) {
    ctx.fail(name, error);
  }
}

let closeAll = async () => {};
const downloads = mkdtempSync(path.join(tmpdir(), 'repro-bench-downloads-'));
try {
  log(`${config.mode} mode: building the test extension if needed`);
  const extensionDir = ensureE2eBuild();
  const server = await startBenchServer();
  const ext = await launchWithExtension(extensionDir, { downloadsPath: downloads });
  const lab: Lab = { server, ext, windowMs: config.session.rollingWindowMs, allowed: false };
  closeAll = async () => {
    await ext.close().catch(() => undefined);
    await server.close();
  };
  // Proves the extension answers settings changes before anything is measured.
  await ensureAllowed(lab, true);
  log(`fixture origin ${server.origin} can be recorded, rolling window ${formatDuration(config.session.rollingWindowMs)}`);

  const activeLab = lab;
  await part('overhead', () => measureOverhead(activeLab, config, ctx));
  await part('unit costs', () => measureUnits(activeLab, config, ctx));
  await part('console', () => measureConsole(extensionDir, config, ctx));
  await part('session', async () => {
    const outcome = await measureSession(activeLab, config, ctx);
    notes.push(...outcome.notes);
    return outcome.rows;
  });
  await part('bundle', async () => {
    bundle = contentScriptSizes(extensionDir);
    return bundleRows(bundle);
  });
} catch (error) {
  ctx.fail('setup', error);
} finally {
  await closeAll();
  rmSync(downloads, { recursive: true, force: true });
}

const machine = {
  cpus: cpus().length,
  cpuModel: cpus()[0]?.model ?? 'unknown',
  chromium: chromiumVersion(),
  node: process.version,
  platform: `${process.platform} ${process.arch}`,
  loadAverage: { start: loadAtStart, end: loadavg()[0]! },
};
const durationS = Math.round((performance.now() - t0) / 1000);

const order = ['1', '2', '3', '4', '5'];
rows.sort((a, b) => order.indexOf(a.part[0]!) - order.indexOf(b.part[0]!));
console.log(`\nRepro benchmark, ${config.mode} mode, ${machine.cpus} cores, ${machine.chromium}, ${durationS} s`);
console.log(`Load average (1 min) at start ${loadAtStart.toFixed(1)}, at end ${machine.loadAverage.end.toFixed(1)}.`);
console.log('Each figure is the median of its runs; bare/rrweb/Repro were measured interleaved in this run.\n');
console.log(formatTable(rows));
const missed = missedRows(rows);
console.log(`\nMissed targets: ${missed.length === 0 ? 'none' : ''}`);
for (const row of missed) console.log(`  MISS  ${row.part} — ${row.measure}`);
// A target with no figure is not met either: say so, with the reason when there is one.
for (const row of rows.filter((r) => statusOf(r) === 'n/a'))
  console.log(`  n/a   ${row.part} — ${row.measure}${row.note ? `: ${row.note}` : ''}`);
for (const note of notes) console.log(`Note: ${note}`);
for (const failure of failures) console.log(`FAILED  ${failure}`);

const resultsDir = path.join(import.meta.dirname, 'results');
const historyDir = path.join(resultsDir, 'history');
mkdirSync(historyDir, { recursive: true });
const resultText = `${JSON.stringify(
  {
    mode: config.mode,
    startedAt: startedAt.toISOString(),
    durationS,
    machine,
    config,
    rows: rows.map((r) => ({ ...r, status: statusOf(r) })),
    bundle,
    notes,
    failures,
  },
  null,
  2,
)}\n`;
writeFileSync(path.join(resultsDir, 'latest.json'), resultText);
// Every run is kept by date; the runs the README quotes are committed, as the figures' history.
const historyName = `${startedAt.toISOString().slice(0, 16).replace(':', '-')}-${config.mode}.json`;
writeFileSync(path.join(historyDir, historyName), resultText);
console.log(`\nFigures written to e2e/bench/results/latest.json and results/history/${historyName}`);
process.exit(failures.length > 0 ? 1 : 0);
