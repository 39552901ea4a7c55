// Readiness of Deployments, DaemonSets and Pods as `kubectl get` shows it (READY n/m, STATUS), and why not.
import type { KubeObject } from '../../snapshot/objects.js';
import { R } from '../../snapshot/resources.js';
import type { Snapshot } from '../../snapshot/snapshot.js';
import { matchesSelector } from '../../snapshot/selectors.js';

export interface DeploymentReadiness {
  desired: number;
  ready: number;
  available: number;
  updated: number;
  /** `1/1`, as the READY column prints it. */
  readyColumn: string;
  healthy: boolean;
  /** The Available / Progressing condition message when not healthy. */
  reason?: string;
}

export function deploymentReadiness(dep: KubeObject): DeploymentReadiness {
  const desired = num(dep.spec?.replicas, 1);
  const status = dep.status ?? {};
  const ready = num(status.readyReplicas, 0);
  const available = num(status.availableReplicas, 0);
  const updated = num(status.updatedReplicas, 0);
  const conditions: Array<{ type: string; status: string; reason?: string; message?: string }> = objects(status.conditions);
  const availableCond = conditions.find((c) => c.type === 'Available');
  const failing =
    conditions.find((c) => c.type === 'ReplicaFailure' && c.status === 'True') ??
    conditions.find((c) => (c.type === 'Available' || c.type === 'Progressing') && c.status === 'False');
  const healthy = desired > 0 && ready >= desired && available >= desired && availableCond?.status !== 'False';
  return {
    desired,
    ready,
    available,
    updated,
    readyColumn: `${ready}/${desired}`,
    healthy,
    reason: healthy ? undefined : failing?.message ?? (desired === 0 ? 'scaled to 0 replicas' : undefined),
  };
}

export interface DaemonSetReadiness {
  desired: number;
  ready: number;
  available: number;
  healthy: boolean;
  readyColumn: string;
}

export function daemonSetReadiness(ds: KubeObject): DaemonSetReadiness {
  const s = ds.status ?? {};
  const desired = num(s.desiredNumberScheduled, 0);
  const ready = num(s.numberReady, 0);
  // The API omits zero counts: an absent numberAvailable means none. Misscheduled pods do not make it unavailable.
  const available = num(s.numberAvailable, 0);
  return { desired, ready, available, healthy: desired > 0 && ready >= desired && available >= desired, readyColumn: `${ready}/${desired}` };
}

export interface ContainerState {
  name: string;
  ready: boolean;
  restarts: number;
  /** CrashLoopBackOff, ImagePullBackOff, Error, OOMKilled, ContainerCreating, … */
  reason?: string;
  message?: string;
  image?: string;
  lastTerminationReason?: string;
  init: boolean;
}

export interface PodReadiness {
  name: string;
  namespace: string;
  phase: string;
  /** What `kubectl get pods` prints in STATUS: Running, Evicted, CrashLoopBackOff, Pending, Init:0/1, … */
  statusColumn: string;
  ready: number;
  total: number;
  readyColumn: string;
  healthy: boolean;
  restarts: number;
  containers: ContainerState[];
  /** Scheduling failure message for Pending pods (`0/3 nodes are available: 3 Insufficient cpu.`). */
  unschedulableMessage?: string;
  evicted: boolean;
  nodeName?: string;
}

export function podReadiness(pod: KubeObject): PodReadiness {
  const s = pod.status ?? {};
  const specContainers: Array<{ name: string; image?: string }> = objects(pod.spec?.containers);
  const statuses: Array<Record<string, any>> = objects(s.containerStatuses);
  const initStatuses: Array<Record<string, any>> = objects(s.initContainerStatuses);
  const containers = [...initStatuses.map((c) => containerState(c, true)), ...statuses.map((c) => containerState(c, false))];
  const main = containers.filter((c) => !c.init);
  const total = specContainers.length || main.length;
  const ready = main.filter((c) => c.ready).length;
  const phase: string = s.phase ?? 'Unknown';
  const evicted = phase === 'Failed' && s.reason === 'Evicted';
  const podScheduled = objects(s.conditions).find((c: any) => c.type === 'PodScheduled');
  const unschedulableMessage = podScheduled?.status === 'False' ? podScheduled.message ?? podScheduled.reason : undefined;
  const statusColumn = statusColumnOf(pod, containers, phase);
  const podReadyCond = objects(s.conditions).find((c: any) => c.type === 'Ready');
  const healthy = phase === 'Running' && ready === total && total > 0 && podReadyCond?.status !== 'False' && !pod.metadata.deletionTimestamp;
  return {
    name: pod.metadata.name,
    namespace: pod.metadata.namespace ?? '',
    phase,
    statusColumn,
    ready,
    total,
    readyColumn: `${ready}/${total}`,
    healthy,
    restarts: main.reduce((n, c) => n + c.restarts, 0),
    containers,
    unschedulableMessage,
    evicted,
    nodeName: pod.spec?.nodeName,
  };
}

function containerState(c: Record<string, any>, init: boolean): ContainerState {
  const waiting = c.state?.waiting;
  const terminated = c.state?.terminated;
  return {
    name: c.name,
    ready: Boolean(c.ready),
    restarts: num(c.restartCount, 0),
    reason: waiting?.reason ?? terminated?.reason,
    message: waiting?.message ?? terminated?.message,
    image: c.image,
    lastTerminationReason: c.lastState?.terminated?.reason,
    init,
  };
}

/** Mirrors kubectl's printer: pod reason, then init container trouble, then the first waiting/terminated reason. */
function statusColumnOf(pod: KubeObject, containers: ContainerState[], phase: string): string {
  if (pod.metadata.deletionTimestamp) return 'Terminating';
  if (pod.status?.reason) return pod.status.reason;
  const inits = containers.filter((c) => c.init);
  const badInit = inits.find((c) => c.reason && c.reason !== 'Completed');
  if (badInit) return `Init:${badInit.reason}`;
  const main = containers.filter((c) => !c.init);
  const waiting = main.find((c) => c.reason && c.reason !== 'Completed' && !c.ready);
  if (waiting) return waiting.reason!;
  return phase;
}

/** Pods a Deployment/DaemonSet selects in its namespace. */
export function podsOf(snap: Snapshot, workload: KubeObject): KubeObject[] {
  const selector = workload.spec?.selector;
  if (!selector) return [];
  return snap.list(R.Pod, { namespace: workload.metadata.namespace, selector });
}

/** The last lines of a container's log, current instance first, then the previous one when that is all there is. */
export function logTail(snap: Snapshot, pod: KubeObject, container: string, lines = 10): string[] | undefined {
  const ns = pod.metadata.namespace ?? '';
  const text = snap.logs(ns, pod.metadata.name, container) || snap.logs(ns, pod.metadata.name, container, true);
  if (!text) return undefined;
  return text.replace(/\s+$/, '').split('\n').slice(-lines);
}

/** The pod's owning workload name, following ReplicaSet → Deployment by the pod-template-hash naming rule. */
export function ownerWorkload(pod: KubeObject): { kind: string; name: string } | undefined {
  const owners = objects(pod.metadata.ownerReferences).filter((o) => typeof o.name === 'string' && typeof o.kind === 'string');
  const owner = owners.find((o) => o.controller) ?? owners[0];
  if (!owner) return undefined;
  if (owner.kind === 'ReplicaSet') {
    const hash = pod.metadata.labels?.['pod-template-hash'];
    if (hash && owner.name.endsWith('-' + hash)) return { kind: 'Deployment', name: owner.name.slice(0, -hash.length - 1) };
  }
  return { kind: owner.kind, name: owner.name };
}

export function containerImages(obj: KubeObject): string[] {
  const spec = obj.kind === 'Pod' ? obj.spec : obj.spec?.template?.spec;
  return [...objects(spec?.initContainers), ...objects(spec?.containers)].map((c: { image?: unknown }) => (typeof c.image === 'string' ? c.image : '')).filter(Boolean);
}

/** The objects of a list field, tolerating what hand-made snapshots hold instead (null, a scalar, null items). */
export function objects<T = any>(v: unknown): T[] {
  return Array.isArray(v) ? (v.filter((x) => x !== null && typeof x === 'object') as T[]) : [];
}

function num(v: unknown, fallback: number): number {
  const n = typeof v === 'number' ? v : typeof v === 'string' ? Number(v) : NaN;
  return Number.isFinite(n) ? n : fallback;
}
