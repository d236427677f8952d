/**
 * The one interface every tracker implements, so that adding one (GitLab, Linear) is one new file.
 * A client creates the issue once, then uploads what is still pending; `progress` remembers both in the
 * draft, so a retry after a partial failure resumes instead of filing a duplicate.
 */
import type { ReportBundle } from '../report/drafts';
import type { Connection, Secret } from './connection';

export interface IssueRef {
  url: string;
  key: string;
}

/** A file to put next to the issue. */
export interface Attachment {
  name: string;
  blob: Blob;
  contentType: string;
}

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

export interface TrackerClient<C extends Connection = Connection> {
  /** Files the bundle as an issue (or resumes a partial delivery); throws a `TrackerError` before creation. */
  send(bundle: ReportBundle, target: { connection: C; secret: Secret }, progress: DeliveryProgress): Promise<IssueRef>;
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
