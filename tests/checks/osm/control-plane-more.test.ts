// OSM002/OSM006 and OSM008 corners: restarted containers, the rollout's starting pods, sidecars beside a failing
// pod, and failed webhook calls that are TLS, elsewhere, or quote no URL.
import { describe, expect, it } from 'vitest';
import OSM002 from '../../../src/checks/osm/OSM002-controller-pods.js';
import OSM006 from '../../../src/checks/osm/OSM006-injector-pods.js';
import OSM008 from '../../../src/checks/osm/OSM008-injector-endpoints.js';
import { clone, runOne, snapshotOf, type KubeObject } from '../../helpers/check-harness.js';
import { base, changed, crashLoop, find, podOf, without } from './control-plane-fixtures.js';

const ENVOY = 'mcr.microsoft.com/oss/envoyproxy/envoy:v1.26.7';
function addContainer(pod: KubeObject, name: string, image: string): void {
  pod.spec.containers.push({ name, image });
  pod.status.containerStatuses.push({ name, image, ready: true, restartCount: 0, started: true, state: { running: { startedAt: '2026-11-20T09:13:05Z' } } });
}
function notReady(pod: KubeObject): Record<string, any> {
  pod.status.conditions.find((c: { type: string }) => c.type === 'Ready').status = 'False';
  const cs = pod.status.containerStatuses[0];
  cs.ready = false;
  return cs;
}
const TERMINATED = { terminated: { exitCode: 1, reason: 'Error', startedAt: '2026-11-26T11:52:40Z', finishedAt: '2026-11-26T11:52:41Z' } };

/** mid-rollout (maxSurge 1): the Deployment's status while a second ReplicaSet's pod starts. */
function rollingOut(o: KubeObject[]): KubeObject {
  const dep = find(o, 'Deployment', 'osm-controller');
  dep.metadata.generation = 2;
  dep.status = { ...dep.status, observedGeneration: 2, replicas: 2, updatedReplicas: 1, unavailableReplicas: 1 };
  const pod = clone(podOf(o, 'osm-controller'));
  pod.metadata.name = 'osm-controller-6c8f7d9b54-qz7lm';
  o.push(pod);
  return pod;
}
const rollout = (edit: (pod: KubeObject) => void) => runOne(OSM002, changed((o) => edit(rollingOut(o))));

describe('OSM002 / OSM006 restarted and starting pods', () => {
  it('names the last termination of a restarted container that runs but is not ready', () => {
    const r = runOne(OSM006, changed((o) => {
      const cs = notReady(podOf(o, 'osm-injector'));
      cs.restartCount = 2;
      cs.lastState = TERMINATED;
    }));
    expect(r.message).toBe('osm-injector-5986c57765-vlsdk READY 0/1 Running, 2 restarts, last terminated Error.');
    expect(r.evidence.map((e) => e.observed)).toEqual(['READY 0/1 Running, 2 restarts (container osm-injector: last terminated Error)']);
  });

  it('does not name an old termination of a container that is ready again', () => {
    const r = runOne(OSM006, changed((o) => void Object.assign(podOf(o, 'osm-injector').status.containerStatuses[0], { restartCount: 3, lastState: TERMINATED })));
    expect([r.status, r.message]).toEqual(['pass', 'osm-injector-5986c57765-vlsdk READY 1/1 Running, 3 restarts']);
  });

  it('does not name an init container\'s termination as the pod\'s', () => {
    const r = runOne(OSM006, changed((o) => {
      const pod = podOf(o, 'osm-injector');
      notReady(pod);
      pod.status.initContainerStatuses[0].lastState = TERMINATED;
    }));
    expect(r.message).toBe('osm-injector-5986c57765-vlsdk READY 0/1 Running, 0 restarts.');
  });

  it('notes the rollout\'s new pod while the container is still being created', () => {
    const r = rollout((pod) => {
      pod.status.phase = 'Pending';
      notReady(pod).state = { waiting: { reason: 'ContainerCreating' } };
    });
    expect([r.status, r.message]).toEqual(['pass', 'osm-controller-7d5b9c6f48-k2vjp READY 1/1 Running, 0 restarts']);
    expect(r.notes).toEqual(['osm-controller-6c8f7d9b54-qz7lm READY 0/1 ContainerCreating, 0 restarts: new pod(s) of the rollout in progress, still starting; check again once the rollout ends (kubectl rollout status deployment osm-controller -n arc-osm-system)']);
  });

  it.each([
    ['its container terminated', (pod: KubeObject) => void (notReady(pod).lastState = TERMINATED)],
    ['its container exited Completed', (pod: KubeObject) => void (notReady(pod).state = { terminated: { exitCode: 0, reason: 'Completed' } })],
    ['its image cannot be pulled', (pod: KubeObject) => void (notReady(pod).state = { waiting: { reason: 'ImagePullBackOff' } })],
    ['it cannot be scheduled', (pod: KubeObject) => {
      notReady(pod);
      pod.status.phase = 'Pending';
      Object.assign(pod.status.conditions.find((c: { type: string }) => c.type === 'PodScheduled'), { status: 'False', reason: 'Unschedulable', message: '0/3 nodes are available: 3 Insufficient cpu.' });
    }],
    ['its phase is Unknown', (pod: KubeObject) => {
      notReady(pod);
      pod.status.phase = 'Unknown';
    }],
  ])('warns about the rollout\'s new pod when %s', (_, edit) => {
    const r = rollout(edit);
    expect(r.status).toBe('warn');
    expect(r.notes).toBeUndefined();
    expect(r.findings?.map((f) => f.object?.name)).toEqual(['osm-controller-6c8f7d9b54-qz7lm']);
  });
});

describe('OSM002 sidecars', () => {
  it('adds the sidecar finding to a failing controller pod', () => {
    const r = runOne(OSM002, changed((o) => {
      const pod = podOf(o, 'osm-controller');
      crashLoop(pod, 'osm-controller', 2);
      addContainer(pod, 'envoy', ENVOY);
    }));
    expect(r.status).toBe('fail');
    expect(r.findings?.map((f) => f.status)).toEqual(['fail', 'warn']);
    expect(r.message).toBe('2 problems: the OSM control plane is failing: osm-controller-7d5b9c6f48-k2vjp READY 1/2 CrashLoopBackOff, 2 restarts, last terminated Error.; and 1 more');
    expect(r.fixes).toEqual([]);
  });

  it('offers no fix for a sidecar that is not Envoy, nor when the namespace is not in the mesh', () => {
    const joined = (o: KubeObject[]) => void (find(o, 'Namespace', 'arc-osm-system').metadata.labels!['openservicemesh.io/monitored-by'] = 'osm');
    const other = runOne(OSM002, changed((o) => {
      addContainer(podOf(o, 'osm-controller'), 'linkerd-proxy', 'cr.l5d.io/linkerd/proxy:stable-2.14.1');
      joined(o);
    }));
    expect([other.status, other.fixes]).toEqual(['warn', []]);
    const notJoined = runOne(OSM002, changed((o) => addContainer(podOf(o, 'osm-controller'), 'envoy', ENVOY)));
    expect([notJoined.status, notJoined.fixes]).toEqual(['warn', []]);
    const labelOnly = runOne(OSM002, changed((o) => {
      addContainer(podOf(o, 'osm-controller'), 'envoy', ENVOY);
      joined(o);
    }));
    expect(labelOnly.fixes?.map((f) => f.title)).toEqual(['Remove the mesh label/annotation from namespace arc-osm-system', 'Restart Deployment arc-osm-system/osm-controller so its pods are re-created without the Envoy sidecar']);
    const noNamespace = runOne(OSM002, changed((o) => {
      addContainer(podOf(o, 'osm-controller'), 'envoy', ENVOY);
      return without(o, 'Namespace', 'arc-osm-system');
    }));
    expect([noNamespace.status, noNamespace.fixes]).toEqual(['warn', []]);
  });
});

describe('OSM008 failed calls it does not blame on the network', () => {
  const event = (message: string, ns = 'bookstore', rs = 'bookstore-5cf6d9f9d7'): KubeObject => ({ apiVersion: 'v1', kind: 'Event', metadata: { name: `${rs}.187b3c2f5a9d1e05`, namespace: ns }, involvedObject: { apiVersion: 'apps/v1', kind: 'ReplicaSet', name: rs, namespace: ns }, reason: 'FailedCreate', message, type: 'Warning', count: 3 });
  const URL = (ns: string) => `Post "https://osm-injector.${ns}.svc:9090/mutate-pod-creation?timeout=20s"`;

  it('leaves a TLS failure to OSM011: the call reached the pod', () => {
    const r = runOne(OSM008, snapshotOf([...base(), event(`Error creating: Internal error occurred: failed calling webhook "osm-inject.k8s.io": failed to call webhook: ${URL('arc-osm-system')}: x509: certificate signed by unknown authority`)]));
    expect([r.status, r.message, r.notes]).toEqual(['pass', 'osm-injector 10.244.0.13:9090', undefined]);
  });

  it('counts a call whose error quotes no service URL as this mesh\'s, joining subjects and causes', () => {
    const older = 'Error creating: Internal error occurred: failed calling webhook "osm-inject.k8s.io": Post https://osm-injector.arc-osm-system.svc:9090/mutate-pod-creation?timeout=30s: context deadline exceeded';
    const r = runOne(OSM008, snapshotOf([...base(), event(older), event(`failed calling webhook "osm-inject.k8s.io": ${URL('arc-osm-system')}: dial tcp 10.96.43.30:9090: connect: connection refused`, 'bookbuyer', 'bookbuyer-6b9f7c7d8d')]));
    expect(r.status).toBe('fail');
    expect(r.message).toBe("osm-injector has ready endpoints (10.244.0.13:9090), but the API server's calls to the osm-inject.k8s.io webhook fail (ReplicaSet bookstore/bookstore-5cf6d9f9d7, ReplicaSet bookbuyer/bookbuyer-6b9f7c7d8d): the API server cannot reach the injector pod on 9090 in time: a network policy, firewall or security group between the control plane and the pod network drops the call; nothing accepts connections on the injector pod's port 9090: the injector is restarting or not serving");
    expect(r.evidence.map((e) => e.ref)).toEqual(['v1/Event bookstore/bookstore-5cf6d9f9d7.187b3c2f5a9d1e05', 'v1/Event bookbuyer/bookbuyer-6b9f7c7d8d.187b3c2f5a9d1e05']);
  });

  it('names one cause once for two workloads', () => {
    const refused = (ns: string) => `failed calling webhook "osm-inject.k8s.io": ${URL('arc-osm-system')}: dial tcp 10.96.43.30:9090: connect: connection refused (${ns})`;
    const r = runOne(OSM008, snapshotOf([...base(), event(refused('a')), event(refused('b'), 'bookbuyer', 'bookbuyer-6b9f7c7d8d')]));
    expect(r.message).toBe("osm-injector has ready endpoints (10.244.0.13:9090), but the API server's calls to the osm-inject.k8s.io webhook fail (ReplicaSet bookstore/bookstore-5cf6d9f9d7, ReplicaSet bookbuyer/bookbuyer-6b9f7c7d8d): nothing accepts connections on the injector pod's port 9090: the injector is restarting or not serving");
  });

  it('notes a failed call to another namespace\'s injector, naming no configuration it does not hold', () => {
    const elsewhere = event('Error creating: Internal error occurred: failed calling webhook "osm-inject.k8s.io": Post "https://osm-injector.osm-system.svc/mutate-pod-creation?timeout=20s": dial tcp 10.96.43.30:443: connect: connection refused');
    const r = runOne(OSM008, snapshotOf([...base(), elsewhere]));
    expect([r.status, r.notes]).toEqual(['pass', ["the failed osm-inject.k8s.io call for ReplicaSet bookstore/bookstore-5cf6d9f9d7 went to Service osm-system/osm-injector (a webhook configuration the snapshot does not hold), not to this mesh's injector: nothing accepts connections on the injector pod's port 9090: the injector is restarting or not serving; a leftover of another OSM install? (see OSM009)"]]);
    const otherName = event(`failed calling webhook "osm-inject.k8s.io": Post "https://osm-webhook.arc-osm-system.svc:9090/mutate": connect: connection refused`);
    expect(runOne(OSM008, snapshotOf([...base(), otherName])).notes?.[0]).toContain('went to Service arc-osm-system/osm-webhook:9090');
    const error = runOne(OSM008, snapshotOf([...without(base(), 'Endpoints'), elsewhere]));
    expect([error.status, error.notes]).toEqual(['error', undefined]);
  });
});
