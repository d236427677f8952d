/** The patched rrweb and the sliced snapshot, bundled for a test page (`capture-sliced-snapshot.spec.ts`). */
import { record } from 'rrweb';
import { takeSnapshotInSlices } from '../../../lib/page/sliced-snapshot';
import { DEFAULT_RECORDER_CONFIG, toRecordOptions } from '../../../lib/page/rrweb-options';

(window as unknown as Record<string, unknown>).__sliced = { record, takeSnapshotInSlices, toRecordOptions, DEFAULT_RECORDER_CONFIG };
