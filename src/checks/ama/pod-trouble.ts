// Why an AMA pod is not ready, in the words `kubectl get/describe/logs` would give: status, failing
// containers, scheduling message, and the last log lines of the container that fails.
import type { Evidence } from '../define.js';
import { refString, type KubeObject } from '../../snapshot/objects.js';
import type { Snapshot } from '../../snapshot/snapshot.js';
import { logTail, podReadiness, type ContainerState } from '../shared/workloads.js';

export interface PodTrouble {
  pod: KubeObject;
  /** One line: `ama-logs-rs-6d9c-x2x (node n1) CrashLoopBackOff: addon-token-adapter CrashLoopBackOff, 14 restarts`. */
  summary: string;
  evidence: Evidence[];
  commands: string[];
}

const BAD_WAITING = new Set(['CrashLoopBackOff', 'ImagePullBackOff', 'ErrImagePull', 'CreateContainerConfigError', 'CreateContainerError', 'RunContainerError', 'InvalidImageName', 'Error']);

/** The unhealthy pods among `pods`, each explained; Evicted pods beside a healthy replacement are history, not trouble. */
export function troubledPods(snap: Snapshot, pods: KubeObject[]): PodTrouble[] {
  return pods.filter((p) => !podReadiness(p).healthy && !podReadiness(p).evicted).map((p) => explainPod(snap, p));
}

export function explainPod(snap: Snapshot, pod: KubeObject): PodTrouble {
  const r = podReadiness(pod);
  const ns = pod.metadata.namespace ?? '';
  const where = r.nodeName ? ` (node ${r.nodeName})` : '';
  const failing = r.containers.filter((c) => isFailing(c));
  const parts: string[] = [];
  if (r.unschedulableMessage) parts.push(`not scheduled: ${r.unschedulableMessage}`);
  for (const c of failing) parts.push(containerLine(c));
  const evidence: Evidence[] = [{ ref: refString(pod), path: 'status', observed: `${r.statusColumn}, READY ${r.readyColumn}, ${r.restarts} restarts`, expected: 'Running, all containers ready' }];
  if (r.unschedulableMessage) evidence.push({ ref: refString(pod), path: 'status.conditions[PodScheduled].message', observed: r.unschedulableMessage });
  const commands = [`kubectl -n ${ns} describe pod ${pod.metadata.name}`];
  for (const c of failing) {
    const tail = logTail(snap, pod, c.name, 5);
    if (tail) evidence.push({ ref: refString(pod), path: `logs/${c.name}`, observed: tail.join('\n') });
    if (c.restarts > 0 || c.reason === 'CrashLoopBackOff') commands.push(`kubectl -n ${ns} logs ${pod.metadata.name} -c ${c.name} --previous`);
    else commands.push(`kubectl -n ${ns} logs ${pod.metadata.name} -c ${c.name}`);
  }
  const detail = parts.length ? `: ${parts.join('; ')}` : '';
  return { pod, summary: `${pod.metadata.name}${where} ${r.statusColumn}${detail}`, evidence, commands };
}

/** A container that is not doing its job now, or keeps dying. */
export function isFailing(c: ContainerState): boolean {
  if (c.init) return Boolean(c.reason && c.reason !== 'Completed');
  if (c.reason && BAD_WAITING.has(c.reason)) return true;
  if (c.reason === 'OOMKilled') return true;
  return !c.ready;
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
