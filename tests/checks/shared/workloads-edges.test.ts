// Readiness helpers on the partial objects hand-made snapshots hold (no spec, no state, no labels), conditions in
// another order than the fixture's, and the naming and count rules each helper applies (issue #16 survivors).
import { describe, expect, it } from 'vitest';
import { containerImages, deploymentReadiness, logTail, ownerWorkload, podReadiness, podsOf } from '../../../src/checks/shared/workloads.js';
import { find, healthy, snapshotOf, type KubeObject } from './light-fixtures.js';

const sourcePod = () => find(healthy(), 'Pod', 'source-controller');
const sourceDeployment = () => find(healthy(), 'Deployment', 'source-controller');
const available = { type: 'Available', status: 'True', reason: 'MinimumReplicasAvailable', message: 'Deployment has minimum availability.' };
const deadline = { type: 'Progressing', status: 'False', reason: 'ProgressDeadlineExceeded', message: 'ReplicaSet "source-controller-6ff87cb475" has timed out progressing.' };

describe('deploymentReadiness edges', () => {
  it('a Deployment without spec wants 1 replica', () => {
    const dep: KubeObject = { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'x', namespace: 'flux-system' }, status: { readyReplicas: 1, availableReplicas: 1 } };
    expect(deploymentReadiness(dep)).toEqual({ desired: 1, ready: 1, available: 1, updated: 0, readyColumn: '1/1', healthy: true, reason: undefined });
  });

  it('replicas null or a boolean is not a count: the default 1', () => {
    const dep = sourceDeployment();
    dep.spec.replicas = null;
    expect(deploymentReadiness(dep).desired).toBe(1);
    dep.spec.replicas = true;
    expect(deploymentReadiness(dep).desired).toBe(1);
  });

  it('Available=True after an old Progressing=False: healthy, whatever the order', () => {
    const dep = sourceDeployment();
    dep.status = { readyReplicas: 1, availableReplicas: 1, conditions: [deadline, available] };
    expect(deploymentReadiness(dep)).toMatchObject({ healthy: true, reason: undefined });
  });
});

describe('podReadiness edges', () => {
  it('a pod without spec: the total from its statuses, no node', () => {
    const p = sourcePod();
    delete p.spec;
    const r = podReadiness(p);
    expect([r.total, r.readyColumn, r.healthy, r.nodeName]).toEqual([1, '1/1', true, undefined]);
  });

  it('PodScheduled found after other conditions', () => {
    const p = sourcePod();
    p.status = { phase: 'Pending', conditions: [{ type: 'Initialized', status: 'True' }, { type: 'PodScheduled', status: 'False', reason: 'Unschedulable', message: '0/3 nodes are available: 3 Insufficient memory.' }] };
    expect(podReadiness(p).unschedulableMessage).toBe('0/3 nodes are available: 3 Insufficient memory.');
    p.status.conditions = [{ type: 'Ready', status: 'False', message: 'containers with unready status: [manager]' }, { type: 'PodScheduled', status: 'True' }];
    expect(podReadiness(p).unschedulableMessage).toBeUndefined();
  });

  it('ready containers in a phase other than Running are not healthy', () => {
    for (const phase of ['Pending', 'Unknown', 'Succeeded']) {
      const p = sourcePod();
      p.status.phase = phase;
      expect([phase, podReadiness(p).healthy]).toEqual([phase, false]);
    }
  });

  it('a container status without state: no reason or message; the status is the phase', () => {
    const p = sourcePod();
    p.status.containerStatuses = [{ name: 'manager', ready: false, restartCount: 1 }];
    p.status.initContainerStatuses = [{ name: 'init', ready: true }];
    const r = podReadiness(p);
    expect(r.containers).toEqual([
      { name: 'init', ready: true, restarts: 0, reason: undefined, message: undefined, image: undefined, lastTerminationReason: undefined, init: true },
      { name: 'manager', ready: false, restarts: 1, reason: undefined, message: undefined, image: undefined, lastTerminationReason: undefined, init: false },
    ]);
    expect([r.statusColumn, r.readyColumn, r.restarts]).toEqual(['Running', '0/1', 1]);
  });
});

describe('podsOf, ownerWorkload, containerImages, logTail edges', () => {
  it('podsOf: a workload without spec selects nothing', () => {
    const objs = healthy();
    const dep = find(objs, 'Deployment', 'source-controller');
    delete dep.spec;
    expect(podsOf(snapshotOf(objs), dep)).toEqual([]);
  });

  it('ownerWorkload: only a ReplicaSet named <deployment>-<hash> is followed; a pod without labels keeps its ReplicaSet', () => {
    const pod = sourcePod();
    pod.metadata.ownerReferences = [{ apiVersion: 'batch/v1', kind: 'Job', name: 'nightly-6ff87cb475', controller: true, uid: 'u' }];
    expect(ownerWorkload(pod)).toEqual({ kind: 'Job', name: 'nightly-6ff87cb475' });
    pod.metadata.ownerReferences = [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'source-controller6ff87cb475', controller: true, uid: 'u' }];
    expect(ownerWorkload(pod)).toEqual({ kind: 'ReplicaSet', name: 'source-controller6ff87cb475' });
    delete pod.metadata.labels;
    pod.metadata.ownerReferences = [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'source-controller-6ff87cb475', controller: true, uid: 'u' }];
    expect(ownerWorkload(pod)).toEqual({ kind: 'ReplicaSet', name: 'source-controller-6ff87cb475' });
  });

  it('containerImages: a workload without spec has none', () => {
    expect(containerImages({ apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'x' } })).toEqual([]);
  });

  it('logTail: a pod without namespace reads the logs filed under the empty namespace', () => {
    const pod = sourcePod();
    delete pod.metadata.namespace;
    const logs = [{ namespace: '', pod: pod.metadata.name, container: 'manager', previous: false, text: 'hello\n' }];
    expect(logTail(snapshotOf([pod], { logs }), pod, 'manager')).toEqual(['hello']);
  });
});
