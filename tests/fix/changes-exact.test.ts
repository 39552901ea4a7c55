// src/fix/changes.ts exactly: which fixes are planned (status, opt-ins, Secrets, duplicates), each change's path,
// content type, existence and resourceVersion, the body and query sent, and the kubectl equivalent shown.
import { describe, expect, it } from 'vitest';
import type { ClusterFixAction, FixAction } from '../../src/checks/define.js';
import { describeTarget, kubectlEquivalent, objectKey, objectPath, patchBody, patchQuery, plannedChanges, rootCauseFirst } from '../../src/fix/changes.js';
import type { KubeObject } from '../../src/snapshot/objects.js';
import { snapshotOf } from '../helpers/check-harness.js';

const nsTarget = { apiVersion: 'v1', kind: 'Namespace', name: 'bookstore' };
const deployTarget = { apiVersion: 'apps/v1', kind: 'Deployment', namespace: 'arc-osm-system', name: 'osm-controller' };
const label: ClusterFixAction = { title: 'unlabel', target: nsTarget, patchType: 'merge', patch: { metadata: { labels: { x: null } } } };
const restart: ClusterFixAction = { title: 'restart', target: deployTarget, patchType: 'strategic', patch: { spec: { template: { metadata: { annotations: { r: '1' } } } } } };
const crd: ClusterFixAction = { title: 'crd', target: { apiVersion: 'apiextensions.k8s.io/v1', kind: 'CustomResourceDefinition', name: 'trafficsplits.split.smi-spec.io' }, patchType: 'apply', patch: { kind: 'CustomResourceDefinition' } };
const objects: KubeObject[] = [
  { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'bookstore', resourceVersion: '11' } },
  { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'osm-controller', namespace: 'arc-osm-system', resourceVersion: '22' } },
  { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'osm-controller', namespace: 'other', resourceVersion: '33' } },
];
const result = (id: string, status: string, fixes?: FixAction[], suppressed = false) => ({ id, status, suppressed, fixes });
const plan = (results: ReturnType<typeof result>[], optIns?: Set<string>, objs = objects) => plannedChanges({ results } as never, snapshotOf(objs), optIns);

describe('plannedChanges', () => {
  it('each change addressed exactly: path, content type, existed, the plan resourceVersion (namespace-scoped lookup)', () => {
    expect(plan([result('OSM013', 'fail', [label, restart, crd])])).toEqual([
      { checkId: 'OSM013', alsoFor: [], action: label, path: '/api/v1/namespaces/bookstore', contentType: 'application/merge-patch+json', existed: true, resourceVersion: '11' },
      { checkId: 'OSM013', alsoFor: [], action: restart, path: '/apis/apps/v1/namespaces/arc-osm-system/deployments/osm-controller', contentType: 'application/strategic-merge-patch+json', existed: true, resourceVersion: '22' },
      { checkId: 'OSM013', alsoFor: [], action: crd, path: '/apis/apiextensions.k8s.io/v1/customresourcedefinitions/trafficsplits.split.smi-spec.io', contentType: 'application/apply-patch+yaml', existed: false, resourceVersion: undefined },
    ]);
  });

  it('an object the snapshot lacks is planned as existing (no version) for a patch; an unknown kind has no path', () => {
    const json: ClusterFixAction = { title: 'j', target: { apiVersion: 'example.com/v1', kind: 'Widget', name: 'w' }, patchType: 'json', patch: [] };
    expect(plan([result('X', 'warn', [label, json])], undefined, [])).toEqual([
      { checkId: 'X', alsoFor: [], action: label, path: '/api/v1/namespaces/bookstore', contentType: 'application/merge-patch+json', existed: true, resourceVersion: undefined },
      { checkId: 'X', alsoFor: [], action: json, path: undefined, contentType: 'application/json-patch+json', existed: true, resourceVersion: undefined },
    ]);
    expect(plan([result('X', 'fail', [{ ...label, target: { ...nsTarget, namespace: 'ignored' } }])])[0].resourceVersion).toBe('11');
    const present = { apiVersion: 'apiextensions.k8s.io/v1', kind: 'CustomResourceDefinition', metadata: { name: 'trafficsplits.split.smi-spec.io', resourceVersion: '4' } };
    expect(plan([result('OSM015', 'fail', [crd])], undefined, [present]).map((c) => [c.existed, c.resourceVersion])).toEqual([[true, '4']]);
  });

  it('skips suppressed, skip, error and passing results, ARM fixes and Secrets; opt-ins only when named, even on pass', () => {
    const optIn = { ...label, title: 'reset', optIn: 'spec.traffic.enableEgress', patch: { spec: { traffic: { enableEgress: true } } } };
    const secret: ClusterFixAction = { title: 's', target: { apiVersion: 'v1', kind: 'Secret', namespace: 'arc-osm-system', name: 'osm-ca-bundle' }, patchType: 'merge', patch: {} };
    const arm: FixAction = { kind: 'arm', title: 'a', requests: [] };
    const results = [result('A', 'fail', [label], true), result('B', 'skip', [label]), result('C', 'error', [label]), result('D', 'pass', [label, optIn]), result('E', 'fail', [arm, secret]), result('F', 'fail')];
    expect(plan(results)).toEqual([]);
    expect(plan(results, new Set(['spec.traffic.enableEgress'])).map((c) => [c.checkId, c.action.title])).toEqual([['D', 'reset']]);
    expect(plan([result('G', 'fail', [optIn])], new Set(['other']))).toEqual([]);
  });

  it('the same change from several checks is planned once, each other check listed once, never the owner', () => {
    const copy = { ...label, title: 'same change, other title' };
    const out = plan([result('OSM013', 'fail', [label, label]), result('OSM002', 'fail', [copy]), result('OSM002', 'warn', [label]), result('OSM001', 'fail', [{ ...label, patchType: 'strategic' }])]);
    expect(out.map((c) => [c.checkId, c.alsoFor, c.action.patchType])).toEqual([['OSM013', ['OSM002'], 'merge'], ['OSM001', [], 'strategic']]);
  });

  it('root causes first; without causes the catalog order stays', () => {
    const results = [result('OSM002', 'fail', [restart]), result('OSM013', 'fail', [label])];
    expect(plannedChanges({ results, causes: [{ root: 'OSM013', consequences: ['OSM002'] }] } as never, snapshotOf(objects)).map((c) => c.checkId)).toEqual(['OSM013', 'OSM002']);
    expect(rootCauseFirst({ results } as never).map((r) => r.id)).toEqual(['OSM002', 'OSM013']);
  });
});

describe('the write', () => {
  it('patchBody: JSON patches replace the version first; other kinds keep their metadata and add it', () => {
    const json: ClusterFixAction = { ...label, patchType: 'json', patch: [{ op: 'remove', path: '/metadata/labels/x' }] };
    expect(patchBody(json, '7')).toEqual([{ op: 'replace', path: '/metadata/resourceVersion', value: '7' }, { op: 'remove', path: '/metadata/labels/x' }]);
    expect(patchBody(json, undefined)).toBe(json.patch);
    expect(patchBody(restart, '8')).toEqual({ spec: { template: { metadata: { annotations: { r: '1' } } } }, metadata: { resourceVersion: '8' } });
    expect(patchBody(label, '9')).toEqual({ metadata: { labels: { x: null }, resourceVersion: '9' } });
    expect(label.patch).toEqual({ metadata: { labels: { x: null } } });
  });

  it('patchQuery: dryRun=All on a dry run; a server-side apply names arcdoctor and forces; nothing else', () => {
    expect([patchQuery(label, true), patchQuery(label, false), patchQuery(crd, true), patchQuery(crd, false)]).toEqual(['?dryRun=All', '', '?dryRun=All&fieldManager=arcdoctor&force=true', '?fieldManager=arcdoctor&force=true']);
  });

  it('objectPath: core and grouped, namespaced (default namespace when none) and cluster-scoped, names encoded', () => {
    expect(objectPath({ apiVersion: 'v1', kind: 'Pod', name: 'a b' })).toBe('/api/v1/namespaces/default/pods/a%20b');
    expect(objectPath({ apiVersion: 'v1', kind: 'Pod', namespace: 'x/y', name: 'p' })).toBe('/api/v1/namespaces/x%2Fy/pods/p');
    expect(objectPath({ apiVersion: 'admissionregistration.k8s.io/v1', kind: 'MutatingWebhookConfiguration', name: 'arc-osm-webhook-osm' })).toBe('/apis/admissionregistration.k8s.io/v1/mutatingwebhookconfigurations/arc-osm-webhook-osm');
    expect(objectPath({ apiVersion: 'v1', kind: 'Namespace', namespace: 'ignored', name: 'n' })).toBe('/api/v1/namespaces/n');
    expect(objectPath({ apiVersion: 'example.com/v1', kind: 'Widget', name: 'w' })).toBeUndefined();
  });

  it('describeTarget and objectKey, with and without a namespace', () => {
    expect([describeTarget(deployTarget), describeTarget(nsTarget)]).toEqual(['apps/v1/Deployment arc-osm-system/osm-controller', 'v1/Namespace bookstore']);
    expect([objectKey(deployTarget), objectKey(nsTarget)]).toEqual(['apps/v1/Deployment/arc-osm-system/osm-controller', 'v1/Namespace//bookstore']);
  });

  it('kubectlEquivalent: patch with the resource.group, -n, the type and the quoted patch; apply as a heredoc', () => {
    const c = (action: ClusterFixAction) => ({ checkId: 'X', alsoFor: [], action, contentType: '', existed: true });
    expect(kubectlEquivalent(c(restart))).toBe(`kubectl patch deployment.apps osm-controller -n arc-osm-system --type=strategic -p '{"spec":{"template":{"metadata":{"annotations":{"r":"1"}}}}}'`);
    expect(kubectlEquivalent(c({ ...label, patch: { metadata: { annotations: { note: "it's" } } } }))).toBe(`kubectl patch namespace bookstore --type=merge -p '{"metadata":{"annotations":{"note":"it'\\''s"}}}'`);
    expect(kubectlEquivalent(c(crd))).toBe(`kubectl apply --server-side --force-conflicts --field-manager=arcdoctor -f - <<'EOF'\n{"kind":"CustomResourceDefinition"}\nEOF`);
  });
});
