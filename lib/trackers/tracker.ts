/**
 * The one interface every tracker implements, so that adding one is one new file registered in
 * `registry.ts`: what a connection holds and how the settings page asks for it, where its token may go,
 * how to test it, how to file a report, and how its errors read.
 *
 * A client creates the issue once, then uploads what is still pending; `progress` remembers both in the
 * draft, so a retry after a partial failure resumes instead of filing a duplicate.
 */
import type * as v from 'valibot';
import type { Severity } from '../model/report';
import type { ReportBundle } from '../report/drafts';
import type { ConnectionBase, Secret } from './connection';
import type { FieldErrorReader } from './errors';
import type { Highlights } from './highlights';
import type { Timeouts } from './http';
import type { Choice, TestAnswer } from './views';

export interface IssueRef {
  /** The issue's page; absent when the tracker gave no link Repro trusts (`trustedLink`). */
  url?: string;
  key: string;
}

/** A file to put next to the issue. */
export interface Attachment {
  name: string;
  blob: Blob;
  contentType: string;
}

/** The built report with what the issue text quotes from it. */
export type BundleToSend = ReportBundle & { highlights: Highlights };

export interface DeliveryProgress {
  /** The issue a previous attempt created; when set, the client must not create another. */
  readonly created?: IssueRef;
  /** A stable id of the report, written into the issue so a later attempt can find it. */
  readonly reportId: string;
  /**
   * An earlier attempt may have created the issue without hearing back (the connection dropped, a
   * timeout): look for it by `reportId` before creating one.
   */
  readonly mayExist: boolean;
  /** Names of the attachments still to upload. */
  readonly pending: readonly string[];
  onCreated(ref: IssueRef): Promise<void>;
  onAttached(name: string): Promise<void>;
  onAttachmentFailed(name: string, message: string): Promise<void>;
}

/** A connection with its secret, as a client receives it. */
export interface Target<C> {
  connection: C;
  secret: Secret;
}

export interface TrackerClient<C = never> {
  /** Files the bundle as an issue (or resumes a partial delivery); throws a `TrackerError` before creation. */
  send(bundle: BundleToSend, target: Target<C>, progress: DeliveryProgress): Promise<IssueRef>;
  /** Who the token belongs to and what it may do, in words for the settings page. Never throws. */
  check(target: Target<C>): Promise<TestAnswer>;
  /** Lists for the form's choice fields, by source name (projects, issue types, teams). */
  choices?(target: Target<C>): Promise<Record<string, Choice[]>>;
}

/** Text of a settings field, fixed or depending on the connection as filled in. */
export type Dyn<C, T> = T | ((connection: C) => T);

type Keys<C, T> = { [K in keyof C]-?: NonNullable<C[K]> extends T ? K : never }[keyof C] & string;

/** A part of a note: plain text, emphasis, or code. */
export type NoteSegment = string | { strong: string } | { code: string };

/** One field of the settings form, in order. */
export type FieldSpec<C> =
  | {
      kind: 'text';
      key: Keys<C, string>;
      label: Dyn<C, string>;
      placeholder?: Dyn<C, string>;
      type?: 'text' | 'email';
      autocomplete?: string;
      required?: boolean;
      url?: boolean;
      hint?: string;
      when?: (c: C) => boolean;
    }
  | { kind: 'radio'; key: Keys<C, string>; label: string; options: readonly { value: string; label: string }[] }
  /** Comma-separated names, stored as a list. */
  | { kind: 'list'; key: Keys<C, readonly string[]>; label: string; placeholder?: string }
  /** The token (or API key), with the labels of `TrackerDefinition.secret`. */
  | { kind: 'secret' }
  /**
   * A select filled from `TrackerClient.choices()[source]`. `pick` chooses after a load when the value is not
   * in the list: `'single'` when there is only one, a pattern for the first that matches (else the first).
   * Choosing a value with `reload` loads the choices again, after clearing `clears`; `labelKey` keeps the
   * chosen entry's label too (a team's name next to its id).
   */
  | {
      kind: 'choice';
      key: Keys<C, string>;
      labelKey?: Keys<C, string>;
      label: string;
      source: string;
      empty: string;
      unloaded: string;
      pick?: 'single' | RegExp;
      reload?: boolean;
      clears?: Keys<C, string>[];
    }
  /** A choice for each Repro severity, from `source` (e.g. Jira priorities); shown once loaded. */
  | { kind: 'severity-map'; key: Keys<C, Partial<Record<Severity, string>>>; label: string; source: string; none: string }
  /** "Load …" (when the tracker has choices) and "Test connection", with the test's answer. */
  | { kind: 'actions' }
  | { kind: 'note'; text: readonly NoteSegment[]; testId?: string; muted?: boolean };

/** Everything Repro knows of one tracker. */
export interface TrackerDefinition<C extends ConnectionBase = ConnectionBase> {
  /** Stable id, stored in connections and drafts. */
  readonly id: C['tracker'];
  /** Product name in buttons and messages. */
  readonly name: string;
  readonly schema: v.GenericSchema<unknown, C>;
  /** A new, empty connection for the form. */
  blank(id: string): C;
  /** The address Repro talks to: its origin is asked for host access, and the token is sent only there. */
  endpoint(connection: C): string;
  /** Origins the tracker's issue pages are on, when not the endpoint's (github.com for api.github.com). */
  linkOrigins?(connection: C): string[];
  /** A short label for the popup: `acme.atlassian.net · WEB`, `acme/shop`. */
  label(connection: C): string;
  /** One line for the settings list. */
  describe(connection: C): string;
  /** Where a sent report's files go and who can read them there, for the Privacy page. */
  readonly privacy: string;
  /** What is missing beyond the schema (a project not chosen yet), or null. */
  problem?(connection: C): string | null;
  /** How the form names the secret, and its hint; `optional` when the tracker works without one. */
  readonly secret: { label: Dyn<C, string>; placeholder: Dyn<C, string>; optional?: boolean };
  /** The files that go with the report, when not `attachmentsOf(bundle)` (a chat message takes none). */
  attachments?(bundle: ReportBundle, connection: C): Attachment[];
  /** The label of the button that loads the choices, when the tracker has any. */
  readonly loadLabel?: string;
  readonly fields: readonly FieldSpec<C>[];
  /** Reads the tracker's error answers for the shared failure classes (`errors.ts`). */
  readonly readErrors: FieldErrorReader;
  /** Keeps tracker-wide browser state (request rules) in step with its saved connections. */
  sync?(connections: C[]): Promise<void>;
  createClient(timeouts?: Timeouts): TrackerClient<C>;
}

/** The hidden text an issue carries to name its report (an HTML comment in Markdown, plain text elsewhere). */
export function reportMarker(reportId: string): string {
  return `repro-report:${reportId}`;
}

/** The files of a bundle that go with the issue: the zip, and the screenshot on its own to show inline. */
export function attachmentsOf(bundle: ReportBundle): Attachment[] {
  const files: Attachment[] = [{ name: bundle.fileName, blob: bundle.zip, contentType: 'application/zip' }];
  if (bundle.screenshot) files.push({ name: 'screenshot.png', blob: bundle.screenshot, contentType: 'image/png' });
  return files;
}

/** A `TestAnswer` for a failure: the classified message, or what was unexpected. */
export function failedTest(error: unknown): TestAnswer {
  const summary =
    error instanceof Error && error.name === 'TrackerError'
      ? error.message
      : `Unexpected error: ${error instanceof Error ? error.message : String(error)}`;
  return { ok: false, summary, details: [] };
}
