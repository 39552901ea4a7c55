// Ways real clusters differ from the healthy fixtures (found in review): each case would have caught a false alarm
// or an imprecise message the checks used to give.
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { CHECKS } from '../../../src/checks/registry.js';
import { clone, fixtureObjects, runOne, snapshotOf, type KubeObject } from '../../helpers/check-harness.js';
import { edited, meshBase, namespace, podOfApp } from './mesh-fixtures.js';
import { withoutSidecar } from './mesh-fixtures.js';

const OSM = CHECKS.filter((c) => c.area === 'osm');
const byId = (id: string) => OSM.find((c) => c.id === id)!;
const neighbours = () => fixtureObjects(fileURLToPath(new URL('../../fixtures/osm/neighbours', import.meta.url)));
const NS = 'arc-osm-system';

function statuses(objects: KubeObject[]): string[] {
  const snap = snapshotOf(objects);
  return OSM.map((c) => `${c.id} ${runOne(c, snap).status}`);
}

function controllerPod(o: KubeObject[]): KubeObject {
  return o.find((x) => x.kind === 'Pod' && x.metadata.namespace === NS && x.metadata.labels?.app === 'osm-controller')!;
}

/** A second ReplicaSet's pod the kubelet is still starting: Running, never restarted, not yet ready. */
function startingPod(o: KubeObject[]): KubeObject {
  const pod = clone(controllerPod(o));
  pod.metadata.name = 'osm-controller-6c8f7d9b54-qz7lm';
  pod.metadata.labels!['pod-template-hash'] = '6c8f7d9b54';
  pod.status.conditions = pod.status.conditions.map((c: { type: string }) => (c.type === 'Ready' || c.type === 'ContainersReady' ? { ...c, status: 'False', reason: 'ContainersNotReady' } : c));
  for (const cs of pod.status.containerStatuses) cs.ready = false;
  o.push(pod);
  return pod;
}

/** The Deployment as the API reports it mid-rollout (maxSurge 1): 2 pods, 1 updated, the old one still serving. */
function rollingOut(o: KubeObject[]): void {
  const dep = o.find((x) => x.kind === 'Deployment' && x.metadata.name === 'osm-controller')!;
  dep.metadata.generation = 2;
  dep.status = {
    observedGeneration: 2, replicas: 2, updatedReplicas: 1, readyReplicas: 1, availableReplicas: 1, unavailableReplicas: 1,
    conditions: [
      { type: 'Available', status: 'True', reason: 'MinimumReplicasAvailable', message: 'Deployment has minimum availability.' },
      { type: 'Progressing', status: 'True', reason: 'ReplicaSetUpdated', message: 'ReplicaSet "osm-controller-6c8f7d9b54" is progressing.' },
    ],
  };
}

describe('OSM area on clusters that are not the Arc extension', () => {
  it('skips every OSM check for an upstream OSM installed in osm-system without the Arc extension', () => {
    const o = meshBase('healthy-v1.1');
    for (const x of o) if (x.metadata.namespace === NS) x.metadata.namespace = 'osm-system';
    namespace(o, NS).metadata.name = 'osm-system';
    const results = OSM.map((c) => runOne(c, snapshotOf(o)));
    expect(results.map((r) => r.status)).toEqual(OSM.map(() => 'skip'));
    expect(results[0].message).toContain('no arc-osm-system namespace and no microsoft.openservicemesh extension');
  });
});

describe('OSM checks beside unrelated workloads and webhooks (gatekeeper, metallb)', () => {
  it('passes all sixteen checks', () => {
    expect(statuses([...meshBase(), ...neighbours()])).toEqual(OSM.map((c) => `${c.id} pass`));
  });

  it('OSM009 fails once per OSM configuration when both are gone but gatekeeper keeps its own', () => {
    const o = [...meshBase(), ...neighbours()].filter((x) => !(x.kind.endsWith('WebhookConfiguration') && !x.metadata.name.startsWith('gatekeeper')));
    const r = runOne(byId('OSM009'), snapshotOf(o));
    expect(r.status).toBe('fail');
    expect(r.findings).toHaveLength(2);
  });

  it('OSM009 ends in error when the snapshot holds no webhook configuration of either kind (made without them)', () => {
    const r = runOne(byId('OSM009'), edited((o) => o.filter((x) => !x.kind.endsWith('WebhookConfiguration'))));
    expect(r.status).toBe('error');
    expect(r.message).toContain('kubectl get validatingwebhookconfigurations,mutatingwebhookconfigurations -o yaml');
  });
});

describe('OSM002 during a rolling update of osm-controller', () => {
  it('passes with a note when the only unready pod is the rollout\'s new one, still starting', () => {
    const r = runOne(byId('OSM002'), edited((o) => {
      rollingOut(o);
      startingPod(o);
    }));
    expect(r.status).toBe('pass');
    expect(r.notes?.join()).toContain('osm-controller-6c8f7d9b54-qz7lm READY 0/1 Running, 0 restarts: new pod(s) of the rollout in progress');
    expect(r.notes?.join()).toContain('kubectl rollout status deployment osm-controller -n arc-osm-system');
  });

  it('still warns about the same unready pod when no rollout is under way', () => {
    const r = runOne(byId('OSM002'), edited((o) => void startingPod(o)));
    expect(r.status).toBe('warn');
    expect(r.message).toContain('osm-controller-6c8f7d9b54-qz7lm READY 0/1 Running, 0 restarts beside a healthy replica');
  });

  it('still warns when the rollout\'s new pod crash-loops', () => {
    const r = runOne(byId('OSM002'), edited((o) => {
      rollingOut(o);
      const cs = startingPod(o).status.containerStatuses[0];
      cs.restartCount = 3;
      cs.state = { waiting: { reason: 'CrashLoopBackOff' } };
    }));
    expect(r.status).toBe('warn');
    expect(r.message).toContain('CrashLoopBackOff, 3 restarts beside a healthy replica');
  });

  it('OSM001 passes meanwhile: READY counts against spec.replicas, not status.replicas', () => {
    const r = runOne(byId('OSM001'), edited((o) => rollingOut(o)));
    expect(r.status).toBe('pass');
  });
});

describe('mesh membership the way the injector webhook decides it', () => {
  function opsNamespace(o: KubeObject[], labels: Record<string, string>): KubeObject {
    const ns = clone(namespace(o, 'bookbuyer'));
    ns.metadata.name = 'ops';
    ns.metadata.labels = { ...ns.metadata.labels, 'kubernetes.io/metadata.name': 'ops', ...labels };
    const pod = withoutSidecar(clone(podOfApp(o, 'bookbuyer')));
    pod.metadata.namespace = 'ops';
    pod.metadata.name = 'tools-7676c7fcfb-m2x9d';
    pod.metadata.ownerReferences = [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'tools-7676c7fcfb', controller: true }];
    o.push(ns, pod);
    return ns;
  }

  it('OSM014 does not ask to restart pods of a namespace labelled control-plane, which the webhook never injects', () => {
    const snap = edited((o) => void opsNamespace(o, { 'control-plane': 'true' }));
    expect(runOne(byId('OSM014'), snap).status).toBe('pass');
    const r13 = runOne(byId('OSM013'), snap);
    expect(r13.status).toBe('pass');
    expect(r13.notes?.join()).toContain("ops carries the label control-plane, which the injector webhook's namespaceSelector excludes");
  });

  it('OSM014 still warns for the same namespace without the control-plane label', () => {
    const r = runOne(byId('OSM014'), edited((o) => void opsNamespace(o, {})));
    expect(r.status).toBe('warn');
    expect(r.message).toContain('Deployment ops/tools');
  });

  it('OSM013 notes, not warns, a labelled namespace whose pods opt in one by one', () => {
    const r = runOne(byId('OSM013'), edited((o) => {
      delete namespace(o, 'bookbuyer').metadata.annotations;
      const pod = podOfApp(o, 'bookbuyer');
      pod.metadata.annotations = { ...pod.metadata.annotations, 'openservicemesh.io/sidecar-injection': 'enabled' };
    }));
    expect(r.status).toBe('pass');
    expect(r.notes?.join()).toContain('bookbuyer is monitored by osm without the namespace annotation; its pods opt in one by one');
  });

  it.each(['OSM014', 'OSM016'])('%s ends in error when the snapshot holds no Namespace objects', (id) => {
    const r = runOne(byId(id), edited((o) => o.filter((x) => x.kind !== 'Namespace')));
    expect(r.status).toBe('error');
    expect(r.message).toContain('kubectl get namespaces -o yaml');
  });
});

describe('a deleted osm-injector Service, as the checks downstream of it see it', () => {
  const snap = () => edited((o) => o.filter((x) => !(x.metadata.name === 'osm-injector' && (x.kind === 'Service' || x.kind === 'Endpoints'))));

  it('OSM008 says the Service itself is missing, not that the healthy pod failed', () => {
    const r = runOne(byId('OSM008'), snap());
    expect(r.status).toBe('fail');
    expect(r.message).toBe('no endpoints for osm-injector: the osm-injector Service itself is missing (see OSM007), so nothing publishes the injector pods');
    expect(r.remediation?.commands).toContain('helm get manifest osm -n arc-osm-system | kubectl apply -n arc-osm-system -f -');
  });

  it('OSM010 says the webhook calls a Service that does not exist', () => {
    const r = runOne(byId('OSM010'), snap());
    expect(r.status).toBe('fail');
    expect(r.message).toContain('arc-osm-webhook-osm webhook osm-inject.k8s.io: the Service it calls, v1/Service arc-osm-system/osm-injector, does not exist');
  });

  it('OSM010 does not judge the Service when the snapshot holds no Services at all', () => {
    const r = runOne(byId('OSM010'), edited((o) => o.filter((x) => x.kind !== 'Service')));
    expect(r.status).toBe('pass');
  });
});

describe('OSM006 when the osm-injector Deployment itself is gone', () => {
  it('says the Deployment is missing rather than that it cannot create pods', () => {
    const r = runOne(byId('OSM006'), edited((o) => o.filter((x) => !(x.metadata.namespace === NS && x.metadata.labels?.app === 'osm-injector' && x.kind !== 'Service'))));
    expect(r.status).toBe('fail');
    expect(r.message).toBe('no osm-injector pods in arc-osm-system: the osm-injector Deployment itself is missing (see OSM005)');
  });
});
