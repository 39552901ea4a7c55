// nodeCapacities and schedulingFindings on the partial shapes hand-made snapshots hold: pods without a spec or a
// status, containers with limits but no requests, nodes without status or allocatable, an init container that
// needs more memory than the app containers together.
import { describe, expect, it } from 'vitest';
import { nodeCapacities, schedulingFindings } from '../../../src/checks/flux/scheduling.js';
import { snapshotOf, type KubeObject } from '../../helpers/check-harness.js';

const UNSCHEDULABLE = { type: 'PodScheduled', status: 'False', reason: 'Unschedulable', message: '0/1 nodes are available: 1 Insufficient memory.' };
const pending = (name: string, spec: unknown): KubeObject => ({
  apiVersion: 'v1', kind: 'Pod', metadata: { name, namespace: 'flux-system' }, ...(spec === undefined ? {} : { spec }), status: { phase: 'Pending', conditions: [UNSCHEDULABLE] },
});
const node = (name: string, status?: unknown): KubeObject => ({ apiVersion: 'v1', kind: 'Node', metadata: { name }, ...(status === undefined ? {} : { status }) });
const message = (pod: KubeObject) => schedulingFindings(snapshotOf([pod]), 'flux-system')[0]?.message;

describe('podRequests through schedulingFindings', () => {
  it('a Pending pod without a spec needs nothing', () => {
    expect(message(pending('bare', undefined))).toBe('pod bare cannot be scheduled (needs cpu 0, memory 0): 0/1 nodes are available: 1 Insufficient memory.');
  });

  it('containers with limits only, or resources without requests, need nothing', () => {
    const spec = { containers: [{ name: 'a', resources: { limits: { cpu: '1', memory: '1Gi' } } }, { name: 'b', resources: {} }], initContainers: [{ name: 'i', resources: { limits: { memory: '2Gi' } } }] };
    expect(message(pending('limits', spec))).toBe('pod limits cannot be scheduled (needs cpu 0, memory 0): 0/1 nodes are available: 1 Insufficient memory.');
  });

  it('an init container needing more memory than the app containers together sets the memory, not the cpu', () => {
    const spec = {
      initContainers: [{ name: 'migrate', resources: { requests: { cpu: '10m', memory: '512Mi' } } }],
      containers: [{ name: 'a', resources: { requests: { cpu: '200m', memory: '64Mi' } } }, { name: 'b', resources: { requests: { cpu: '100m', memory: '64Mi' } } }],
    };
    expect(message(pending('init', spec))).toBe('pod init cannot be scheduled (needs cpu 300m, memory 512Mi): 0/1 nodes are available: 1 Insufficient memory.');
    spec.initContainers[0].resources.requests = { cpu: '2', memory: '1Mi' };
    expect(message(pending('init', spec))).toBe('pod init cannot be scheduled (needs cpu 2, memory 128Mi): 0/1 nodes are available: 1 Insufficient memory.');
  });

  it('a Pending pod of the namespace without a scheduler message is not a finding', () => {
    const pod = pending('waiting', { containers: [] });
    pod.status = { phase: 'Pending', conditions: [{ type: 'PodScheduled', status: 'False' }] };
    expect(schedulingFindings(snapshotOf([pod]), 'flux-system')).toEqual([]);
    pod.status = { phase: 'Pending' };
    expect(schedulingFindings(snapshotOf([pod]), 'flux-system')).toEqual([]);
  });
});

describe('nodeCapacities on partial objects', () => {
  it('pods without a spec or a status: only a bound pod with no phase counts', () => {
    const pods: KubeObject[] = [
      { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'nospec', namespace: 'default' } },
      { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'nostatus', namespace: 'default' }, spec: { nodeName: 'n1', containers: [{ name: 'c', resources: { requests: { cpu: '250m', memory: '1Gi' } } }] } },
    ];
    expect(nodeCapacities(snapshotOf([...pods, node('n1', { allocatable: { cpu: '2', memory: '4Gi' } })]))).toEqual([
      { node: 'n1', allocatableCpu: 2, allocatableMemory: 4 * 1024 ** 3, requestedCpu: 0.25, requestedMemory: 1024 ** 3 },
    ]);
  });

  it('a node without status, or with status but no allocatable: unknown allocatable', () => {
    expect(nodeCapacities(snapshotOf([node('a'), node('b', { capacity: { cpu: '2' } }), node('c', { allocatable: { cpu: '500m' } })]))).toEqual([
      { node: 'a', allocatableCpu: undefined, allocatableMemory: undefined, requestedCpu: 0, requestedMemory: 0 },
      { node: 'b', allocatableCpu: undefined, allocatableMemory: undefined, requestedCpu: 0, requestedMemory: 0 },
      { node: 'c', allocatableCpu: 0.5, allocatableMemory: undefined, requestedCpu: 0, requestedMemory: 0 },
    ]);
  });
});
