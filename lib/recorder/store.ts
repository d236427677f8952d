/**
 * Reads a tab's captured session (recording, console, steps) from extension storage.
 * The capture issue fills this store; until then it holds nothing and reports read an empty session.
 */
import { emptySession, type CapturedSession } from '../report/model';

/** The captured session of `tabId` over its current window. */
export async function readCapture(tabId: number): Promise<CapturedSession> {
  void tabId;
  return emptySession();
}
