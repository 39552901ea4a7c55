// Each fixable check's FixAction, exactly: target, patch type and patch, built from the evidence (issue #14).
import type { ClusterFixAction, FixAction } from '../../src/checks/define.js';
const clusterFixes = (r: { fixes?: FixAction[] }) => r.fixes as ClusterFixAction[] | undefined;
import { describe, expect, it } from 'vitest';
import OSM002 from '../../src/checks/osm/OSM002-controller-pods.js';
import OSM010 from '../../src/checks/osm/OSM010-webhook-services.js';
import OSM011 from '../../src/checks/osm/OSM011-webhook-ca-bundles.js';
import OSM012 from '../../src/checks/osm/OSM012-mesh-config.js';
import OSM013 from '../../src/checks/osm/OSM013-namespace-membership.js';
import OSM015 from '../../src/checks/osm/OSM015-smi-crds.js';
import OSM016 from '../../src/checks/osm/OSM016-envoy-image.js';
import { SMI_MANIFESTS } from '../../src/checks/osm/smi-manifests.js';
import { patchBody, plannedChanges } from '../../src/fix/changes.js';
import { runChecks } from '../../src/engine/run.js';
import { AREA_DEFINITIONS, CHECKS } from '../../src/checks/registry.js';
import { loadSnapshot } from '../../src/sources/snapshot-files.js';
import type { KubeObject } from '../../src/snapshot/objects.js';
import { NOW, runOne, snapshotOf } from '../helpers/check-harness.js';

const healthy = () => structuredClone([...loadSnapshot('examples/osm-healthy').objects()]);
const find = (o: KubeObject[], kind: string, name: string) => o.find((x) => x.kind === kind && x.metadata.name === name)!;
const RESTARTED = { spec: { template: { metadata: { annotations: { 'kubectl.kubernetes.io/restartedAt': '2026-11-26T12:00:00Z' } } } } };
const fixesOf = (r: { fixes?: FixAction[] }) => clusterFixes(r)?.map((f) => ({ target: f.target, patchType: f.patchType, patch: f.patch }));

describe('fix actions', () => {
  it('OSM010 replaces the webhook clientConfig with the release service, keeping the caBundle', () => {
    const o = healthy();
    const hook = find(o, 'MutatingWebhookConfiguration', 'arc-osm-webhook-osm').webhooks[0];
    const caBundle = hook.clientConfig.caBundle;
    hook.clientConfig.service = { name: 'osm-injector', namespace: 'osm-system', port: 443, path: '/mutate' };
    const r = runOne(OSM010, snapshotOf(o));
    expect(r.status).toBe('fail');
    expect(fixesOf(r)).toEqual([
      {
        target: { apiVersion: 'admissionregistration.k8s.io/v1', kind: 'MutatingWebhookConfiguration', name: 'arc-osm-webhook-osm' },
        patchType: 'json',
        patch: [{ op: 'replace', path: '/webhooks/0/clientConfig', value: { caBundle, service: { name: 'osm-injector', namespace: 'arc-osm-system', port: 9090, path: '/mutate-pod-creation' } } }],
      },
    ]);
  });

  it('OSM010 offers no fix when the configuration is right but its Service is missing', () => {
    const o = healthy().filter((x) => !(x.kind === 'Service' && x.metadata.name === 'osm-injector'));
    const r = runOne(OSM010, snapshotOf(o));
    expect(r.status).toBe('fail');
    expect(r.fixes).toEqual([]);
  });

  it('OSM011 restarts the owner once when the caBundle is gone, and says a restart is not undoable', () => {
    const o = healthy();
    delete find(o, 'MutatingWebhookConfiguration', 'arc-osm-webhook-osm').webhooks[0].clientConfig.caBundle;
    const r = runOne(OSM011, snapshotOf(o));
    expect(fixesOf(r)).toEqual([{ target: { apiVersion: 'apps/v1', kind: 'Deployment', namespace: 'arc-osm-system', name: 'osm-injector' }, patchType: 'strategic', patch: RESTARTED }]);
    expect(clusterFixes(r)?.[0].notUndoable).toBe('a restart cannot be undone (the old pods are gone); --undo leaves it as it is');
  });

  it('OSM012 sets a mistyped key to its boolean, and offers non-default resets only as opt-ins', () => {
    const o = healthy();
    const mc = find(o, 'MeshConfig', 'osm-mesh-config');
    mc.spec.featureFlags.enableWASMStats = 'false';
    mc.spec.traffic.enableEgress = false;
    const r = runOne(OSM012, snapshotOf(o));
    expect(r.status).toBe('fail');
    const target = { apiVersion: 'config.openservicemesh.io/v1alpha2', kind: 'MeshConfig', namespace: 'arc-osm-system', name: 'osm-mesh-config' };
    expect(clusterFixes(r)?.map((f) => [f.optIn, f.target, f.patchType, f.patch])).toEqual([
      [undefined, target, 'merge', { spec: { featureFlags: { enableWASMStats: false } } }],
      ['spec.traffic.enableEgress', target, 'merge', { spec: { traffic: { enableEgress: true } } }],
    ]);
    const report = runChecks(snapshotOf(o), { checks: CHECKS, areas: AREA_DEFINITIONS, selected: new Set(['OSM012']), suppressions: [], failOn: 'fail', now: NOW, target: { kind: 'snapshot', name: 't' }, version: 't' });
    expect(plannedChanges(report, snapshotOf(o)).map((c) => c.action.patch)).toEqual([{ spec: { featureFlags: { enableWASMStats: false } } }]);
    expect(plannedChanges(report, snapshotOf(o), new Set(['spec.traffic.enableEgress'])).length).toBe(2);
  });

  it('OSM015 server-side applies the bundled CRD of the installed release', () => {
    const o = healthy().filter((x) => !(x.kind === 'CustomResourceDefinition' && x.metadata.name === 'trafficsplits.split.smi-spec.io'));
    const r = runOne(OSM015, snapshotOf(o));
    expect(clusterFixes(r)?.map((f) => [f.target, f.patchType])).toEqual([[{ apiVersion: 'apiextensions.k8s.io/v1', kind: 'CustomResourceDefinition', name: 'trafficsplits.split.smi-spec.io' }, 'apply']]);
    expect(clusterFixes(r)?.[0].patch).toEqual(SMI_MANIFESTS['1.2'].crds.find((c) => c.file === 'smi_traffic_split.yaml')!.manifest);
    expect(clusterFixes(r)?.[0].title).toBe('Create CRD trafficsplits.split.smi-spec.io from OSM release-v1.2 (smi_traffic_split.yaml, openservicemesh/osm@826510089218), serving v1alpha2');
    expect(clusterFixes(r)?.[0].notUndoable).toContain('kubectl delete crd trafficsplits.split.smi-spec.io');
  });

  it('OSM002 and OSM013 take arc-osm-system out of the mesh, then restart osm-controller', () => {
    const o = healthy();
    const ns = find(o, 'Namespace', 'arc-osm-system');
    ns.metadata.labels = { ...ns.metadata.labels, 'openservicemesh.io/monitored-by': 'osm' };
    o.find((x) => x.kind === 'Pod' && x.metadata.name.startsWith('osm-controller-'))!.spec.containers.push({ name: 'envoy', image: 'mcr.microsoft.com/oss/envoyproxy/envoy:v1.25.6' });
    const expected = [
      { target: { apiVersion: 'v1', kind: 'Namespace', name: 'arc-osm-system' }, patchType: 'merge', patch: { metadata: { labels: { 'openservicemesh.io/monitored-by': null } } } },
      { target: { apiVersion: 'apps/v1', kind: 'Deployment', namespace: 'arc-osm-system', name: 'osm-controller' }, patchType: 'strategic', patch: RESTARTED },
    ];
    expect(fixesOf(runOne(OSM013, snapshotOf(o)))).toEqual(expected);
    expect(fixesOf(runOne(OSM002, snapshotOf(o)))).toEqual(expected);
  });

  it('OSM016 restarts the Deployment whose pods run a drifted Envoy image', () => {
    const o = structuredClone([...loadSnapshot('examples/osm-half-joined-namespace').objects()]);
    const pod = o.find((x) => x.kind === 'Pod' && x.spec?.containers?.some((c: { name: string }) => c.name === 'envoy'));
    if (!pod) throw new Error('fixture: no meshed pod');
    pod.spec.containers.find((c: { name: string }) => c.name === 'envoy').image = 'mcr.microsoft.com/oss/envoyproxy/envoy:v1.19.3';
    const r = runOne(OSM016, snapshotOf(o));
    expect(r.status).toBe('warn');
    const owner = r.findings?.[0].object;
    expect(fixesOf(r)).toEqual([{ target: { apiVersion: 'apps/v1', kind: 'Deployment', namespace: owner?.namespace, name: owner?.name }, patchType: 'strategic', patch: RESTARTED }]);
  });

  it('every write carries the plan resourceVersion: a JSON patch replaces it first, the others set metadata', () => {
    const json = { title: 't', target: { apiVersion: 'v1', kind: 'Namespace', name: 'n' }, patchType: 'json' as const, patch: [{ op: 'add', path: '/a', value: 1 }] };
    expect(patchBody(json, '42')).toEqual([{ op: 'replace', path: '/metadata/resourceVersion', value: '42' }, { op: 'add', path: '/a', value: 1 }]);
    const merge = { ...json, patchType: 'merge' as const, patch: { metadata: { labels: { a: null } } } };
    expect(patchBody(merge, '42')).toEqual({ metadata: { labels: { a: null }, resourceVersion: '42' } });
    expect(patchBody(merge, undefined)).toEqual({ metadata: { labels: { a: null } } });
  });
});

describe('the plan applies root causes first', () => {
  it('orders each root before what it explains, then the unlinked results, catalog order within each', async () => {
    const { rootCauseFirst } = await import('../../src/fix/changes.js');
    const result = (id: string) => ({ id }) as never;
    const report = {
      results: [result('OSM001'), result('OSM002'), result('OSM009'), result('OSM013'), result('OSM016')],
      causes: [{ root: 'OSM013', consequences: ['OSM002', 'OSM001'], why: 'arc-osm-system joined the mesh' }],
    } as never;
    expect(rootCauseFirst(report).map((r: { id: string }) => r.id)).toEqual(['OSM013', 'OSM002', 'OSM001', 'OSM009', 'OSM016']);
  });

  it('plans the sidecar-in-control-plane example with OSM013 leading, the controller restart after it', () => {
    const snap = loadSnapshot('examples/osm-sidecar-in-control-plane');
    const report = runChecks(snap, { checks: CHECKS, areas: AREA_DEFINITIONS, selected: new Set(CHECKS.map((c) => c.id)), suppressions: [], failOn: 'fail', now: NOW, target: { kind: 'snapshot', name: 'x' }, version: 'test' });
    const plan = plannedChanges(report, snap);
    // In catalog order OSM002 would lead and OSM013 ride along; the root proposes the change, its consequence shares it.
    expect(plan.map((c) => [c.checkId, c.alsoFor, c.action.target.kind, c.action.target.name])).toEqual([
      ['OSM013', ['OSM002'], 'Namespace', 'arc-osm-system'],
      ['OSM013', ['OSM002'], 'Deployment', 'osm-controller'],
    ]);
  });
});
