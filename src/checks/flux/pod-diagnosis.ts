// Why a Flux controller's pod is not running, in the words kubectl would use, with the evidence that explains it.
import type { KubeObject } from '../../snapshot/objects.js';
import { refString } from '../../snapshot/objects.js';
import type { Snapshot } from '../../snapshot/snapshot.js';
import type { Evidence } from '../define.js';
import { podReadiness, type ContainerState } from '../shared/workloads.js';

export interface PodDiagnosis {
  summary: string;
  evidence: Evidence[];
  /** What to look at or change next, for this reason. */
  hint: string;
}

const PULL_REASONS = new Set(['ImagePullBackOff', 'ErrImagePull', 'InvalidImageName', 'ErrImageNeverPull']);

export function diagnosePod(snap: Snapshot, pod: KubeObject, lines = 5): PodDiagnosis {
  const r = podReadiness(pod);
  const ref = refString(pod);
  if (r.phase === 'Pending' && r.unschedulableMessage) {
    return {
      summary: `pod ${r.name} is Pending: ${r.unschedulableMessage}`,
      evidence: [{ ref, path: 'status.conditions[PodScheduled].message', observed: r.unschedulableMessage, expected: 'scheduled on a node' }],
      hint: /Insufficient (cpu|memory)/i.test(r.unschedulableMessage) ? 'add node capacity or free CPU/memory (see FLUX006)' : 'fix what keeps the scheduler from placing it (taints, node selectors, capacity)',
    };
  }
  const pulling = r.containers.find((c) => c.reason && PULL_REASONS.has(c.reason));
  if (pulling) {
    const image = pulling.image ?? imageOf(pod, pulling.name);
    return {
      summary: `pod ${r.name} container ${pulling.name}: ${pulling.reason} for image ${image}`,
      evidence: [{ ref, path: `status.containerStatuses[${pulling.name}].state.waiting`, observed: `${pulling.reason}${pulling.message ? ': ' + pulling.message : ''}`, expected: `image ${image} pulled` }],
      hint: `check that the nodes can reach the registry of ${image} (egress to mcr.microsoft.com / ghcr.io, proxy, pull secrets)`,
    };
  }
  const crashing = r.containers.find((c) => c.reason === 'CrashLoopBackOff' || c.reason === 'Error' || c.reason === 'OOMKilled' || (c.restarts > 0 && !c.ready && c.lastTerminationReason));
  if (crashing) return crashDiagnosis(snap, pod, crashing, ref, r.name, lines);
  return {
    summary: `pod ${r.name} is ${r.statusColumn} (${r.readyColumn} ready)`,
    evidence: [{ ref, path: 'status', observed: `${r.statusColumn}, ${r.readyColumn} containers ready`, expected: 'Running, all containers ready' }],
    hint: `kubectl describe pod shows what it waits for`,
  };
}

/**
 * A pod that will not become ready without a change: unschedulable, unable to pull, or crash-looping. Transient states
 * of a normal rollout (ContainerCreating, a first restart, Terminating) are not.
 */
export function isStuck(pod: KubeObject): boolean {
  const r = podReadiness(pod);
  if (r.healthy || r.evicted || r.statusColumn === 'Terminating' || r.phase === 'Succeeded' || r.phase === 'Failed') return false;
  if (r.phase === 'Pending' && r.unschedulableMessage) return true;
  return r.containers.some((c) => !c.ready && c.reason !== undefined && (PULL_REASONS.has(c.reason) || c.reason === 'CrashLoopBackOff' || c.reason === 'CreateContainerConfigError'));
}

function crashDiagnosis(snap: Snapshot, pod: KubeObject, c: ContainerState, ref: string, name: string, lines: number): PodDiagnosis {
  const ns = pod.metadata.namespace ?? '';
  // The instance that crashed is the previous one; the current one may not have logged yet.
  const text = snap.logs(ns, name, c.name, true) || snap.logs(ns, name, c.name);
  const tail = text ? text.replace(/\s+$/, '').split('\n').slice(-lines) : undefined;
  const why = c.reason === 'CrashLoopBackOff' ? `CrashLoopBackOff (${c.restarts} restarts${c.lastTerminationReason ? ', last exit ' + c.lastTerminationReason : ''})` : `${c.reason ?? c.lastTerminationReason} (${c.restarts} restarts)`;
  const evidence: Evidence[] = [{ ref, path: `status.containerStatuses[${c.name}]`, observed: why, expected: 'running and ready' }];
  if (tail) evidence.push({ ref, path: `logs ${c.name}`, observed: tail.join('\n') });
  return {
    summary: `pod ${name} container ${c.name}: ${why}${tail ? `; last log: ${tail[tail.length - 1].slice(0, 200)}` : ''}`,
    evidence,
    hint: c.lastTerminationReason === 'OOMKilled' || c.reason === 'OOMKilled' ? 'the container ran out of memory: raise its memory limit' : `read the container's previous logs for the cause`,
  };
}

function imageOf(pod: KubeObject, container: string): string {
  const c = (pod.spec?.containers ?? []).find((x: { name: string }) => x.name === container);
  return c?.image ?? '(unknown image)';
}
