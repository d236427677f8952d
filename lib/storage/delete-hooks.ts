/**
 * Hooks around "Delete all data" (lib/privacy/delete-all.ts), here in the storage layer so that an area
 * can register one without importing the privacy feature that runs the deletion.
 */

/** What the tester chose to delete besides captured data. */
export interface DeleteAllOptions {
  /** Also delete `settings.*` (capture sites, retention, …). */
  settings: boolean;
  /** Also delete tracker connections and their credentials. */
  credentials: boolean;
}

const before: Array<() => Promise<void>> = [];
const after: Array<(options: DeleteAllOptions) => Promise<void>> = [];

/** Lets an area close what it holds open (a database connection of its own) before everything is deleted. */
export function onBeforeDeleteAll(close: () => Promise<void>): void {
  before.push(close);
}

/** Runs after a deletion, for state kept outside storage that follows what is stored (browser rules). */
export function onAfterDeleteAll(hook: (options: DeleteAllOptions) => Promise<void>): void {
  after.push(hook);
}

/** Runs the `onBeforeDeleteAll` hooks; a failing hook does not stop the others. */
export async function runBeforeDeleteAll(): Promise<void> {
  await Promise.all(before.map((close) => close().catch(() => undefined)));
}

/** Runs the `onAfterDeleteAll` hooks; a failing hook does not stop the others. */
export async function runAfterDeleteAll(options: DeleteAllOptions): Promise<void> {
  await Promise.all(after.map((hook) => hook(options).catch(() => undefined)));
}
