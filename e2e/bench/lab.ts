/**
 * The benchmark's bench: the fixture server (127.0.0.1 only) with the generated pages and rrweb's own
 * bundle, one Chromium with the extension installed, and the devtools-protocol readings every part uses.
 * Every variant runs in that one browser, so they differ only in what the page runs: for "bare" and
 * "rrweb" the fixture site is not allowed (the extension injects nothing), for "repro" it is.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { CDPSession, Page } from '@playwright/test';
import { ROOT } from '../harness/build';
import type { LaunchedExtension } from '../harness/chromium';
import { startFixtureServer, type FixtureServer } from '../harness/fixture-server';
import { readCpu, type CpuReading } from './cpu';
import { setSiteAllowed } from './extension';
import { pageHtml, pagePath, parsePageOptions, type PageOptions } from './pages';

export type Variant = 'bare' | 'rrweb' | 'repro';
export const VARIANTS: readonly Variant[] = ['bare', 'rrweb', 'repro'];

/** rrweb's browser bundle, as a site would include it. */
const RRWEB_BUNDLE = path.join(ROOT, 'node_modules/rrweb/dist/rrweb.umd.min.cjs');

/** Serves `pages/` plus `/page?…` (generated) and `/rrweb.js`. */
export async function startBenchServer(): Promise<FixtureServer> {
  const server = await startFixtureServer(path.join(import.meta.dirname, 'pages'));
  const rrweb = readFileSync(RRWEB_BUNDLE);
  server.route('/rrweb.js', (_req, res) => {
    res.writeHead(200, { 'content-type': 'text/javascript; charset=utf-8', 'cache-control': 'max-age=3600' });
    res.end(rrweb);
  });
  server.route('/page', (req, res) => {
    const search = new URL(req.url ?? '/', 'http://127.0.0.1').search;
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
    res.end(pageHtml(parsePageOptions(search)));
  });
  return server;
}

export interface Lab {
  server: FixtureServer;
  ext: LaunchedExtension;
  /** The rolling window the capture settings get whenever the site is allowed. */
  windowMs: number;
  /** Whether the fixture site is allowed right now. */
  allowed: boolean;
}

/** Allows or disallows the fixture site, only when that changes. */
export async function ensureAllowed(lab: Lab, allowed: boolean): Promise<void> {
  if (lab.allowed === allowed) return;
  await setSiteAllowed(lab.ext, lab.server.origin, allowed, lab.windowMs);
  lab.allowed = allowed;
}

/** What a part reports besides its rows: progress, and measurements that could not be taken. */
export interface PartContext {
  log(line: string): void;
  /** Records a measurement that failed; the part goes on with the others. */
  fail(what: string, error: unknown): void;
}

/** Runs one measurement; on error records it and returns null, so one failure loses one figure only. */
export async function attempt<T>(ctx: PartContext, what: string, fn: () => Promise<T>): Promise<T | null> {
  try {
    return await fn();
  } catch (error) {
    ctx.fail(what, error);
    return null;
  }
}

/** The address of a fixture page as a variant opens it. */
export function variantUrl(lab: Lab, variant: Variant, options: Omit<PageOptions, 'rrweb'>): string {
  return lab.server.url(pagePath({ ...options, rrweb: variant === 'rrweb' }));
}

export interface OpenedPage {
  page: Page;
  cdp: CDPSession;
  /** With `measureLoad`: the readings taken before the navigation. */
  before?: { m0: Record<string, number>; cpu0: CpuReading; started: number };
}

/**
 * Opens a fixture page for a variant: rrweb inlined for "rrweb", the site allowed for "repro". With
 * `measureLoad`, devtools metrics are enabled before the navigation and read once, so what follows
 * counts the page's load and each recorder's first snapshot (rrweb's at load, Repro's just after);
 * `beforeNavigation` runs on that devtools session first (a trace of the load).
 */
export async function openVariant(
  lab: Lab,
  variant: Variant,
  options: Omit<PageOptions, 'rrweb'>,
  how: { measureLoad?: boolean; beforeNavigation?: (cdp: CDPSession) => Promise<void> } = {},
): Promise<OpenedPage> {
  await ensureAllowed(lab, variant === 'repro');
  const context = lab.ext.context;
  const page = await context.newPage();
  const url = variantUrl(lab, variant, options);
  if (how.measureLoad) {
    const cdp = await context.newCDPSession(page);
    await cdp.send('Performance.enable');
    await how.beforeNavigation?.(cdp);
    const before = { m0: await metrics(cdp), cpu0: readCpu(lab.ext.userDataDir), started: Date.now() };
    await page.goto(url, { waitUntil: 'load', timeout: 180_000 });
    return { page, cdp, before };
  }
  await page.goto(url, { waitUntil: 'load', timeout: 180_000 });
  // Enabled after the navigation, in the page's final renderer, so every reading comes from one process.
  const cdp = await context.newCDPSession(page);
  await cdp.send('Performance.enable');
  return { page, cdp };
}

export async function closePage(opened: OpenedPage): Promise<void> {
  await opened.cdp.detach().catch(() => undefined);
  await opened.page.close();
}

/** What `Performance.getMetrics` answers, over a Playwright session or a bare devtools connection. */
export type MetricsReply = { metrics: { name: string; value: number }[] };

/** `Performance.getMetrics` as a map (ScriptDuration and TaskDuration in seconds, Timestamp in seconds). */
export async function metrics(cdp: CDPSession | (() => Promise<MetricsReply>)): Promise<Record<string, number>> {
  const { metrics: list } = await (typeof cdp === 'function' ? cdp() : cdp.send('Performance.getMetrics'));
  return Object.fromEntries(list.map((m) => [m.name, m.value]));
}

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, Math.max(0, ms)));

/** Main-thread script time in ms spent while `work` runs and for `settleMs` after (deferred work included). */
export async function scriptTimeOf(cdp: CDPSession, work: () => Promise<unknown>, settleMs: number): Promise<number> {
  const before = await metrics(cdp);
  await work();
  await sleep(settleMs);
  const after = await metrics(cdp);
  return ((after.ScriptDuration ?? 0) - (before.ScriptDuration ?? 0)) * 1000;
}

/**
 * The page's JS heap after a garbage collection, in bytes. The main thread's isolate holds the page's
 * world and the content scripts' isolated worlds alike, so both are counted.
 */
export async function heapAfterGc(cdp: CDPSession): Promise<number> {
  await cdp.send('HeapProfiler.collectGarbage');
  const usage = await cdp.send('Runtime.getHeapUsage');
  return usage.usedSize;
}
