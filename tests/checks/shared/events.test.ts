// eventsAbout on both Event shapes the API serves: core v1 (kubectl get events -o yaml) and events.k8s.io/v1.
import { describe, expect, it } from 'vitest';
import { eventsAbout } from '../../../src/checks/shared/events.js';
import { snapshotOf, yamlObjects } from '../../helpers/check-harness.js';

const objs = yamlObjects(`
apiVersion: v1
kind: Event
metadata: {name: ama-logs.1, namespace: kube-system, creationTimestamp: "2026-11-26T10:00:00Z"}
involvedObject: {apiVersion: apps/v1, kind: DaemonSet, name: ama-logs, namespace: kube-system}
reason: FailedCreate
type: Warning
message: 'Error creating: pods "ama-logs-" is forbidden: violates PodSecurity "baseline:latest": privileged'
count: 12
firstTimestamp: "2026-11-26T09:00:00Z"
lastTimestamp: "2026-11-26T11:00:00Z"
---
apiVersion: events.k8s.io/v1
kind: Event
metadata: {name: ama-logs.2, namespace: kube-system, creationTimestamp: "2026-11-26T08:00:00Z"}
regarding: {apiVersion: apps/v1, kind: DaemonSet, name: ama-logs, namespace: kube-system}
reason: SuccessfulCreate
type: Normal
note: 'Created pod: ama-logs-x2k9p'
eventTime: "2026-11-26T08:00:00.000000Z"
series: {count: 3, lastObservedTime: "2026-11-26T11:30:00.000000Z"}
---
apiVersion: events.k8s.io/v1
kind: Event
metadata: {name: ama-logs.3, namespace: kube-system}
regarding: {apiVersion: apps/v1, kind: DaemonSet, name: ama-logs}
reason: Old
deprecatedCount: 4
deprecatedLastTimestamp: "2026-11-26T07:00:00Z"
---
apiVersion: events.k8s.io/v1
kind: Event
metadata: {name: ama-logs.4, namespace: kube-system}
regarding: {apiVersion: apps/v1, kind: DaemonSet, name: ama-logs, namespace: kube-system}
eventTime: "2026-11-26T06:00:00.000000Z"
deprecatedCount: 0
---
apiVersion: events.k8s.io/v1
kind: Event
metadata: {name: ama-logs.5, namespace: kube-system, creationTimestamp: "2026-11-26T05:00:00Z"}
regarding: {apiVersion: apps/v1, kind: DaemonSet, name: ama-logs, namespace: kube-system}
reason: Created
---
apiVersion: v1
kind: Event
metadata: {name: other-ns, namespace: default}
involvedObject: {apiVersion: apps/v1, kind: DaemonSet, name: ama-logs, namespace: default}
reason: Elsewhere
---
apiVersion: v1
kind: Event
metadata: {name: other-kind, namespace: kube-system}
involvedObject: {apiVersion: apps/v1, kind: Deployment, name: ama-logs, namespace: kube-system}
reason: OtherKind
---
apiVersion: v1
kind: Event
metadata: {name: other-name, namespace: kube-system}
involvedObject: {apiVersion: apps/v1, kind: DaemonSet, name: ama-logs-windows, namespace: kube-system}
reason: OtherName
---
apiVersion: v1
kind: Event
metadata: {name: no-subject, namespace: kube-system}
reason: NoSubject
---
apiVersion: events.k8s.io/v1
kind: EventList
metadata: {name: not-an-event}
regarding: {apiVersion: apps/v1, kind: DaemonSet, name: ama-logs, namespace: kube-system}
reason: NotAnEvent
`);

describe('eventsAbout', () => {
  const snap = snapshotOf(objs);

  it('both shapes, newest first, with the reason, message, type, count and last-seen time each one gives', () => {
    const events = eventsAbout(snap, { kind: 'DaemonSet', name: 'ama-logs', namespace: 'kube-system' });
    expect(events.map(({ event, ...rest }) => ({ name: event.metadata.name, ...rest }))).toEqual([
      { name: 'ama-logs.2', reason: 'SuccessfulCreate', message: 'Created pod: ama-logs-x2k9p', type: 'Normal', count: 3, lastSeen: '2026-11-26T11:30:00.000000Z' },
      { name: 'ama-logs.1', reason: 'FailedCreate', message: 'Error creating: pods "ama-logs-" is forbidden: violates PodSecurity "baseline:latest": privileged', type: 'Warning', count: 12, lastSeen: '2026-11-26T11:00:00Z' },
      { name: 'ama-logs.3', reason: 'Old', message: '', type: '', count: 4, lastSeen: '2026-11-26T07:00:00Z' },
      { name: 'ama-logs.4', reason: '', message: '', type: '', count: 1, lastSeen: '2026-11-26T06:00:00.000000Z' },
      { name: 'ama-logs.5', reason: 'Created', message: '', type: '', count: 1, lastSeen: '2026-11-26T05:00:00Z' },
    ]);
  });

  it('an Event with no time at all sorts last', () => {
    const [e] = yamlObjects(`apiVersion: v1
kind: Event
metadata: {name: timeless, namespace: kube-system}
involvedObject: {kind: DaemonSet, name: ama-logs, namespace: kube-system}
reason: Timeless`);
    const events = eventsAbout(snapshotOf([e, ...objs]), { kind: 'DaemonSet', name: 'ama-logs', namespace: 'kube-system' });
    expect(events.map((x) => x.reason)).toEqual(['SuccessfulCreate', 'FailedCreate', 'Old', '', 'Created', 'Timeless']);
    expect(events[5].lastSeen).toBeUndefined();
  });

  it('without a namespace: the same kind and name in every namespace', () => {
    const reasons = eventsAbout(snap, { kind: 'DaemonSet', name: 'ama-logs' }).map((e) => e.reason);
    expect(reasons.sort()).toEqual(['', 'Created', 'Elsewhere', 'FailedCreate', 'Old', 'SuccessfulCreate']);
  });

  it('another namespace sees only its own', () => {
    expect(eventsAbout(snap, { kind: 'DaemonSet', name: 'ama-logs', namespace: 'default' }).map((e) => e.reason)).toEqual(['Elsewhere']);
  });

  it('an Event that names neither namespace counts for any namespace asked', () => {
    const [e] = yamlObjects(`apiVersion: v1
kind: Event
metadata: {name: bare}
involvedObject: {kind: Node, name: aks-nodepool1-28470317-vmss000000}
reason: NodeNotReady`);
    expect(eventsAbout(snapshotOf([e]), { kind: 'Node', name: 'aks-nodepool1-28470317-vmss000000', namespace: 'default' }).map((x) => x.reason)).toEqual(['NodeNotReady']);
  });

  it('none when no Event is about the object', () => {
    expect(eventsAbout(snap, { kind: 'DaemonSet', name: 'ama-logs-rs' })).toEqual([]);
  });
});
