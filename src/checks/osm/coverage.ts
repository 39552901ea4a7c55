// Whether absence in the snapshot means "not there": a source that records the types it read whole (live mode,
// `collect`) and did not read this one has no say about it. Hand-made snapshots are taken as given.
import { R } from '../../snapshot/resources.js';
import type { Snapshot, TypeRef } from '../../snapshot/snapshot.js';

export function typeNotCollected(snap: Snapshot, type: TypeRef): boolean {
  return !snap.knowsType(type) && snap.completeTypes().length > 0;
}

export function notCollectedMessage(kind: string, command: string): string {
  return `the snapshot was collected without ${kind} objects, so whether they exist cannot be told; add the output of \`${command}\``;
}

/** OSM013/OSM014/OSM016 decide membership from Namespace labels: a snapshot without any Namespace cannot tell. */
export function namespacesMissing(snap: Snapshot): string | undefined {
  return snap.knowsType(R.Namespace) ? undefined : notCollectedMessage('Namespace', 'kubectl get namespaces -o yaml');
}

/** Pods of joined namespaces are judged only when the snapshot holds Pods at all. */
export function podsMissing(snap: Snapshot): string | undefined {
  return snap.knowsType(R.Pod) ? undefined : notCollectedMessage('Pod', 'kubectl get pods -A -o yaml');
}
