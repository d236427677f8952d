/** rrweb's event, source and node type numbers, taken from rrweb's own type package: one place for all. */
export { EventType, IncrementalSource, NodeType } from '@rrweb/types';
