/** What extension pages see of the integrations: connections without their tokens, and test answers. */
import type { Connection } from './connection';

export interface ConnectionView {
  connection: Connection;
  /** A token is stored for it (the token itself never leaves the worker). */
  hasToken: boolean;
}

export interface TestAnswer {
  ok: boolean;
  /** One line: "Connected as …" or exactly why it failed. */
  summary: string;
  /** What the token can do, one fact a line. */
  details: string[];
}

export interface ProjectsAnswer {
  ok: boolean;
  error?: string;
  projects: { key: string; name: string }[];
  issueTypes: { id: string; name: string }[];
  priorities: string[];
}
