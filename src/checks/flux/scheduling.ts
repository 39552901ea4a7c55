// Pods of the Flux namespace the scheduler could not place for lack of CPU or memory, and what each node has left.
import type { KubeObject } from '../../snapshot/objects.js';
import { refOf, refString } from '../../snapshot/objects.js';
import { R } from '../../snapshot/resources.js';
import type { Snapshot } from '../../snapshot/snapshot.js';
import type { Evidence, Finding } from '../define.js';
import { formatCpu, formatMemory, parseQuantity } from '../shared/quantities.js';
import { podReadiness } from '../shared/workloads.js';

export interface NodeCapacity {
  node: string;
  allocatableCpu?: number;
  allocatableMemory?: number;
  requestedCpu: number;
  requestedMemory: number;
}

function podRequests(pod: KubeObject): { cpu: number; memory: number } {
  const containers: Array<{ resources?: { requests?: Record<string, string> } }> = pod.spec?.containers ?? [];
  const sum = (res: string) => containers.reduce((n, c) => n + (parseQuantity(c.resources?.requests?.[res]) ?? 0), 0);
  // An init container runs alone, so the pod needs the larger of it and the sum of the app containers.
  const inits: Array<{ resources?: { requests?: Record<string, string> } }> = pod.spec?.initContainers ?? [];
  const initMax = (res: string) => Math.max(0, ...inits.map((c) => parseQuantity(c.resources?.requests?.[res]) ?? 0));
  return { cpu: Math.max(sum('cpu'), initMax('cpu')), memory: Math.max(sum('memory'), initMax('memory')) };
}

export function nodeCapacities(snap: Snapshot): NodeCapacity[] {
  const pods = snap.list(R.Pod).filter((p) => p.spec?.nodeName && !['Succeeded', 'Failed'].includes(p.status?.phase));
  return snap.list(R.Node).map((n) => {
    const on = pods.filter((p) => p.spec.nodeName === n.metadata.name).map(podRequests);
    return {
      node: n.metadata.name,
      allocatableCpu: parseQuantity(n.status?.allocatable?.cpu),
      allocatableMemory: parseQuantity(n.status?.allocatable?.memory),
      requestedCpu: on.reduce((s, r) => s + r.cpu, 0),
      requestedMemory: on.reduce((s, r) => s + r.memory, 0),
    };
  });
}

const MAX_NODES_SHOWN = 10;

export function schedulingFindings(snap: Snapshot, namespace: string): Finding[] {
  const pending = snap.list(R.Pod, { namespace }).filter((p) => {
    const r = podReadiness(p);
    return r.phase === 'Pending' && /Insufficient (cpu|memory)/i.test(r.unschedulableMessage ?? '');
  });
  if (pending.length === 0) return [];
  // On a large cluster the nodes closest to fitting the pod say enough.
  const capacity = nodeCapacities(snap)
    .sort((a, b) => (b.allocatableCpu ?? 0) - b.requestedCpu - ((a.allocatableCpu ?? 0) - a.requestedCpu))
    .slice(0, MAX_NODES_SHOWN);
  const nodeEvidence: Evidence[] = capacity.map((c) => ({
    ref: `v1/Node ${c.node}`,
    path: 'status.allocatable vs requests of its pods',
    observed: `cpu ${fmt(c.requestedCpu, formatCpu)} requested of ${c.allocatableCpu === undefined ? '?' : fmt(c.allocatableCpu, formatCpu)}; memory ${fmt(c.requestedMemory, formatMemory)} of ${c.allocatableMemory === undefined ? '?' : fmt(c.allocatableMemory, formatMemory)}`,
  }));
  return pending.map((pod) => {
    const r = podReadiness(pod);
    const need = podRequests(pod);
    return {
      status: 'fail' as const,
      object: refOf(pod),
      message: `pod ${pod.metadata.name} cannot be scheduled (needs cpu ${fmt(need.cpu, formatCpu)}, memory ${fmt(need.memory, formatMemory)}): ${r.unschedulableMessage}`,
      evidence: [{ ref: refString(pod), path: 'status.conditions[PodScheduled].message', observed: r.unschedulableMessage, expected: 'scheduled' }, ...nodeEvidence],
      commands: [`kubectl describe nodes | grep -A 8 "Allocated resources"`, `kubectl describe pod ${pod.metadata.name} -n ${namespace}`],
    };
  });
}

function fmt(v: number, f: (n: number) => string): string {
  // Round to whole millicores / bytes so sums of decimal parses print cleanly.
  return f === formatCpu ? formatCpu(Math.round(v * 1000) / 1000) : formatMemory(Math.round(v));
}
