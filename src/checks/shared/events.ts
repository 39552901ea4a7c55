// Events about one object, in both shapes the API serves: core v1 (`involvedObject`, `message`, `count`)
// and events.k8s.io/v1 (`regarding`, `note`, `series.count`), as `kubectl get events -o yaml` prints them.
import type { KubeObject } from '../../snapshot/objects.js';
import { R } from '../../snapshot/resources.js';
import type { Snapshot } from '../../snapshot/snapshot.js';

export interface ObjectEvent {
  reason: string;
  message: string;
  type: string;
  count: number;
  /** The latest time the event was seen, when the object says. */
  lastSeen?: string;
  event: KubeObject;
}

export const EVENTS_GROUP = 'events.k8s.io';

/** Events whose subject is the named object (kind and name; namespace when given), newest first. */
export function eventsAbout(snap: Snapshot, subject: { kind: string; name: string; namespace?: string }): ObjectEvent[] {
  const all = [...snap.list(R.Event), ...snap.listGroup(EVENTS_GROUP).filter((e) => e.kind === 'Event')];
  const out: ObjectEvent[] = [];
  for (const e of all) {
    const about = e.involvedObject ?? e.regarding;
    if (!about || about.kind !== subject.kind || about.name !== subject.name) continue;
    const ns = about.namespace ?? e.metadata?.namespace;
    if (subject.namespace !== undefined && ns !== undefined && ns !== subject.namespace) continue;
    out.push({
      reason: String(e.reason ?? ''),
      message: String(e.message ?? e.note ?? ''),
      type: String(e.type ?? ''),
      count: Number(e.count ?? e.series?.count ?? e.deprecatedCount ?? 1) || 1,
      lastSeen: e.lastTimestamp ?? e.series?.lastObservedTime ?? e.deprecatedLastTimestamp ?? e.eventTime ?? e.metadata?.creationTimestamp,
      event: e,
    });
  }
  return out.sort((a, b) => String(b.lastSeen ?? '').localeCompare(String(a.lastSeen ?? '')));
}
