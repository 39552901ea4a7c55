// Healthy OSM control planes (rendered from the real charts) and small, named changes to them, for OSM001–OSM008 cases.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { clone, fixtureObjects, snapshotOf, type ContainerLog, type KubeObject } from '../../helpers/check-harness.js';
import type { Snapshot } from '../../../src/snapshot/snapshot.js';

export const NS = 'arc-osm-system';
const dir = (p: string) => fileURLToPath(new URL(`../../fixtures/osm/${p}`, import.meta.url));

const cache = new Map<string, KubeObject[]>();
/** `healthy-v1.2`, `healthy-v1.1`, `healthy-v1.0`, `guide-healthy`: a fresh copy each call. */
export function base(name = 'healthy-v1.2'): KubeObject[] {
  if (!cache.has(name)) cache.set(name, fixtureObjects(dir(name)));
  return clone(cache.get(name)!);
}

export function logFixture(name: string): string {
  return readFileSync(dir(`logs/${name}`), 'utf8');
}

export function find(objects: KubeObject[], kind: string, name: string): KubeObject {
  const o = objects.find((x) => x.kind === kind && x.metadata.name === name && (kind === 'Namespace' || x.metadata.namespace === NS));
  if (!o) throw new Error(`fixture has no ${kind} ${name}`);
  return o;
}

export function podOf(objects: KubeObject[], app: string): KubeObject {
  const o = objects.find((x) => x.kind === 'Pod' && x.metadata.labels?.app === app && x.status?.phase === 'Running');
  if (!o) throw new Error(`fixture has no running pod of ${app}`);
  return o;
}

export function without(objects: KubeObject[], kind: string, name?: string): KubeObject[] {
  return objects.filter((x) => !(x.kind === kind && (name === undefined || x.metadata.name === name)));
}

/** A change to a copy of the base, then the snapshot (with logs, if any). */
export function changed(edit: (objects: KubeObject[]) => KubeObject[] | void, opts: { base?: string; logs?: ContainerLog[] } = {}): Snapshot {
  const objects = base(opts.base);
  const result = edit(objects) ?? objects;
  return snapshotOf(result, { logs: opts.logs });
}

/** The pod as the kubelet reports a container that keeps crashing. */
export function crashLoop(pod: KubeObject, container: string, restarts = 4, lastReason = 'Error'): void {
  pod.status.conditions = pod.status.conditions.map((c: { type: string }) => (c.type === 'Ready' || c.type === 'ContainersReady' ? { ...c, status: 'False', reason: 'ContainersNotReady', message: `containers with unready status: [${container}]` } : c));
  const cs = pod.status.containerStatuses.find((c: { name: string }) => c.name === container);
  cs.ready = false;
  cs.started = false;
  cs.restartCount = restarts;
  cs.state = { waiting: { reason: 'CrashLoopBackOff', message: `back-off 1m20s restarting failed container=${container} pod=${pod.metadata.name}_${NS}(${pod.metadata.uid})` } };
  cs.lastState = { terminated: { exitCode: lastReason === 'OOMKilled' ? 137 : 1, reason: lastReason, startedAt: '2026-11-26T11:52:40Z', finishedAt: '2026-11-26T11:52:41Z' } };
}

/** The Deployment status once its only replica is not ready. */
export function unavailable(dep: KubeObject): void {
  dep.status.readyReplicas = undefined;
  dep.status.availableReplicas = undefined;
  dep.status.unavailableReplicas = 1;
  dep.status.conditions = [
    { type: 'Available', status: 'False', reason: 'MinimumReplicasUnavailable', message: 'Deployment does not have minimum availability.' },
    { type: 'Progressing', status: 'True', reason: 'NewReplicaSetAvailable', message: `ReplicaSet "${dep.metadata.name}" has successfully progressed.` },
  ];
}

/** Endpoints once the only pod is not ready: its address moves to notReadyAddresses. */
export function notReadyEndpoints(ep: KubeObject): void {
  for (const s of ep.subsets) {
    s.notReadyAddresses = s.addresses;
    delete s.addresses;
  }
}

export function logOf(pod: KubeObject, container: string, text: string, previous = false): ContainerLog {
  return { namespace: NS, pod: pod.metadata.name, container, previous, text };
}
