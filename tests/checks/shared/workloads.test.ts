// Readiness of Deployments, DaemonSets and Pods as `kubectl get` prints it, on the healthy Flux fixture with one
// field edited to the shapes the API server returns (CrashLoopBackOff, Evicted, Unschedulable, Init, Terminating).
import { describe, expect, it } from 'vitest';
import { containerImages, daemonSetReadiness, deploymentReadiness, logTail, objects, ownerWorkload, podReadiness, podsOf } from '../../../src/checks/shared/workloads.js';
import { find, healthy, snapshotOf, type KubeObject } from './light-fixtures.js';

const sourceDeployment = () => find(healthy(), 'Deployment', 'source-controller');
const sourcePod = () => find(healthy(), 'Pod', 'source-controller');

const available = { type: 'Available', status: 'True', reason: 'MinimumReplicasAvailable', message: 'Deployment has minimum availability.' };
const unavailable = { type: 'Available', status: 'False', reason: 'MinimumReplicasUnavailable', message: 'Deployment does not have minimum availability.' };
const deadline = { type: 'Progressing', status: 'False', reason: 'ProgressDeadlineExceeded', message: 'ReplicaSet "source-controller-6ff87cb475" has timed out progressing.' };
const quota = { type: 'ReplicaFailure', status: 'True', reason: 'FailedCreate', message: 'pods "source-controller-6ff87cb475-x7k2p" is forbidden: exceeded quota: flux-quota, requested: cpu=50m, used: cpu=2, limited: cpu=2' };

function withStatus(dep: KubeObject, replicas: unknown, status: Record<string, unknown>): KubeObject {
  if (replicas === undefined) delete dep.spec.replicas;
  else dep.spec.replicas = replicas;
  dep.status = status;
  return dep;
}

describe('deploymentReadiness', () => {
  it('the healthy fixture: 1/1, no reason', () => {
    expect(deploymentReadiness(sourceDeployment())).toEqual({ desired: 1, ready: 1, available: 1, updated: 1, readyColumn: '1/1', healthy: true, reason: undefined });
  });

  it('spec.replicas absent defaults to 1; an empty status is 0/1 without a reason', () => {
    expect(deploymentReadiness(withStatus(sourceDeployment(), undefined, {}))).toEqual({ desired: 1, ready: 0, available: 0, updated: 0, readyColumn: '0/1', healthy: false, reason: undefined });
  });

  it('counts given as strings are read as numbers; a non-number falls back', () => {
    const r = deploymentReadiness(withStatus(sourceDeployment(), '3', { readyReplicas: '3', availableReplicas: 3, updatedReplicas: 'x', conditions: [available] }));
    expect(r).toEqual({ desired: 3, ready: 3, available: 3, updated: 0, readyColumn: '3/3', healthy: true, reason: undefined });
    expect(deploymentReadiness(withStatus(sourceDeployment(), 'many', { readyReplicas: 1, availableReplicas: 1 })).desired).toBe(1);
  });

  it('scaled to 0 is not healthy, and says so', () => {
    expect(deploymentReadiness(withStatus(sourceDeployment(), 0, { conditions: [available] }))).toEqual({ desired: 0, ready: 0, available: 0, updated: 0, readyColumn: '0/0', healthy: false, reason: 'scaled to 0 replicas' });
  });

  it('ready exactly at desired is healthy; one short is not', () => {
    expect(deploymentReadiness(withStatus(sourceDeployment(), 2, { readyReplicas: 2, availableReplicas: 2, conditions: [available] })).healthy).toBe(true);
    expect(deploymentReadiness(withStatus(sourceDeployment(), 2, { readyReplicas: 1, availableReplicas: 2, conditions: [available] })).healthy).toBe(false);
    expect(deploymentReadiness(withStatus(sourceDeployment(), 2, { readyReplicas: 2, availableReplicas: 1, conditions: [available] })).healthy).toBe(false);
    expect(deploymentReadiness(withStatus(sourceDeployment(), 2, { readyReplicas: 3, availableReplicas: 3, conditions: [available] })).healthy).toBe(true);
  });

  it('Available=False makes it unhealthy even with every replica counted ready, with the condition message', () => {
    const r = deploymentReadiness(withStatus(sourceDeployment(), 1, { readyReplicas: 1, availableReplicas: 1, conditions: [unavailable] }));
    expect(r).toEqual({ desired: 1, ready: 1, available: 1, updated: 0, readyColumn: '1/1', healthy: false, reason: unavailable.message });
  });

  it('a ReplicaFailure=True message comes before Available=False and Progressing=False', () => {
    const r = deploymentReadiness(withStatus(sourceDeployment(), 1, { replicas: 0, conditions: [unavailable, deadline, quota] }));
    expect(r.reason).toBe(quota.message);
    expect(deploymentReadiness(withStatus(sourceDeployment(), 1, { conditions: [{ ...quota, status: 'False' }, deadline] })).reason).toBe(deadline.message);
    expect(deploymentReadiness(withStatus(sourceDeployment(), 1, { conditions: [{ ...deadline, status: 'True' }, { ...quota, type: 'Other' }] })).reason).toBeUndefined();
  });

  it('a healthy Deployment gives no reason even when an old condition is False', () => {
    const r = deploymentReadiness(withStatus(sourceDeployment(), 1, { readyReplicas: 1, availableReplicas: 1, conditions: [available, deadline] }));
    expect(r.healthy).toBe(true);
    expect(r.reason).toBeUndefined();
  });
});

describe('daemonSetReadiness', () => {
  const ds = (status: Record<string, unknown> | undefined): KubeObject => ({ apiVersion: 'apps/v1', kind: 'DaemonSet', metadata: { name: 'nmi', namespace: 'kube-system' }, spec: {}, ...(status ? { status } : {}) });
  it('2/2 scheduled, ready and available is healthy', () => {
    expect(daemonSetReadiness(ds({ desiredNumberScheduled: 2, currentNumberScheduled: 2, numberReady: 2, numberAvailable: 2, numberMisscheduled: 1 }))).toEqual({ desired: 2, ready: 2, available: 2, healthy: true, readyColumn: '2/2' });
  });
  it('zero counts the API omits are zeros: nothing scheduled is not healthy', () => {
    expect(daemonSetReadiness(ds(undefined))).toEqual({ desired: 0, ready: 0, available: 0, healthy: false, readyColumn: '0/0' });
  });
  it('one ready short or one available short is not healthy; more than desired is', () => {
    expect(daemonSetReadiness(ds({ desiredNumberScheduled: 2, numberReady: 1, numberAvailable: 2 })).healthy).toBe(false);
    expect(daemonSetReadiness(ds({ desiredNumberScheduled: 2, numberReady: 2 }))).toEqual({ desired: 2, ready: 2, available: 0, healthy: false, readyColumn: '2/2' });
    expect(daemonSetReadiness(ds({ desiredNumberScheduled: '2', numberReady: 3, numberAvailable: 3 })).healthy).toBe(true);
  });
});

describe('podReadiness', () => {
  it('the healthy fixture pod', () => {
    expect(podReadiness(sourcePod())).toEqual({
      name: 'source-controller-6ff87cb475-x7k2p',
      namespace: 'flux-system',
      phase: 'Running',
      statusColumn: 'Running',
      ready: 1,
      total: 1,
      readyColumn: '1/1',
      healthy: true,
      restarts: 0,
      containers: [{ name: 'manager', ready: true, restarts: 0, reason: undefined, message: undefined, image: 'ghcr.io/fluxcd/source-controller:v1.7.4', lastTerminationReason: undefined, init: false }],
      unschedulableMessage: undefined,
      evicted: false,
      nodeName: 'aks-nodepool1-28470317-vmss000000',
    });
  });

  it('CrashLoopBackOff: the waiting reason and message, restarts, the last termination reason', () => {
    const p = sourcePod();
    p.status.conditions.find((c: { type: string }) => c.type === 'Ready').status = 'False';
    Object.assign(p.status.containerStatuses[0], {
      ready: false,
      restartCount: 12,
      state: { waiting: { reason: 'CrashLoopBackOff', message: 'back-off 5m0s restarting failed container=manager pod=source-controller-6ff87cb475-x7k2p_flux-system' } },
      lastState: { terminated: { reason: 'Error', exitCode: 1 } },
    });
    const r = podReadiness(p);
    expect([r.statusColumn, r.readyColumn, r.healthy, r.restarts]).toEqual(['CrashLoopBackOff', '0/1', false, 12]);
    expect(r.containers).toEqual([{ name: 'manager', ready: false, restarts: 12, reason: 'CrashLoopBackOff', message: 'back-off 5m0s restarting failed container=manager pod=source-controller-6ff87cb475-x7k2p_flux-system', image: 'ghcr.io/fluxcd/source-controller:v1.7.4', lastTerminationReason: 'Error', init: false }]);
  });

  it('a terminated container (OOMKilled) shows its reason and message', () => {
    const p = sourcePod();
    Object.assign(p.status.containerStatuses[0], { ready: false, restartCount: '2', state: { terminated: { reason: 'OOMKilled', message: 'out of memory', exitCode: 137 } } });
    const r = podReadiness(p);
    expect([r.statusColumn, r.restarts, r.containers[0].reason, r.containers[0].message]).toEqual(['OOMKilled', 2, 'OOMKilled', 'out of memory']);
  });

  it('a main container that completed is not the status; the phase is', () => {
    const p = sourcePod();
    p.status.phase = 'Succeeded';
    Object.assign(p.status.containerStatuses[0], { ready: false, state: { terminated: { reason: 'Completed', exitCode: 0 } } });
    expect(podReadiness(p).statusColumn).toBe('Succeeded');
  });

  it('Evicted: phase Failed with reason Evicted, printed as the status', () => {
    const p = sourcePod();
    p.status = { phase: 'Failed', reason: 'Evicted', message: 'The node was low on resource: memory.' };
    const r = podReadiness(p);
    expect([r.evicted, r.statusColumn, r.phase, r.total, r.ready, r.healthy, r.restarts]).toEqual([true, 'Evicted', 'Failed', 1, 0, false, 0]);
    expect(podReadiness({ ...p, status: { phase: 'Running', reason: 'Evicted' } }).evicted).toBe(false);
    expect(podReadiness({ ...p, status: { phase: 'Failed', reason: 'NodeLost' } }).evicted).toBe(false);
  });

  it('Pending and unschedulable: the scheduler message, or its reason when there is no message', () => {
    const p = sourcePod();
    p.status = { phase: 'Pending', conditions: [{ type: 'PodScheduled', status: 'False', reason: 'Unschedulable', message: '0/3 nodes are available: 3 Insufficient cpu.' }] };
    delete p.spec.nodeName;
    const r = podReadiness(p);
    expect([r.statusColumn, r.unschedulableMessage, r.nodeName, r.healthy]).toEqual(['Pending', '0/3 nodes are available: 3 Insufficient cpu.', undefined, false]);
    p.status.conditions[0] = { type: 'PodScheduled', status: 'False', reason: 'Unschedulable' };
    expect(podReadiness(p).unschedulableMessage).toBe('Unschedulable');
    p.status.conditions[0] = { type: 'PodScheduled', status: 'True', message: 'old' };
    expect(podReadiness(p).unschedulableMessage).toBeUndefined();
  });

  it('an init container in trouble is Init:<reason>, before the main containers; a completed one is not', () => {
    const p = sourcePod();
    p.status.initContainerStatuses = [{ name: 'wait', ready: false, restartCount: 3, state: { waiting: { reason: 'CrashLoopBackOff' } } }];
    Object.assign(p.status.containerStatuses[0], { ready: false, state: { waiting: { reason: 'PodInitializing' } } });
    const r = podReadiness(p);
    expect(r.statusColumn).toBe('Init:CrashLoopBackOff');
    expect(r.restarts).toBe(0);
    expect(r.containers.map((c) => [c.name, c.init])).toEqual([['wait', true], ['manager', false]]);
    p.status.initContainerStatuses = [{ name: 'wait', ready: false, state: { terminated: { reason: 'Completed' } } }];
    expect(podReadiness(p).statusColumn).toBe('PodInitializing');
  });

  it('a pod being deleted is Terminating and not healthy, whatever its containers say', () => {
    const p = sourcePod();
    p.metadata.deletionTimestamp = '2026-11-26T11:59:00Z';
    p.status.reason = 'Evicted';
    const r = podReadiness(p);
    expect([r.statusColumn, r.healthy]).toEqual(['Terminating', false]);
  });

  it('Ready=False makes a running pod with ready containers unhealthy', () => {
    const p = sourcePod();
    p.status.conditions.find((c: { type: string }) => c.type === 'Ready').status = 'False';
    expect(podReadiness(p).healthy).toBe(false);
  });

  it('without spec containers the total is the number of container statuses; with neither, not healthy', () => {
    const p = sourcePod();
    delete p.spec.containers;
    expect([podReadiness(p).total, podReadiness(p).healthy]).toEqual([1, true]);
    delete p.status.containerStatuses;
    expect([podReadiness(p).total, podReadiness(p).readyColumn, podReadiness(p).healthy]).toEqual([0, '0/0', false]);
  });

  it('two containers, one not ready: 1/2, restarts summed over main containers only', () => {
    const p = sourcePod();
    p.spec.containers.push({ name: 'sidecar', image: 'busybox:1.36' });
    p.status.containerStatuses.push({ name: 'sidecar', ready: false, restartCount: 4, state: { waiting: { reason: 'ImagePullBackOff', message: 'Back-off pulling image "busybox:1.36"' } } });
    p.status.containerStatuses[0].restartCount = 1;
    p.status.initContainerStatuses = [{ name: 'init', ready: true, restartCount: 7, state: { terminated: { reason: 'Completed' } } }];
    const r = podReadiness(p);
    expect([r.readyColumn, r.restarts, r.statusColumn, r.healthy]).toEqual(['1/2', 5, 'ImagePullBackOff', false]);
  });

  it('no status at all: phase Unknown; no namespace: empty', () => {
    const r = podReadiness({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'bare' }, spec: { containers: [{ name: 'c' }] } });
    expect(r).toEqual({ name: 'bare', namespace: '', phase: 'Unknown', statusColumn: 'Unknown', ready: 0, total: 1, readyColumn: '0/1', healthy: false, restarts: 0, containers: [], unschedulableMessage: undefined, evicted: false, nodeName: undefined });
  });
});

describe('podsOf, logTail, ownerWorkload, containerImages, objects', () => {
  it('podsOf: the pods the selector matches in the workload namespace only; none without a selector', () => {
    const objs = healthy();
    const dep = find(objs, 'Deployment', 'source-controller');
    const other = { ...structuredClone(find(objs, 'Pod', 'source-controller')), metadata: { ...find(objs, 'Pod', 'source-controller').metadata, namespace: 'elsewhere', name: 'copy' } };
    const s = snapshotOf([...objs, other]);
    expect(podsOf(s, dep).map((p) => p.metadata.name)).toEqual(['source-controller-6ff87cb475-x7k2p']);
    delete dep.spec.selector;
    expect(podsOf(s, dep)).toEqual([]);
  });

  it('logTail: the current log, else the previous one; trailing blank lines dropped; the last N lines', () => {
    const pod = sourcePod();
    const log = (previous: boolean, text: string) => ({ namespace: 'flux-system', pod: pod.metadata.name, container: 'manager', previous, text });
    const lines = Array.from({ length: 12 }, (_, i) => `line ${i + 1}`).join('\n') + '\n\n  \n';
    expect(logTail(snapshotOf([pod], { logs: [log(false, lines)] }), pod, 'manager')).toEqual(Array.from({ length: 10 }, (_, i) => `line ${i + 3}`));
    expect(logTail(snapshotOf([pod], { logs: [log(false, lines)] }), pod, 'manager', 2)).toEqual(['line 11', 'line 12']);
    expect(logTail(snapshotOf([pod], { logs: [log(false, ''), log(true, 'panic: boom\n')] }), pod, 'manager')).toEqual(['panic: boom']);
    expect(logTail(snapshotOf([pod], { logs: [log(false, 'now'), log(true, 'before')] }), pod, 'manager')).toEqual(['now']);
    expect(logTail(snapshotOf([pod], { logs: [log(false, 'x')] }), pod, 'other')).toBeUndefined();
  });

  it('ownerWorkload: ReplicaSet with the pod-template-hash suffix is its Deployment; otherwise the owner itself', () => {
    const pod = sourcePod();
    const labels = pod.metadata.labels!;
    // Hand-made snapshots hold odd owner lists; the helper must tolerate them.
    const owners = (v: unknown[]) => (pod.metadata.ownerReferences = v as NonNullable<KubeObject['metadata']['ownerReferences']>);
    expect(ownerWorkload(pod)).toEqual({ kind: 'Deployment', name: 'source-controller' });
    labels['pod-template-hash'] = 'abcdef';
    expect(ownerWorkload(pod)).toEqual({ kind: 'ReplicaSet', name: 'source-controller-6ff87cb475' });
    delete labels['pod-template-hash'];
    expect(ownerWorkload(pod)).toEqual({ kind: 'ReplicaSet', name: 'source-controller-6ff87cb475' });
    pod.metadata.ownerReferences = [{ apiVersion: 'v1', kind: 'Node', name: 'aks-nodepool1' }, { apiVersion: 'apps/v1', kind: 'DaemonSet', name: 'nmi', controller: true }];
    expect(ownerWorkload(pod)).toEqual({ kind: 'DaemonSet', name: 'nmi' });
    owners([{ kind: 'DaemonSet' }, null, { name: 'x' }, { apiVersion: 'apps/v1', kind: 'StatefulSet', name: 'memcached' }]);
    expect(ownerWorkload(pod)).toEqual({ kind: 'StatefulSet', name: 'memcached' });
    owners([{ kind: 'DaemonSet' }]);
    expect(ownerWorkload(pod)).toBeUndefined();
    delete pod.metadata.ownerReferences;
    expect(ownerWorkload(pod)).toBeUndefined();
  });

  it('containerImages: init containers then containers, of a Pod or of a workload template; no image skipped', () => {
    const pod = sourcePod();
    pod.spec.initContainers = [{ name: 'init', image: 'busybox:1.36' }, { name: 'noimage' }, { name: 'num', image: 5 }];
    expect(containerImages(pod)).toEqual(['busybox:1.36', 'ghcr.io/fluxcd/source-controller:v1.7.4']);
    expect(containerImages(sourceDeployment())).toEqual(['ghcr.io/fluxcd/source-controller:v1.7.4']);
    expect(containerImages({ ...sourceDeployment(), spec: sourcePod().spec })).toEqual([]);
    expect(containerImages({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'x' } })).toEqual([]);
  });

  it('objects: only the object items of an array', () => {
    expect(objects([{ a: 1 }, null, 'x', 3, [1], { b: 2 }])).toEqual([{ a: 1 }, [1], { b: 2 }]);
    expect(objects({ a: 1 })).toEqual([]);
    expect(objects(null)).toEqual([]);
    expect(objects('x')).toEqual([]);
  });
});
