// OSM002 / OSM006 (control-plane-pods.ts) beyond the exact-outcome file: the unhealthy replica beside a healthy one
// whole, Succeeded leftovers, two Deployments of which one rolls out, pods that are not just starting, sidecars
// without image or named envoy, a snapshot without Pods.
import { describe, expect, it } from 'vitest';
import OSM002 from '../../../src/checks/osm/OSM002-controller-pods.js';
import OSM006 from '../../../src/checks/osm/OSM006-injector-pods.js';
import { clone, NOW, runOne, snapshotOf, type KubeObject } from '../../helpers/check-harness.js';
import { base, changed, crashLoop, find, logFixture, logOf, podOf, without } from './control-plane-fixtures.js';
import { exact } from './control-plane-exact.js';
import { componentScope } from '../../../src/checks/osm/control-plane-common.js';
import { evaluatePods } from '../../../src/checks/osm/control-plane-pods.js';
import { injectorComponent } from '../../../src/checks/osm/control-plane.js';

function copyOf(o: KubeObject[], app: string, name: string): KubeObject {
  const pod = clone(podOf(o, app));
  pod.metadata.name = name;
  o.push(pod);
  return pod;
}
function notReady(pod: KubeObject): Record<string, any> {
  pod.status.conditions.find((c: { type: string }) => c.type === 'Ready').status = 'False';
  const cs = pod.status.containerStatuses[0];
  cs.ready = false;
  return cs;
}
/** mid-rollout (maxSurge 1), with the rollout's new pod, not ready yet. */
function rollingOut(o: KubeObject[], app: string, name: string): KubeObject {
  const dep = find(o, 'Deployment', app);
  dep.metadata.generation = 2;
  dep.status = { ...dep.status, observedGeneration: 2, replicas: 2, updatedReplicas: 1, unavailableReplicas: 1 };
  const pod = copyOf(o, app, name);
  notReady(pod);
  return pod;
}
function finished(pod: KubeObject, phase: 'Succeeded' | 'Failed'): void {
  pod.status.phase = phase;
  for (const cs of pod.status.containerStatuses) {
    cs.ready = false;
    cs.state = { terminated: { exitCode: phase === 'Succeeded' ? 0 : 1, reason: phase === 'Succeeded' ? 'Completed' : 'Error', startedAt: '2026-11-20T09:13:05Z', finishedAt: '2026-11-26T11:00:00Z' } };
  }
}
const besideText = (app: string) => `One ${app} pod serves; the others are not healthy or carry sidecars. Read their events and logs.`;
const SECOND = 'osm-controller-7d5b9c6f48-z8w4n';

describe('OSM002 / OSM006: an unhealthy replica beside a healthy one', () => {
  it('warns with its evidence, its log and the --previous command after restarts', () => {
    const o = base();
    const pod = copyOf(o, 'osm-controller', SECOND);
    crashLoop(pod, 'osm-controller', 7, 'OOMKilled');
    const log = logFixture('controller-unknown-flag.log');
    const r = runOne(OSM002, snapshotOf(o, { logs: [logOf(pod, 'osm-controller', log, true)] }));
    expect(exact(r)).toEqual({
      status: 'warn',
      message: `${SECOND} READY 0/1 CrashLoopBackOff, 7 restarts, last terminated OOMKilled beside a healthy replica. The log says: the image does not accept the flag --cert-manager-issuer-name its chart passes: the image and the chart are from different OSM releases (upgrade or reinstall the extension so they match).`,
      evidence: [
        { ref: `v1/Pod arc-osm-system/${SECOND}`, path: 'status.containerStatuses', observed: `READY 0/1 CrashLoopBackOff, 7 restarts (container osm-controller: CrashLoopBackOff, last terminated OOMKilled: back-off 1m20s restarting failed container=osm-controller pod=${SECOND}_arc-osm-system(${pod.metadata.uid}))`, expected: 'READY 1/1 Running' },
        { ref: `v1/Pod arc-osm-system/${SECOND}`, path: 'logs (container osm-controller, last 2 lines)', observed: log.trimEnd() },
      ],
      remediation: { text: besideText('osm-controller'), commands: [`kubectl describe pod ${SECOND} -n arc-osm-system`, 'kubectl logs -n arc-osm-system -l app=osm-controller', 'kubectl logs -n arc-osm-system -l app=osm-controller -c osm-controller --previous'] },
      notes: undefined,
      fixes: [],
      findings: [`warn Pod ${SECOND}`],
    });
  });

  it('offers no --previous for a replica that never restarted', () => {
    const r = runOne(OSM006, changed((o) => void notReady(copyOf(o, 'osm-injector', 'osm-injector-5986c57765-p9t2r'))));
    expect(exact(r)).toEqual({
      status: 'warn',
      message: 'osm-injector-5986c57765-p9t2r READY 0/1 Running, 0 restarts beside a healthy replica.',
      evidence: [{ ref: 'v1/Pod arc-osm-system/osm-injector-5986c57765-p9t2r', path: 'status.containerStatuses', observed: 'READY 0/1 Running, 0 restarts', expected: 'READY 1/1 Running' }],
      remediation: { text: besideText('osm-injector'), commands: ['kubectl describe pod osm-injector-5986c57765-p9t2r -n arc-osm-system', 'kubectl logs -n arc-osm-system -l app=osm-injector'] },
      notes: undefined,
      fixes: [],
      findings: ['warn Pod osm-injector-5986c57765-p9t2r'],
    });
  });
});

describe('OSM002 / OSM006 leftovers', () => {
  it('takes a Succeeded pod beside a healthy one as a leftover', () => {
    const r = runOne(OSM006, changed((o) => finished(copyOf(o, 'osm-injector', 'osm-injector-5986c57765-old01'), 'Succeeded')));
    expect([r.status, r.message, r.notes]).toEqual([
      'pass',
      'osm-injector-5986c57765-vlsdk READY 1/1 Running, 0 restarts; the Succeeded pod beside it (osm-injector-5986c57765-old01) is fine: a healthy replica replaced it',
      ['osm-injector-5986c57765-old01 (Succeeded): replaced pod(s) left behind; delete them with kubectl delete pod -n arc-osm-system NAME if you like'],
    ]);
  });

  it('lists every replaced pod when only they are left', () => {
    const r = runOne(OSM006, changed((o) => {
      const live = podOf(o, 'osm-injector');
      finished(copyOf(o, 'osm-injector', 'osm-injector-5986c57765-old01'), 'Succeeded');
      finished(live, 'Failed');
    }));
    expect([r.status, r.message, r.evidence.map((e) => e.observed)]).toEqual([
      'fail',
      'no osm-injector pod is running: only replaced pods are left (osm-injector-5986c57765-vlsdk Error, osm-injector-5986c57765-old01 Succeeded)',
      ['READY 0/1 Error, 0 restarts (container osm-injector: Error)', 'READY 0/1 Succeeded, 0 restarts (container osm-injector: Completed)'],
    ]);
  });

  it('errs, naming the command, on a snapshot without any Pod', () => {
    expect(exact(runOne(OSM006, snapshotOf(without(base(), 'Pod'))))).toMatchObject({
      status: 'error',
      message: 'the snapshot holds no Pods at all, so whether an osm-injector pod is there cannot be told; add the output of `kubectl get pods -n arc-osm-system -o yaml`',
    });
  });

  it('shows a waiting reason without a message as the reason alone', () => {
    const r = runOne(OSM006, changed((o) => void (notReady(podOf(o, 'osm-injector')).state = { waiting: { reason: 'ContainerCreating' } })));
    expect(r.evidence.map((e) => e.observed)).toEqual(['READY 0/1 ContainerCreating, 0 restarts (container osm-injector: ContainerCreating)']);
  });
});

describe('OSM002 / OSM006 during a rollout', () => {
  it('notes the starting pods of the rolling Deployment when a second, steady Deployment has the same app label', () => {
    const r = runOne(OSM002, changed((o) => {
      const steady = clone(find(o, 'Deployment', 'osm-controller'));
      steady.metadata.name = 'osm-controller-canary';
      rollingOut(o, 'osm-controller', 'osm-controller-6c8f7d9b54-qz7lm');
      notReady(copyOf(o, 'osm-controller', 'osm-controller-6c8f7d9b54-w2n5c'));
      o.push(steady);
    }));
    expect([r.status, r.notes]).toEqual(['pass', ['osm-controller-6c8f7d9b54-qz7lm READY 0/1 Running, 0 restarts; osm-controller-6c8f7d9b54-w2n5c READY 0/1 Running, 0 restarts: new pod(s) of the rollout in progress, still starting; check again once the rollout ends (kubectl rollout status deployment osm-controller -n arc-osm-system)']]);
  });

  it('warns about a new pod that restarted, or whose init container cannot pull its image', () => {
    const restarted = runOne(OSM006, changed((o) => void (rollingOut(o, 'osm-injector', 'osm-injector-6d4b8f9c7a-qz7lm').status.containerStatuses[0].restartCount = 1)));
    expect([restarted.status, restarted.message, restarted.notes]).toEqual(['warn', 'osm-injector-6d4b8f9c7a-qz7lm READY 0/1 Running, 1 restarts beside a healthy replica.', undefined]);
    const initPull = runOne(OSM006, changed((o) => {
      const pod = rollingOut(o, 'osm-injector', 'osm-injector-6d4b8f9c7a-qz7lm');
      pod.status.phase = 'Pending';
      pod.status.initContainerStatuses[0] = { ...pod.status.initContainerStatuses[0], ready: false, state: { waiting: { reason: 'ImagePullBackOff' } } };
      pod.status.containerStatuses[0].state = { waiting: { reason: 'PodInitializing' } };
    }));
    expect([initPull.status, initPull.findings?.map((f) => f.object?.name), initPull.notes]).toEqual(['warn', ['osm-injector-6d4b8f9c7a-qz7lm'], undefined]);
  });
});

describe('OSM002 / OSM006 sidecars', () => {
  it('offers no namespace fix for a controller sidecar that is not Envoy', () => {
    const r = runOne(OSM002, changed((o) => {
      const pod = podOf(o, 'osm-controller');
      pod.spec.containers.push({ name: 'linkerd-proxy', image: 'cr.l5d.io/linkerd/proxy:stable-2.14.1' });
      pod.status.containerStatuses.push({ name: 'linkerd-proxy', ready: true, restartCount: 0 });
    }));
    expect([r.status, r.fixes, r.remediation?.commands]).toEqual(['warn', [], ['kubectl get namespace arc-osm-system --show-labels', 'kubectl rollout restart deployment osm-controller -n arc-osm-system']]);
  });

  it('tells Envoy by the container name, and lists a container without image by name', () => {
    const r = runOne(OSM006, changed((o) => {
      const pod = podOf(o, 'osm-injector');
      pod.spec.containers.push({ name: 'envoy', image: 'mcr.microsoft.com/oss/mesh/proxy:v1.26.7' }, { name: 'debug' });
      pod.status.containerStatuses.push({ name: 'envoy', ready: true, restartCount: 0 }, { name: 'debug', ready: true, restartCount: 0 });
    }));
    expect([r.status, r.message, r.evidence.map((e) => e.observed), r.remediation?.commands]).toEqual([
      'warn',
      'osm-injector-5986c57765-vlsdk runs sidecar container(s) envoy (mcr.microsoft.com/oss/mesh/proxy:v1.26.7), debug beside osm-injector: the OSM injector does not work properly with sidecars attached',
      ['osm-injector, envoy, debug'],
      [
        'kubectl get namespace arc-osm-system --show-labels',
        'kubectl label namespace arc-osm-system openservicemesh.io/monitored-by-',
        'kubectl annotate namespace arc-osm-system openservicemesh.io/sidecar-injection-',
        'kubectl rollout restart deployment osm-injector -n arc-osm-system',
      ],
    ]);
  });

  it('takes a bare string in the container list for no container', () => {
    const r = runOne(OSM006, changed((o) => void podOf(o, 'osm-injector').spec.containers.push('envoy')));
    expect([r.status, r.message]).toEqual(['pass', 'osm-injector-5986c57765-vlsdk READY 1/1 Running, 0 restarts']);
  });
});

describe('the namespace fix is for the controller\'s Envoy only', () => {
  const joined = (o: KubeObject[]) => {
    const ns = find(o, 'Namespace', 'arc-osm-system');
    ns.metadata.labels!['openservicemesh.io/monitored-by'] = 'osm';
    ns.metadata.annotations = { 'openservicemesh.io/sidecar-injection': 'enabled' };
  };
  const sidecar = (pod: KubeObject, name: string, image: string) => {
    pod.spec.containers.push({ name, image });
    pod.status.containerStatuses.push({ name, image, ready: true, restartCount: 0 });
  };

  it('offers none for a non-Envoy sidecar of the controller in a joined namespace', () => {
    const r = runOne(OSM002, changed((o) => {
      joined(o);
      sidecar(podOf(o, 'osm-controller'), 'linkerd-proxy', 'cr.l5d.io/linkerd/proxy:stable-2.14.1');
    }));
    expect([r.status, r.fixes]).toEqual(['warn', []]);
  });

  it('offers none for the injector\'s Envoy, even given the clock', () => {
    const o = base();
    joined(o);
    sidecar(podOf(o, 'osm-injector'), 'envoy', 'mcr.microsoft.com/oss/envoyproxy/envoy:v1.26.7');
    const snap = snapshotOf(o);
    const outcome = evaluatePods(snap, componentScope(snap, injectorComponent), NOW);
    expect([outcome.status, outcome.fixes, outcome.findings?.map((f) => f.fixes)]).toEqual(['warn', [], [undefined]]);
  });
});
