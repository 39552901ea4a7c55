// OSM002 / OSM006 (control-plane-pods.ts): whole outcomes, leftovers, sidecars, the rollout's starting pods.
import { describe, expect, it } from 'vitest';
import OSM002 from '../../../src/checks/osm/OSM002-controller-pods.js';
import OSM006 from '../../../src/checks/osm/OSM006-injector-pods.js';
import { clone, runOne, snapshotOf, type KubeObject } from '../../helpers/check-harness.js';
import { base, changed, crashLoop, find, logFixture, logOf, podOf, without } from './control-plane-fixtures.js';
import { exact } from './control-plane-exact.js';

function addContainer(pod: KubeObject, name: string, image: string): void {
  pod.spec.containers.push({ name, image });
  pod.status.containerStatuses.push({ name, image, ready: true, restartCount: 0, started: true, state: { running: { startedAt: '2026-11-20T09:13:05Z' } } });
}
function copyOf(o: KubeObject[], app: string, name: string): KubeObject {
  const pod = clone(podOf(o, app));
  pod.metadata.name = name;
  o.push(pod);
  return pod;
}
/** The arc-osm-system namespace after someone joined it to the mesh (the guide's warning case). */
function joined(o: KubeObject[]): void {
  const ns = find(o, 'Namespace', 'arc-osm-system');
  ns.metadata.labels!['openservicemesh.io/monitored-by'] = 'osm';
  ns.metadata.annotations = { 'openservicemesh.io/sidecar-injection': 'enabled' };
}
const ENVOY = 'mcr.microsoft.com/oss/envoyproxy/envoy:v1.26.7';
const failingText = {
  controller: "No osm-controller pod is READY and Running: the OSM control plane is failing (the guide: READY 0/1 means the control-plane container is failing). Read the pod's events and the osm-controller log, fix the cause, then let the Deployment replace the pod.",
  injector: "No osm-injector pod is READY and Running: no pod serves the sidecar-injection webhook, so pods in meshed namespaces cannot be created. Read the pod's events and the osm-injector log, fix the cause, then let the Deployment replace the pod.",
};
const besideText = (app: string) => `One ${app} pod serves; the others are not healthy or carry sidecars. Read their events and logs.`;

describe('OSM002 / OSM006 exact outcomes', () => {
  it("passes on the guide's output with a note about its Evicted pod (singular)", () => {
    expect(exact(runOne(OSM002, changed(() => {}, { base: 'guide-healthy' })))).toEqual({
      status: 'pass',
      message: 'osm-controller-b5bd66db-wvl9w READY 1/1 Running, 0 restarts; the Evicted pod beside it (osm-controller-b5bd66db-wglzl) is fine: a healthy replica replaced it',
      evidence: [],
      notes: ['osm-controller-b5bd66db-wglzl (Evicted): replaced pod(s) left behind; delete them with kubectl delete pod -n arc-osm-system NAME if you like'],
    });
  });

  it('speaks in the plural of two healthy replicas and two leftovers of different kinds', () => {
    const r = runOne(OSM002, changed((o) => {
      copyOf(o, 'osm-controller', 'osm-controller-b5bd66db-q7r2x');
      copyOf(o, 'osm-controller', 'osm-controller-b5bd66db-t4k8d').metadata.deletionTimestamp = '2026-11-26T11:59:30Z';
    }, { base: 'guide-healthy' }));
    expect(exact(r)).toEqual({
      status: 'pass',
      message: 'osm-controller-b5bd66db-wvl9w READY 1/1 Running, 0 restarts; osm-controller-b5bd66db-q7r2x READY 1/1 Running, 0 restarts; the Evicted/Terminating pods beside them (osm-controller-b5bd66db-wglzl, osm-controller-b5bd66db-t4k8d) are fine: a healthy replica replaced them',
      evidence: [],
      notes: ['osm-controller-b5bd66db-wglzl (Evicted), osm-controller-b5bd66db-t4k8d (Terminating): replaced pod(s) left behind; delete them with kubectl delete pod -n arc-osm-system NAME if you like'],
    });
  });

  it('names the kind of a single leftover once even with two healthy replicas', () => {
    const r = runOne(OSM002, changed((o) => void copyOf(o, 'osm-controller', 'osm-controller-b5bd66db-q7r2x'), { base: 'guide-healthy' }));
    expect(r.message).toBe('osm-controller-b5bd66db-wvl9w READY 1/1 Running, 0 restarts; osm-controller-b5bd66db-q7r2x READY 1/1 Running, 0 restarts; the Evicted pod beside them (osm-controller-b5bd66db-wglzl) is fine: a healthy replica replaced it');
  });

  it('fails when only the Evicted pod is left, with its evidence and no per-pod object', () => {
    expect(exact(runOne(OSM002, changed((o) => without(o, 'Pod', 'osm-controller-b5bd66db-wvl9w'), { base: 'guide-healthy' })))).toEqual({
      status: 'fail',
      message: 'no osm-controller pod is running: only replaced pods are left (osm-controller-b5bd66db-wglzl Evicted)',
      evidence: [{ ref: 'v1/Pod arc-osm-system/osm-controller-b5bd66db-wglzl', path: 'status.containerStatuses', observed: 'READY 0/1 Evicted, 0 restarts', expected: 'READY 1/1 Running' }],
      remediation: { text: failingText.controller, commands: ['kubectl describe deployment osm-controller -n arc-osm-system', 'kubectl get events -n arc-osm-system --sort-by=.lastTimestamp'] },
      notes: undefined,
      fixes: [],
      findings: ['fail -'],
    });
  });

  it('fails without pods, telling a Deployment that cannot create them from a missing one', () => {
    expect(exact(runOne(OSM002, changed((o) => without(o, 'Pod', podOf(o, 'osm-controller').metadata.name))))).toEqual({
      status: 'fail',
      message: 'no osm-controller pods in arc-osm-system: its Deployment cannot create pods',
      evidence: [{ ref: 'v1/Pod arc-osm-system', path: 'pods with label app=osm-controller', observed: 'none', expected: 'at least one pod READY 1/1 Running' }],
      remediation: {
        text: "Find out why the osm-controller Deployment has no pods (its ReplicaSet's FailedCreate events name the reason: quota, admission policy, missing service account), or restore the Deployment (OSM001).",
        commands: ['kubectl describe deployment osm-controller -n arc-osm-system', 'kubectl get events -n arc-osm-system --sort-by=.lastTimestamp'],
      },
    });
    const gone = runOne(OSM002, changed((o) => o.filter((x) => !(x.metadata.labels?.app === 'osm-controller' && (x.kind === 'Pod' || x.kind === 'Deployment')))));
    expect(gone.message).toBe('no osm-controller pods in arc-osm-system: the osm-controller Deployment itself is missing (see OSM001)');
    expect(gone.remediation?.text).toContain('or restore the Deployment (OSM001).');
    const injector = runOne(OSM006, changed((o) => without(o, 'Pod', podOf(o, 'osm-injector').metadata.name)));
    expect(injector.remediation?.text).toBe("Find out why the osm-injector Deployment has no pods (its ReplicaSet's FailedCreate events name the reason: quota, admission policy, missing service account), or restore the Deployment (OSM005).");
  });

  it('fails on the crash-looping injector, without the control-plane prefix, with the waiting detail', () => {
    expect(exact(runOne(OSM006, changed((o) => crashLoop(podOf(o, 'osm-injector'), 'osm-injector', 9, 'OOMKilled'))))).toEqual({
      status: 'fail',
      message: 'osm-injector-5986c57765-vlsdk READY 0/1 CrashLoopBackOff, 9 restarts, last terminated OOMKilled.',
      evidence: [{
        ref: 'v1/Pod arc-osm-system/osm-injector-5986c57765-vlsdk',
        path: 'status.containerStatuses',
        observed: 'READY 0/1 CrashLoopBackOff, 9 restarts (container osm-injector: CrashLoopBackOff, last terminated OOMKilled: back-off 1m20s restarting failed container=osm-injector pod=osm-injector-5986c57765-vlsdk_arc-osm-system(979a071f-a3f9-4c2d-9a1c-979a071fa3f9))',
        expected: 'READY 1/1 Running',
      }],
      remediation: {
        text: failingText.injector,
        commands: ['kubectl describe pod osm-injector-5986c57765-vlsdk -n arc-osm-system', 'kubectl logs -n arc-osm-system -l app=osm-injector', 'kubectl logs -n arc-osm-system -l app=osm-injector -c osm-injector --previous'],
      },
      notes: undefined,
      fixes: [],
      findings: ['fail Pod osm-injector-5986c57765-vlsdk'],
    });
  });

  it('fails on the crash-looping controller with the prefix, the log evidence and its meaning', () => {
    const o = base();
    const pod = podOf(o, 'osm-controller');
    crashLoop(pod, 'osm-controller', 4);
    const log = logFixture('controller-unknown-flag.log');
    const r = runOne(OSM002, snapshotOf(o, { logs: [logOf(pod, 'osm-controller', log, true)] }));
    expect(r.message).toBe('the OSM control plane is failing: osm-controller-7d5b9c6f48-k2vjp READY 0/1 CrashLoopBackOff, 4 restarts, last terminated Error. The log says: the image does not accept the flag --cert-manager-issuer-name its chart passes: the image and the chart are from different OSM releases (upgrade or reinstall the extension so they match).');
    expect(r.evidence[1]).toEqual({ ref: 'v1/Pod arc-osm-system/osm-controller-7d5b9c6f48-k2vjp', path: 'logs (container osm-controller, last 2 lines)', observed: log.trimEnd() });
    expect(r.evidence).toHaveLength(2);
    expect(r.remediation?.text).toBe(failingText.controller);
  });

  it('says nothing about a waiting reason a not-ready pod does not have', () => {
    const r = runOne(OSM006, changed((o) => {
      const pod = podOf(o, 'osm-injector');
      pod.status.conditions.find((c: { type: string }) => c.type === 'Ready').status = 'False';
      pod.status.containerStatuses[0].ready = false;
    }));
    expect(r.message).toBe('osm-injector-5986c57765-vlsdk READY 0/1 Running, 0 restarts.');
    expect(r.evidence.map((e) => e.observed)).toEqual(['READY 0/1 Running, 0 restarts']);
    expect(r.remediation?.commands).toEqual(['kubectl describe pod osm-injector-5986c57765-vlsdk -n arc-osm-system', 'kubectl logs -n arc-osm-system -l app=osm-injector']);
  });

  it('adds the scheduler message to an unschedulable pod', () => {
    const r = runOne(OSM006, changed((o) => {
      podOf(o, 'osm-injector').status = { phase: 'Pending', qosClass: 'Burstable', conditions: [{ type: 'PodScheduled', status: 'False', reason: 'Unschedulable', message: '0/3 nodes are available: 3 Insufficient cpu.' }] };
    }));
    expect(r.evidence.map((e) => e.observed)).toEqual(['READY 0/1 Pending, 0 restarts; 0/3 nodes are available: 3 Insufficient cpu.']);
  });

  it('warns on an Envoy sidecar in the controller and offers to take the namespace out of the mesh', () => {
    const r = runOne(OSM002, changed((o) => {
      addContainer(podOf(o, 'osm-controller'), 'envoy', ENVOY);
      joined(o);
    }));
    expect(exact(r)).toMatchObject({
      status: 'warn',
      message: `osm-controller-7d5b9c6f48-k2vjp runs sidecar container(s) envoy (${ENVOY}) beside osm-controller: the OSM controller does not work properly with sidecars attached`,
      evidence: [{ ref: 'v1/Pod arc-osm-system/osm-controller-7d5b9c6f48-k2vjp', path: 'spec.containers', observed: 'osm-controller, envoy', expected: 'osm-controller' }],
      remediation: {
        text: besideText('osm-controller'),
        commands: [
          'kubectl get namespace arc-osm-system --show-labels',
          'kubectl label namespace arc-osm-system openservicemesh.io/monitored-by-',
          'kubectl annotate namespace arc-osm-system openservicemesh.io/sidecar-injection-',
          'kubectl rollout restart deployment osm-controller -n arc-osm-system',
        ],
      },
      findings: ['warn Pod osm-controller-7d5b9c6f48-k2vjp'],
    });
    expect(r.fixes).toEqual([
      {
        title: 'Remove the mesh label/annotation from namespace arc-osm-system',
        target: { apiVersion: 'v1', kind: 'Namespace', name: 'arc-osm-system' },
        patchType: 'merge',
        patch: { metadata: { labels: { 'openservicemesh.io/monitored-by': null }, annotations: { 'openservicemesh.io/sidecar-injection': null } } },
      },
      {
        title: 'Restart Deployment arc-osm-system/osm-controller so its pods are re-created without the Envoy sidecar',
        target: { apiVersion: 'apps/v1', kind: 'Deployment', namespace: 'arc-osm-system', name: 'osm-controller' },
        patchType: 'strategic',
        patch: { spec: { template: { metadata: { annotations: { 'kubectl.kubernetes.io/restartedAt': '2026-11-26T12:00:00Z' } } } } },
        notUndoable: 'a restart cannot be undone (the old pods are gone); --undo leaves it as it is',
        waitFor: 'the rollout of Deployment arc-osm-system/osm-controller (kubectl rollout status deployment osm-controller -n arc-osm-system, or fix --wait)',
      },
    ]);
  });

  it('recognises Envoy by image alone, and offers no fix for the injector', () => {
    const r = runOne(OSM006, changed((o) => {
      addContainer(podOf(o, 'osm-injector'), 'proxy', ENVOY);
      joined(o);
    }));
    expect(r.status).toBe('warn');
    expect(r.remediation?.commands).toEqual([
      'kubectl get namespace arc-osm-system --show-labels',
      'kubectl label namespace arc-osm-system openservicemesh.io/monitored-by-',
      'kubectl annotate namespace arc-osm-system openservicemesh.io/sidecar-injection-',
      'kubectl rollout restart deployment osm-injector -n arc-osm-system',
    ]);
    expect(r.fixes).toEqual([]);
  });

  it('warns on a non-Envoy sidecar with only the restart, and no fix', () => {
    const r = runOne(OSM006, changed((o) => addContainer(podOf(o, 'osm-injector'), 'linkerd-proxy', 'cr.l5d.io/linkerd/proxy:stable-2.14.1')));
    expect(exact(r)).toEqual({
      status: 'warn',
      message: 'osm-injector-5986c57765-vlsdk runs sidecar container(s) linkerd-proxy (cr.l5d.io/linkerd/proxy:stable-2.14.1) beside osm-injector: the OSM injector does not work properly with sidecars attached',
      evidence: [{ ref: 'v1/Pod arc-osm-system/osm-injector-5986c57765-vlsdk', path: 'spec.containers', observed: 'osm-injector, linkerd-proxy', expected: 'osm-injector' }],
      remediation: { text: besideText('osm-injector'), commands: ['kubectl get namespace arc-osm-system --show-labels', 'kubectl rollout restart deployment osm-injector -n arc-osm-system'] },
      notes: undefined,
      fixes: [],
      findings: ['warn Pod osm-injector-5986c57765-vlsdk'],
    });
  });

  it('takes a Fluent Bit image under another name as the chart\'s logger for the controller, not for the injector', () => {
    expect(runOne(OSM002, changed((o) => addContainer(podOf(o, 'osm-controller'), 'logger', 'fluent/fluent-bit:1.6.4'))).status).toBe('pass');
    expect(runOne(OSM002, changed((o) => addContainer(podOf(o, 'osm-controller'), 'logger', 'fluent/fluent-bit@sha256:0a1b'))).status).toBe('pass');
    expect(runOne(OSM002, changed((o) => addContainer(podOf(o, 'osm-controller'), 'logger', 'example.com/fluent-bit-exporter:1.0'))).status).toBe('warn');
    expect(runOne(OSM006, changed((o) => addContainer(podOf(o, 'osm-injector'), 'logger', 'fluent/fluent-bit:1.6.4'))).status).toBe('warn');
    // A bare `-` in a hand-made snapshot's container list is no container, so no sidecar.
    const withNull = runOne(OSM002, changed((o) => void podOf(o, 'osm-controller').spec.containers.push(null)));
    expect([withNull.status, withNull.message]).toEqual(['pass', 'osm-controller-7d5b9c6f48-k2vjp READY 1/1 Running, 0 restarts']);
  });
});
