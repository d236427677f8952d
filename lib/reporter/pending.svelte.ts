/** Reports built but not delivered yet (a failed send, a closed reporter), listed with Retry and Download instead. */
import { isPending, listDrafts, type Draft } from '../report/drafts';

export class PendingDrafts {
  /** Newest first; the draft being written is not among them. */
  drafts = $state.raw<Draft[]>([]);

  constructor(private readonly current: () => string | null = () => null) {}

  /** Reads the list again (after any delivery, and when the reporter opens). */
  async refresh(): Promise<void> {
    const current = this.current();
    this.drafts = (await listDrafts().catch(() => [])).filter((d) => isPending(d) && d.id !== current);
  }
}
