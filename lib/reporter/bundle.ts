/** Builds the report from the reporter's parts: annotated screenshot, environment, zip packed in a worker. */
import { buildReportJson, reportFileName } from '../report/build';
import { getRedactionRules } from '../settings/redaction';
import type { ReportBundle } from '../report/drafts';
import type { Environment } from '../model/report';
import type { CaptureLoad } from './capture.svelte';
import type { DraftAutosave } from './draft.svelte';
import type { ScreenshotState } from './screenshot.svelte';

export interface BundleParts {
  draft: DraftAutosave;
  shot: ScreenshotState;
  capture: CaptureLoad;
  /** The environment, read beside the screenshot (`readEnvironment`). */
  environment(screenshotWidth: number | null): Promise<Environment>;
}

/** A built report, what it goes without (each said to the tester in a sentence), and what the last pass removed. */
export interface Built {
  bundle: ReportBundle;
  missing: string[];
  /** Secrets the last pass of redaction found that capture had missed. */
  removed: number;
}

/**
 * The report as it stands now, and the zip of it; `progress` hears each stage. A part still on its way
 * (the screenshot, the capture) is waited for, never left out silently: what the report lacks is said.
 */
export async function buildBundle(parts: BundleParts, progress: (stage: string) => void): Promise<Built> {
  const { draft, shot, capture } = parts;
  if (shot.taking) progress('Waiting for the screenshot…');
  await shot.settled();
  if (capture.isReading()) progress('Reading what was recorded…');
  const { session, har, packer, networkGaps } = await capture.ready();
  progress('Preparing the screenshot…');
  const hasScreenshot = shot.blob !== null;
  const original = shot.blob;
  const annotated = draft.include.screenshot ? await shot.exported() : null;
  progress('Collecting the environment…');
  const environment = await parts.environment(shot.size?.width ?? null);
  const createdAt = new Date();
  const { form, include } = draft.snapshot();
  const report = buildReportJson({
    form,
    include,
    keepOriginalScreenshot: shot.keepsOriginal,
    hasScreenshot,
    page: { ...capture.page },
    environment,
    session,
    har,
    networkGaps,
    createdAt,
    rules: await getRedactionRules(),
  });
  progress('Packing the zip…');
  let packed: Awaited<ReturnType<typeof packer.pack>>;
  try {
    packed = await packer.pack({ report, screenshot: annotated, screenshotOriginal: report.files.screenshotOriginal ? original : null });
  } catch (e) {
    capture.dropPacker(packer);
    throw e;
  }
  const missing: string[] = [];
  if (include.screenshot && !hasScreenshot) missing.push(`No screenshot: ${shot.error ?? 'none was taken.'}`);
  if (capture.error) missing.push(capture.error);
  // The report as the last pass of redaction left it: trackers send its text too.
  const bundle = {
    fileName: reportFileName(capture.page.url, createdAt),
    report: packed.report,
    zip: packed.zip,
    screenshot: annotated,
    markdown: packed.markdown,
  };
  return { bundle, missing, removed: packed.removed };
}
