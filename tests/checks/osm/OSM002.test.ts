import { describe, expect, it } from 'vitest';
import OSM002 from '../../../src/checks/osm/OSM002-controller-pods.js';
import { clone, runOne, snapshotOf, type KubeObject } from '../../helpers/check-harness.js';
import { base, changed, crashLoop, find, logFixture, logOf, podOf, without } from './control-plane-fixtures.js';

function addContainer(pod: KubeObject, name: string, image: string): void {
  pod.spec.containers.push({ name, image });
  pod.status.containerStatuses.push({ name, image, ready: true, restartCount: 0, started: true, state: { running: { startedAt: '2026-11-20T09:13:05Z' } } });
}

function secondReplica(o: KubeObject[]): KubeObject {
  const pod = clone(podOf(o, 'osm-controller'));
  pod.metadata.name = 'osm-controller-7d5b9c6f48-z8w4n';
  o.push(pod);
  return pod;
}

const valid = [
  { it: 'passes on the healthy Arc OSM v1.2.6 control plane', snap: () => changed(() => {}), message: 'osm-controller-7d5b9c6f48-k2vjp READY 1/1 Running, 0 restarts' },
  { it: 'passes on the healthy Arc OSM v1.1.1 control plane', snap: () => changed(() => {}, { base: 'healthy-v1.1' }), message: 'READY 1/1 Running' },
  { it: 'passes on the healthy Arc OSM v1.0.0 control plane', snap: () => changed(() => {}, { base: 'healthy-v1.0' }), message: 'READY 1/1 Running' },
  {
    it: "passes on the guide's output, saying the Evicted pod beside the healthy one is fine",
    snap: () => changed(() => {}, { base: 'guide-healthy' }),
    message: 'osm-controller-b5bd66db-wvl9w READY 1/1 Running, 0 restarts; the Evicted pod beside it (osm-controller-b5bd66db-wglzl) is fine',
  },
  {
    it: "passes when the chart's own fluentbit-logger container runs beside the controller (osm.enableFluentbit)",
    snap: () => changed((o) => addContainer(podOf(o, 'osm-controller'), 'fluentbit-logger', 'fluent/fluent-bit:1.6.4')),
    message: 'READY 2/2 Running',
  },
];

const invalid = [
  {
    it: 'fails when the only controller pod is READY 0/1 CrashLoopBackOff, with restarts and the log tail',
    snap: () => {
      const o = base();
      const pod = podOf(o, 'osm-controller');
      crashLoop(pod, 'osm-controller', 4);
      return snapshotOf(o, { logs: [logOf(pod, 'osm-controller', logFixture('controller-unknown-flag.log'), true)] });
    },
    status: 'fail',
    message: 'the OSM control plane is failing: osm-controller-7d5b9c6f48-k2vjp READY 0/1 CrashLoopBackOff, 4 restarts',
    evidence: 'unknown flag: --cert-manager-issuer-name',
    command: 'kubectl logs -n arc-osm-system -l app=osm-controller -c osm-controller --previous',
  },
  {
    it: 'fails when the only pod left is Evicted',
    snap: () => changed((o) => without(o, 'Pod', 'osm-controller-b5bd66db-wvl9w'), { base: 'guide-healthy' }),
    status: 'fail',
    message: 'only replaced pods are left (osm-controller-b5bd66db-wglzl Evicted)',
    command: 'kubectl describe deployment osm-controller -n arc-osm-system',
  },
  {
    it: 'fails when there are no controller pods at all',
    snap: () => changed((o) => without(o, 'Pod', podOf(o, 'osm-controller').metadata.name)),
    status: 'fail',
    message: 'no osm-controller pods in arc-osm-system',
    command: 'kubectl get events -n arc-osm-system --sort-by=.lastTimestamp',
  },
  {
    it: 'warns when an Envoy sidecar is attached to the controller (READY 2/2)',
    snap: () => changed((o) => addContainer(podOf(o, 'osm-controller'), 'envoy', 'mcr.microsoft.com/oss/envoyproxy/envoy:v1.26.7')),
    status: 'warn',
    message: 'runs sidecar container(s) envoy (mcr.microsoft.com/oss/envoyproxy/envoy:v1.26.7) beside osm-controller',
    command: 'kubectl annotate namespace arc-osm-system openservicemesh.io/sidecar-injection-',
  },
  {
    it: 'warns when a second replica crash-loops beside a healthy one',
    snap: () => changed((o) => crashLoop(secondReplica(o), 'osm-controller', 7, 'OOMKilled')),
    status: 'warn',
    message: 'osm-controller-7d5b9c6f48-z8w4n READY 0/1 CrashLoopBackOff, 7 restarts, last terminated OOMKilled beside a healthy replica',
    command: 'kubectl describe pod osm-controller-7d5b9c6f48-z8w4n -n arc-osm-system',
  },
];

describe('OSM002 an osm-controller pod is READY and Running, without sidecars', () => {
  for (const c of valid) {
    it(c.it, () => {
      const r = runOne(OSM002, c.snap());
      expect(r.status, r.message).toBe('pass');
      expect(r.message).toContain(c.message);
    });
  }
  for (const c of invalid) {
    it(c.it, () => {
      const r = runOne(OSM002, c.snap());
      expect(r.status, r.message).toBe(c.status);
      expect(r.message).toContain(c.message);
      expect(r.remediation?.commands).toContain(c.command);
      if (c.evidence) expect(r.evidence.map((e) => String(e.observed)).join('\n')).toContain(c.evidence);
    });
  }

  it('names the finding by pod so one pod can be suppressed', () => {
    const r = runOne(OSM002, changed((o) => crashLoop(secondReplica(o), 'osm-controller')));
    expect(r.findings?.[0].object).toMatchObject({ kind: 'Pod', namespace: 'arc-osm-system', name: 'osm-controller-7d5b9c6f48-z8w4n' });
  });

  it('does not crash on pods without status', () => {
    const r = runOne(OSM002, changed((o) => void delete find(o, 'Pod', podOf(o, 'osm-controller').metadata.name).status));
    expect(r.status).toBe('fail');
    expect(r.message).toContain('READY 0/1');
  });
});
