/**
 * Every IndexedDB database Repro creates, by name. Each area owns its own database (so their schemas
 * evolve independently); "Delete all data" deletes each one listed here.
 */
export const DATABASES = {
  /** Rolling buffers and repro recordings: rrweb events, console, steps, per tab. */
  capture: 'repro-capture',
  /** Network entries per tab. */
  network: 'repro-network',
  /** Report drafts (form, screenshot, built zip) until delivered, and the sent-report history. */
  reports: 'repro-reports',
} as const;

/**
 * Databases that hold credentials rather than captured data: "Delete all data" keeps them unless the
 * tester also chooses to delete credentials.
 */
export const CREDENTIAL_DATABASES = {
  /** Tracker connections and their tokens (extension origin only; content scripts cannot open it). */
  integrations: 'repro-integrations',
} as const;

export type DatabaseName = (typeof DATABASES)[keyof typeof DATABASES];
