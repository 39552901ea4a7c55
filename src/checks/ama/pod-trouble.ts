// Why an AMA pod is not ready, in the words `kubectl get/describe/logs` would give: status, failing
// containers, scheduling message, the node it sits on, and the last log lines of the container that fails.
import type { Evidence } from '../define.js';
import { refString, type KubeObject } from '../../snapshot/objects.js';
import { R } from '../../snapshot/resources.js';
import type { Snapshot } from '../../snapshot/snapshot.js';
import { eventsAbout } from '../shared/events.js';
import { logTail, objects, podReadiness, type ContainerState } from '../shared/workloads.js';

export interface PodTrouble {
  pod: KubeObject;
  /** One line: `ama-logs-rs-6d9c-x2x (node n1) CrashLoopBackOff: addon-token-adapter CrashLoopBackOff, 14 restarts`. */
  summary: string;
  evidence: Evidence[];
  commands: string[];
  /** Starting or shutting down within the grace period (a rollout, a new node): not yet a failure. */
  transitional: boolean;
}

/** How long a pod may take to start, or to terminate, before it counts as stuck. */
export const STARTUP_GRACE_MINUTES = 10;

const BAD_WAITING = new Set(['CrashLoopBackOff', 'ImagePullBackOff', 'ErrImagePull', 'CreateContainerConfigError', 'CreateContainerError', 'RunContainerError', 'InvalidImageName', 'Error']);
const STARTING = new Set(['ContainerCreating', 'PodInitializing']);
/** Pod events that mean "stuck", even within the grace period. */
const STUCK_EVENTS = new Set(['FailedMount', 'FailedAttachVolume', 'FailedCreatePodSandBox', 'FailedScheduling', 'Failed', 'BackOff']);

/** The unhealthy pods among `pods`, each explained; Evicted pods beside a healthy replacement are history, not trouble. */
export function troubledPods(snap: Snapshot, pods: KubeObject[], now: Date): PodTrouble[] {
  return pods.filter((p) => !podReadiness(p).healthy && !podReadiness(p).evicted && podReadiness(p).phase !== 'Succeeded').map((p) => explainPod(snap, p, now));
}

export function explainPod(snap: Snapshot, pod: KubeObject, now: Date): PodTrouble {
  const r = podReadiness(pod);
  const ns = pod.metadata.namespace ?? '';
  const where = r.nodeName ? ` (node ${r.nodeName})` : '';
  // A container still being created is in the STATUS column already; listing it would read like a failure.
  const failing = r.containers.filter((c) => isFailing(c) && !STARTING.has(c.reason ?? ''));
  const parts: string[] = [];
  const evidence: Evidence[] = [{ ref: refString(pod), path: 'status', observed: `${r.statusColumn}, READY ${r.readyColumn}, ${r.restarts} restarts`, expected: 'Running, all containers ready' }];
  const commands = [`kubectl -n ${ns} describe pod ${pod.metadata.name}`];
  const node = r.nodeName ? snap.get(R.Node, undefined, r.nodeName) : undefined;
  const nodeDown = node ? nodeNotReady(node) : undefined;
  if (node && nodeDown) {
    parts.push(`node ${r.nodeName} is ${nodeDown}`);
    evidence.push({ ref: refString(node), path: 'status.conditions[Ready]', observed: nodeDown, expected: 'True' });
    commands.push(`kubectl describe node ${r.nodeName}`);
  }
  if (r.unschedulableMessage) {
    parts.push(`not scheduled: ${r.unschedulableMessage}`);
    evidence.push({ ref: refString(pod), path: 'status.conditions[PodScheduled].message', observed: r.unschedulableMessage });
  }
  for (const c of failing) parts.push(containerLine(c));
  for (const c of failing) {
    const tail = logTail(snap, pod, c.name, 5);
    if (tail) evidence.push({ ref: refString(pod), path: `logs/${c.name}`, observed: tail.join('\n') });
    if (c.restarts > 0 || c.reason === 'CrashLoopBackOff') commands.push(`kubectl -n ${ns} logs ${pod.metadata.name} -c ${c.name} --previous`);
    else if (!STARTING.has(c.reason ?? '')) commands.push(`kubectl -n ${ns} logs ${pod.metadata.name} -c ${c.name}`);
  }
  const transitional = !nodeDown && isTransitional(snap, pod, now);
  const detail = parts.length ? `: ${parts.join('; ')}` : '';
  return { pod, summary: `${pod.metadata.name}${where} ${r.statusColumn}${detail}`, evidence, commands, transitional };
}

/** `NotReady (Kubelet stopped posting node status.)`, or undefined for a Ready node. */
export function nodeNotReady(node: KubeObject): string | undefined {
  const ready = objects(node.status?.conditions).find((c: { type?: string }) => c.type === 'Ready');
  if (!ready || ready.status === 'True') return undefined;
  const state = ready.status === 'Unknown' ? 'NotReady (status Unknown)' : 'NotReady';
  return ready.message ? `${state}: ${ready.message}` : state;
}

/**
 * A pod that is only being created (ContainerCreating, PodInitializing, scheduled and waiting) or deleted, no
 * restarts, and younger than the grace period: what a rolling update or a new node looks like for a few minutes.
 */
function isTransitional(snap: Snapshot, pod: KubeObject, now: Date): boolean {
  const r = podReadiness(pod);
  if (r.unschedulableMessage || r.restarts > 0) return false;
  const since = pod.metadata.deletionTimestamp ?? pod.metadata.creationTimestamp ?? pod.status?.startTime;
  if (typeof since === 'string' && now.getTime() - new Date(since).getTime() > STARTUP_GRACE_MINUTES * 60_000) return false;
  const stuck = eventsAbout(snap, { kind: 'Pod', name: pod.metadata.name, namespace: pod.metadata.namespace }).some((e) => e.type === 'Warning' && STUCK_EVENTS.has(e.reason));
  if (stuck) return false;
  if (pod.metadata.deletionTimestamp) return true;
  const main = r.containers.filter((c) => !c.init);
  const initOk = r.containers.filter((c) => c.init).every((c) => !c.reason || c.reason === 'Completed' || c.reason === 'PodInitializing' || c.ready);
  return initOk && ['Pending', 'Running'].includes(r.phase) && main.every((c) => c.ready || STARTING.has(c.reason ?? '') || (!c.reason && c.restarts === 0));
}

/** A container that is not doing its job now, or keeps dying. */
export function isFailing(c: ContainerState): boolean {
  if (c.init) return Boolean(c.reason && c.reason !== 'Completed');
  if (c.reason && BAD_WAITING.has(c.reason)) return true;
  if (c.reason === 'OOMKilled') return true;
  return !c.ready;
}

/** Failing for a reason of its own: crashing, erroring, or not ready after restarts; merely starting is not. */
export function isBroken(c: ContainerState): boolean {
  if (c.ready) return false;
  if (c.reason && STARTING.has(c.reason)) return false;
  return isFailing(c) && (Boolean(c.reason) || c.restarts > 0 || Boolean(c.lastTerminationReason));
}

function containerLine(c: ContainerState): string {
  const why = c.reason ?? 'not ready';
  const restarts = c.restarts ? `, ${c.restarts} restarts` : '';
  const last = c.lastTerminationReason && c.lastTerminationReason !== c.reason ? `, last exit ${c.lastTerminationReason}` : '';
  const image = c.reason === 'ImagePullBackOff' || c.reason === 'ErrImagePull' ? ` (image ${c.image})` : '';
  // kubelet's back-off text only repeats the pod name; other waiting messages (config errors, pull errors) explain.
  const msg = c.message && c.reason !== 'CrashLoopBackOff' ? ` — ${c.message.split('\n')[0].slice(0, 200)}` : '';
  return `${c.name} ${why}${restarts}${last}${image}${msg}`;
}
