// schedulingFindings, nodeCapacities and the guide's container table (requirements.ts) on the healthy fixture's
// AKS nodes (3860m / 12880520Ki allocatable) and pods, with one controller made Pending.
import { describe, expect, it } from 'vitest';
import { FLUX_CONTAINER_REQUIREMENTS, fluxContainers, requirementFor } from '../../../src/checks/flux/requirements.js';
import { nodeCapacities, schedulingFindings } from '../../../src/checks/flux/scheduling.js';
import { snapshotOf, type KubeObject } from '../../helpers/check-harness.js';
import { find, healthy } from './fixtures.js';

const NODE0 = 'aks-nodepool1-28470317-vmss000000';
const NODE1 = 'aks-nodepool1-28470317-vmss000001';

function pendingHelm(objs: KubeObject[], message = '0/2 nodes are available: 2 Insufficient memory.'): KubeObject {
  const pod = find(objs, 'Pod', 'helm-controller');
  pod.spec.nodeName = undefined;
  pod.status = { phase: 'Pending', conditions: [{ type: 'PodScheduled', status: 'False', reason: 'Unschedulable', message }] };
  return pod;
}

function node(name: string, cpu?: string, memory?: string): KubeObject {
  return { apiVersion: 'v1', kind: 'Node', metadata: { name }, status: { allocatable: { ...(cpu ? { cpu } : {}), ...(memory ? { memory } : {}), pods: '110' } } };
}

describe('nodeCapacities', () => {
  it('sums the requests of the pods bound to each node, skipping finished pods, taking an init container alone', () => {
    const objs = healthy();
    objs.push(
      { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'done', namespace: 'default' }, spec: { nodeName: NODE0, containers: [{ name: 'c', resources: { requests: { cpu: '1', memory: '1Gi' } } }] }, status: { phase: 'Succeeded' } },
      { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'failed', namespace: 'default' }, spec: { nodeName: NODE0, containers: [{ name: 'c', resources: { requests: { cpu: '1' } } }] }, status: { phase: 'Failed' } },
      { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'init-heavy', namespace: 'default' }, spec: { nodeName: NODE1, initContainers: [{ name: 'i', resources: { requests: { cpu: '500m', memory: '16Mi' } } }, { name: 'j' }], containers: [{ name: 'c', resources: { requests: { cpu: '100m', memory: '64Mi' } } }, { name: 'd' }] }, status: { phase: 'Running' } },
      { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'unbound', namespace: 'default' }, spec: { containers: [{ name: 'c', resources: { requests: { cpu: '2' } } }] }, status: { phase: 'Pending' } },
    );
    objs.push(node('virtual-node-aci-linux'));
    expect(nodeCapacities(snapshotOf(objs))).toEqual([
      { node: NODE0, allocatableCpu: 3.86, allocatableMemory: 12880520 * 1024, requestedCpu: 0.05 + 0.1 + 0.005 + 0.005, requestedMemory: (64 + 64 + 30 + 30) * 1024 ** 2 },
      { node: NODE1, allocatableCpu: 3.86, allocatableMemory: 12880520 * 1024, requestedCpu: 0.1 + 0.1 + 0.005 + 0.005 + 0.5, requestedMemory: (64 + 64 + 30 + 30 + 64) * 1024 ** 2 },
      { node: 'virtual-node-aci-linux', allocatableCpu: undefined, allocatableMemory: undefined, requestedCpu: 0, requestedMemory: 0 },
    ]);
  });
});

describe('schedulingFindings', () => {
  it('none when no pod of the namespace is Pending for CPU or memory', () => {
    const objs = healthy();
    pendingHelm(objs, "0/2 nodes are available: 2 node(s) didn't match Pod's node affinity/selector.");
    expect(schedulingFindings(snapshotOf(objs), 'flux-system')).toEqual([]);
    const other = healthy();
    const p = pendingHelm(other);
    p.metadata.namespace = 'apps';
    expect(schedulingFindings(snapshotOf(other), 'flux-system')).toEqual([]);
    const running = healthy();
    pendingHelm(running).status.phase = 'Running';
    expect(schedulingFindings(snapshotOf(running), 'flux-system')).toEqual([]);
  });

  it('a Pending pod: what it needs, the scheduler message, each node’s requests vs allocatable, the commands', () => {
    const objs = healthy();
    const pod = pendingHelm(objs);
    expect(schedulingFindings(snapshotOf(objs), 'flux-system')).toEqual([
      {
        status: 'fail',
        object: { apiVersion: 'v1', kind: 'Pod', namespace: 'flux-system', name: pod.metadata.name },
        message: `pod ${pod.metadata.name} cannot be scheduled (needs cpu 100m, memory 64Mi): 0/2 nodes are available: 2 Insufficient memory.`,
        evidence: [
          { ref: `v1/Pod flux-system/${pod.metadata.name}`, path: 'status.conditions[PodScheduled].message', observed: '0/2 nodes are available: 2 Insufficient memory.', expected: 'scheduled' },
          { ref: `v1/Node ${NODE0}`, path: 'status.allocatable vs requests of its pods', observed: 'cpu 60m requested of 3860m; memory 124Mi of 12880520Ki' },
          { ref: `v1/Node ${NODE1}`, path: 'status.allocatable vs requests of its pods', observed: 'cpu 210m requested of 3860m; memory 188Mi of 12880520Ki' },
        ],
        commands: ['kubectl describe nodes | grep -A 8 "Allocated resources"', `kubectl describe pod ${pod.metadata.name} -n flux-system`],
      },
    ]);
  });

  it('case-insensitive Insufficient; whole cores and rounded sums print cleanly; unknown allocatable prints ?', () => {
    const objs = healthy().filter((o) => o.kind !== 'Node');
    const pod = pendingHelm(objs, '0/1 nodes are available: 1 insufficient cpu.');
    pod.spec.containers = ['700m', '200m', '100m'].map((cpu, i) => ({ name: `c${i}`, resources: { requests: { cpu, memory: ['0.1Mi', '0.2Mi', '0.7Mi'][i] } } }));
    objs.push(node('virtual-node-aci-linux'));
    const [f] = schedulingFindings(snapshotOf(objs), 'flux-system');
    expect(f.message).toBe(`pod ${pod.metadata.name} cannot be scheduled (needs cpu 1, memory 1Mi): 0/1 nodes are available: 1 insufficient cpu.`);
    expect(f.evidence?.[1]).toEqual({ ref: 'v1/Node virtual-node-aci-linux', path: 'status.allocatable vs requests of its pods', observed: 'cpu 0 requested of ?; memory 0 of ?' });
  });

  it('the ten nodes with the most free CPU, most first; one finding per Pending pod sharing that table', () => {
    const objs = healthy().filter((o) => o.kind !== 'Node');
    pendingHelm(objs);
    const kustomize = find(objs, 'Pod', 'kustomize-controller');
    kustomize.spec.nodeName = undefined;
    kustomize.status = { phase: 'Pending', conditions: [{ type: 'PodScheduled', status: 'False', reason: 'Unschedulable', message: '0/12 nodes are available: 12 Insufficient cpu.' }] };
    const sizes = [2, 8, 4, 1, 12, 6, 3, 10, 5, 7, 9, 11];
    objs.push(...sizes.map((cpu, i) => node(`n${i}`, String(cpu), '8Gi')), node('nocpu', undefined, '8Gi'));
    const findings = schedulingFindings(snapshotOf(objs), 'flux-system');
    expect(findings).toHaveLength(2);
    const shown = (f: (typeof findings)[number]) => f.evidence?.slice(1).map((e) => e.ref);
    const expected = [...sizes.keys()].sort((a, b) => sizes[b] - sizes[a]).slice(0, 10).map((i) => `v1/Node n${i}`);
    expect(shown(findings[0])).toEqual(expected);
    expect(shown(findings[1])).toEqual(expected);
    expect(findings[0].message).toBe(`pod ${kustomize.metadata.name} cannot be scheduled (needs cpu 100m, memory 64Mi): 0/12 nodes are available: 12 Insufficient cpu.`);
  });

  it('a node’s used CPU counts in the order: the busier of two equal nodes comes last', () => {
    const objs = healthy().filter((o) => o.kind !== 'Node');
    pendingHelm(objs);
    objs.push(node(NODE0, '1', '8Gi'), node(NODE1, '1', '8Gi'));
    // NODE0 runs source-controller, helm (now Pending) and fluxconfig-agent: 60m; NODE1 kustomize, notification, fluxconfig-controller: 210m.
    const refs = schedulingFindings(snapshotOf(objs), 'flux-system')[0].evidence?.slice(1).map((e) => e.ref);
    expect(refs).toEqual([`v1/Node ${NODE0}`, `v1/Node ${NODE1}`]);
    objs.find((o) => o.kind === 'Pod' && o.metadata.name.startsWith('source-controller'))!.spec.nodeName = NODE1;
    objs.find((o) => o.kind === 'Pod' && o.metadata.name.startsWith('kustomize-controller'))!.spec.nodeName = NODE0;
    objs.find((o) => o.kind === 'Pod' && o.metadata.name.startsWith('notification-controller'))!.spec.nodeName = NODE0;
    const swapped = schedulingFindings(snapshotOf(objs), 'flux-system')[0].evidence?.slice(1).map((e) => e.ref);
    expect(swapped).toEqual([`v1/Node ${NODE1}`, `v1/Node ${NODE0}`]);
  });
});

describe('the guide’s container table', () => {
  it('requirementFor: by container name, then by the deployment’s name, else none', () => {
    expect(requirementFor('fluent-bit', 'fluxconfig-agent')).toEqual({ container: 'fluent-bit', minCpu: '5m', minMemory: '30Mi', maxCpu: '20m', maxMemory: '150Mi' });
    expect(requirementFor('manager', 'helm-controller')).toEqual({ container: 'helm-controller', minCpu: '100m', minMemory: '64Mi', maxCpu: '1000m', maxMemory: '1Gi' });
    expect(requirementFor('manager')).toBeUndefined();
    expect(requirementFor('manager', 'tf-controller')).toBeUndefined();
    expect(FLUX_CONTAINER_REQUIREMENTS.map((r) => r.container)).toEqual(['fluxconfig-agent', 'fluxconfig-controller', 'fluent-bit', 'helm-controller', 'source-controller', 'kustomize-controller', 'notification-controller', 'image-automation-controller', 'image-reflector-controller']);
  });

  it('fluxContainers: the Deployment’s containers and limits when deployed', () => {
    const objs = healthy();
    const of = (name: string) => objs.find((o) => o.kind === 'Deployment' && o.metadata.name === name);
    const agent = find(objs, 'Deployment', 'fluxconfig-agent');
    delete agent.spec.template.spec.containers[1].resources;
    expect(fluxContainers(['helm-controller', 'fluxconfig-agent'], of)).toEqual([
      { deployment: 'helm-controller', container: 'manager', requirement: requirementFor('helm-controller'), cpuLimit: '1000m', memoryLimit: '1Gi', source: 'deployment' },
      { deployment: 'fluxconfig-agent', container: 'fluxconfig-agent', requirement: requirementFor('fluxconfig-agent'), cpuLimit: '50m', memoryLimit: '150Mi', source: 'deployment' },
      { deployment: 'fluxconfig-agent', container: 'fluent-bit', requirement: requirementFor('fluent-bit'), cpuLimit: undefined, memoryLimit: undefined, source: 'deployment' },
    ]);
  });

  it('fluxContainers: the table’s maxima, with the agents’ fluent-bit sidecar, before anything is deployed', () => {
    const noContainers: KubeObject = { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'source-controller', namespace: 'flux-system' }, spec: { template: { spec: { containers: [] } } } };
    const of = (name: string) => (name === 'source-controller' ? noContainers : undefined);
    expect(fluxContainers(['fluxconfig-controller', 'source-controller', 'tf-controller'], of)).toEqual([
      { deployment: 'fluxconfig-controller', container: 'fluxconfig-controller', requirement: requirementFor('fluxconfig-controller'), cpuLimit: '100m', memoryLimit: '150Mi', source: 'table' },
      { deployment: 'fluxconfig-controller', container: 'fluent-bit', requirement: requirementFor('fluent-bit'), cpuLimit: '20m', memoryLimit: '150Mi', source: 'table' },
      { deployment: 'source-controller', container: 'source-controller', requirement: requirementFor('source-controller'), cpuLimit: '1000m', memoryLimit: '1Gi', source: 'table' },
      { deployment: 'tf-controller', container: 'tf-controller', requirement: undefined, cpuLimit: undefined, memoryLimit: undefined, source: 'table' },
    ]);
  });
});
