/**
 * The report zip, format v1: every file at the root, JSON and HTML deflated, PNG stored. Runs in a
 * dedicated worker (see `zip-worker.ts`) so neither the popup nor the page stalls while a large recording
 * packs. The recording is deflated once: the same bytes are `recording.json` in the zip and the replay
 * inside `viewer.html`.
 *
 * In two steps, so the slow part is done while the tester writes: `prepareCapture` packs what was
 * captured (the recording, console and network files, and the start of `viewer.html`, which holds the
 * recording), as soon as the reporter has read it; `packReport` adds what the form decides. Each step
 * first gives its files the last pass of redaction (`last-pass.ts`), and counts what it removed.
 */
import type { Har } from 'har-format';
import { viewerOpeningPart, viewerRestHtml } from '../viewer/standalone';
import { jsonArrayBlob, jsonOf, jsonWithBigArrayBlob } from '../zip/json-blob';
import { renderMarkdown } from './markdown';
import type { ConsoleEntry, ReportJson } from '../model/report';
import { recordingEntry, type RecordingPiece } from '../zip/recording-entry';
import { finishEntry, writeZip, zipEntry, type OpenPart, type ZipEntry } from '../zip/zip-writer';
import { utf8Bytes } from '../zip/utf8';
import { noExtraRules, type RedactionRules } from '../redact';
import { passRecording, passText, passTree, type Tally } from './last-pass';

/** How the last pass of redaction runs over a capture. */
export interface LastPassOptions {
  /** The tester's rules now. */
  rules: RedactionRules;
  /** Read the recording again: the rules changed since its oldest event could have been stored. */
  recheckRecording: boolean;
}

/** What was captured, as the reporter read it; none of it depends on the form. */
export interface CaptureInput {
  /** The recording's events, as the capture store packed them where it could (`recordingEntry`). */
  recording: RecordingPiece[];
  console: ConsoleEntry[];
  har: Har | null;
}

/** A capture's files, packed. */
export interface PreparedCapture {
  input: CaptureInput;
  recording: ZipEntry;
  console: ZipEntry;
  har: ZipEntry | null;
  /** The start of `viewer.html` up to and including the recording (`viewerOpening`). */
  viewerOpening: OpenPart;
  rules: RedactionRules;
  /** What the last pass removed from the captured files. */
  removed: number;
}

/** What the form decides: `report.json` and the screenshots the tester kept. */
export interface FormInput {
  report: ReportJson;
  screenshot: Blob | null;
  screenshotOriginal: Blob | null;
}

export interface ZipInput extends FormInput {
  /** Each captured part, or null when left out (must agree with `report.files`). */
  events: unknown[] | null;
  console: ConsoleEntry[] | null;
  har: Har | null;
}

export interface ZipOutput {
  zip: Blob;
  markdown: string;
  /** `report.json` as it went into the zip, after the last pass. */
  report: ReportJson;
  /** Secrets the last pass removed from the report's files (none when capture caught them all). */
  removed: number;
}

const bytes = async (blob: Blob) => new Uint8Array(await blob.arrayBuffer());

/** Packs the captured files: everything of the zip that the form cannot change. */
export async function prepareCapture(
  captured: CaptureInput,
  pass: LastPassOptions = { rules: noExtraRules, recheckRecording: false },
): Promise<PreparedCapture> {
  const tally: Tally = { removed: 0 };
  // In place: the worker was given its own copy.
  passTree(captured.console, pass.rules, tally);
  passTree(captured.har, pass.rules, tally);
  const pieces = pass.recheckRecording ? await passRecording(captured.recording, pass.rules, tally) : captured.recording;
  const input = { ...captured, recording: pieces };
  const recording = await recordingEntry('recording.json', input.recording);
  return {
    input,
    rules: pass.rules,
    removed: tally.removed,
    recording,
    console: await zipEntry('console.json', await bytes(jsonArrayBlob(input.console))),
    har: input.har ? await zipEntry('network.har', await bytes(jsonWithBigArrayBlob(input.har, ['log', 'entries']))) : null,
    viewerOpening: await viewerOpeningPart(await bytes(recording.body)),
  };
}

/** The report zip and its `README.md`, from a prepared capture and the form. */
export async function packReport(prepared: PreparedCapture, form: FormInput): Promise<ZipOutput> {
  const tally: Tally = { removed: prepared.removed };
  const report = structuredClone(form.report);
  passTree(report, prepared.rules, tally);
  const console = report.files.console ? prepared.input.console : null;
  const har = report.files.network ? prepared.input.har : null;
  const markdown = passText(renderMarkdown(report, { console, har }), prepared.rules, tally);
  const entries: ZipEntry[] = [
    await zipEntry('report.json', utf8Bytes(`${JSON.stringify(report, null, 2)}\n`)),
    await zipEntry('README.md', utf8Bytes(markdown)),
  ];
  if (report.files.recording) entries.push(prepared.recording);
  if (console) entries.push(prepared.console);
  if (har && prepared.har) entries.push(prepared.har);
  // PNG is already deflated: storing it costs nothing and saves the time.
  if (report.files.screenshot && form.screenshot) entries.push(await zipEntry('screenshot.png', await bytes(form.screenshot), false));
  if (report.files.screenshotOriginal && form.screenshotOriginal) {
    entries.push(await zipEntry('screenshot-original.png', await bytes(form.screenshotOriginal), false));
  }
  if (report.files.viewer) {
    // The viewer carries the (annotated) screenshot itself: a `file://` page cannot read screenshot.png beside it.
    const screenshot = report.files.screenshot ? form.screenshot : null;
    const withEvents = report.files.recording !== null;
    const opening = withEvents ? prepared.viewerOpening : await viewerOpeningPart(null);
    const rest = await viewerRestHtml({ report, console, har, screenshot }, withEvents);
    entries.push(await finishEntry('viewer.html', opening, utf8Bytes(rest)));
  }
  const created = new Date(report.createdAt);
  return { zip: writeZip(entries, Number.isNaN(created.getTime()) ? new Date() : created), markdown, report, removed: tally.removed };
}

/** Builds the report zip and its `README.md` in one step. */
export async function buildReportZip(input: ZipInput, pass?: LastPassOptions): Promise<ZipOutput> {
  const prepared = await prepareCapture(
    {
      recording: [{ events: (input.events ?? []).map(jsonOf) }],
      console: structuredClone(input.console ?? []),
      har: structuredClone(input.har),
    },
    pass,
  );
  return packReport(prepared, input);
}
