/** What extension pages see of a connection test and of the lists a form loads. */

export interface TestAnswer {
  ok: boolean;
  /** One line: "Connected as …" or exactly why it failed. */
  summary: string;
  /** What the token can do, one fact a line. */
  details: string[];
}

/** One entry of a choice field (a project, an issue type, a team). */
export interface Choice {
  value: string;
  label: string;
}

/** Lists for a connection's choice fields, by source name. */
export interface ChoicesAnswer {
  ok: boolean;
  error?: string;
  choices: Record<string, Choice[]>;
}
