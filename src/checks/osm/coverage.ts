// Whether absence in the snapshot means "not there": a source that records the types it read whole (live mode,
// `collect`) and did not read this one has no say about it. Hand-made snapshots are taken as given.
import type { TypeRef } from '../../snapshot/snapshot.js';
import type { Snapshot } from '../../snapshot/snapshot.js';

export function typeNotCollected(snap: Snapshot, type: TypeRef): boolean {
  return !snap.knowsType(type) && snap.completeTypes().length > 0;
}

export function notCollectedMessage(kind: string, command: string): string {
  return `the snapshot was collected without ${kind} objects, so whether they exist cannot be told; add the output of \`${command}\``;
}
