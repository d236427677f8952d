/** The patched rrweb and the sliced snapshot, bundled for a test page (`capture-sliced-snapshot.spec.ts`). */
import { record } from 'rrweb';
import { takeSnapshotInSlices } from '../../../lib/page/sliced-snapshot';
import { watchScrollHistory } from '../../../lib/page/scroll-history';
import { DEFAULT_RECORDER_CONFIG, toRecordOptions } from '../../../lib/page/rrweb-options';

// Watching from here: from document_start when the page adds the bundle as an init script, else nothing is known.
const scrollHistory = watchScrollHistory(window);
(window as unknown as Record<string, unknown>).__sliced = {
  record,
  takeSnapshotInSlices,
  toRecordOptions,
  DEFAULT_RECORDER_CONFIG,
  scrollHistory,
};
