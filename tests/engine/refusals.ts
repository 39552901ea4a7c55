// Snapshots as a source would have produced them had one read been refused: the type's objects gone, a
// ReadFailure in their place. One model for the catalog-wide refusal test and the `--check ID` test.
import type { CheckDefinition, LogNeed } from '../../src/checks/define.js';
import { AREA_DEFINITIONS, CHECKS } from '../../src/checks/registry.js';
import { neededLogs } from '../../src/engine/log-needs.js';
import { runChecks } from '../../src/engine/run.js';
import { groupOf } from '../../src/snapshot/objects.js';
import { typeKey } from '../../src/snapshot/resources.js';
import { POD_LOG_TYPE, Snapshot, type ReadFailure, type SnapshotParts, type TypeRef } from '../../src/snapshot/snapshot.js';
import { NOW } from '../helpers/check-harness.js';

export function partsOf(snap: Snapshot): SnapshotParts {
  return {
    objects: [...snap.objects()],
    logs: [...snap.allLogs()],
    azure: [...snap.azureResources],
    azureFailures: [...snap.azureFailures],
    info: snap.info,
    readFailures: [...snap.readFailures],
    completeTypes: [...snap.completeTypes()],
    warnings: [...snap.warnings],
  };
}

const typeOfObject = (o: { apiVersion: string; kind: string }) => typeKey({ group: groupOf(o.apiVersion), kind: o.kind });

/** The snapshot had the list of one type been refused (403), cluster-wide. */
export function refuseType(snap: Snapshot, type: TypeRef & { plural?: string }): Snapshot {
  const p = partsOf(snap);
  const key = typeKey(type);
  return new Snapshot({
    ...p,
    objects: p.objects.filter((o) => typeOfObject(o) !== key),
    completeTypes: p.completeTypes!.filter((t) => typeKey(t) !== key),
    readFailures: [...p.readFailures!, { type: { group: type.group, kind: type.kind, plural: type.plural }, reason: 'forbidden', message: `${type.plural ?? type.kind} is forbidden (test)` }],
  });
}

/** The snapshot had a whole API group's discovery been refused (Gatekeeper constraints). */
export function refuseGroup(snap: Snapshot, group: string): Snapshot {
  const p = partsOf(snap);
  return new Snapshot({
    ...p,
    objects: p.objects.filter((o) => groupOf(o.apiVersion) !== group),
    completeTypes: p.completeTypes!.filter((t) => t.group !== group),
    readFailures: [...p.readFailures!, { type: { group, kind: 'AllKinds', plural: '*' }, reason: 'forbidden', message: `${group} is forbidden (test)` }],
  });
}

/** The snapshot had every log a need names been refused; undefined when the need names no container here. */
export function refuseLogs(snap: Snapshot, need: LogNeed): Snapshot | undefined {
  const needed = neededLogs(need, snap);
  if (needed.length === 0) return undefined;
  const p = partsOf(snap);
  const refused = new Set(needed.map((n) => `${n.pod.metadata.namespace}/${n.pod.metadata.name}/${n.container}`));
  const failures: ReadFailure[] = needed.map((n) => ({ type: { ...POD_LOG_TYPE }, namespace: n.pod.metadata.namespace, name: `${n.pod.metadata.name}/${n.container}`, reason: 'forbidden', message: 'pods "x" is forbidden (test)' }));
  return new Snapshot({ ...p, logs: p.logs!.filter((l) => !refused.has(`${l.namespace}/${l.pod}/${l.container}`)), readFailures: [...p.readFailures!, ...failures] });
}

export function runSelected(snap: Snapshot, ids: Iterable<string>) {
  return runChecks(snap, { checks: CHECKS, areas: AREA_DEFINITIONS, selected: new Set(ids), suppressions: [], failOn: 'fail', now: NOW, target: { kind: 'snapshot', name: 'test' }, version: 'test' });
}

/** Every list read a check depends on: its own and its area's detection. */
export function listReadsOf(check: CheckDefinition) {
  const area = AREA_DEFINITIONS.find((a) => a.id === check.area)!;
  return { own: check.reads.map((r) => r.type), detection: area.detects.map((r) => r.type) };
}
